import { configToFlags } from "../transport/config-flags.js";
import type { CodexOptions } from "./options.js";
import { boolean, type Check, describeValue as describe, nonEmptyString, object, oneOf } from "./option-checks.js";

const validationMode = oneOf(["off", "warn", "strict"]);

/**
 * Rejects malformed `CodexOptions` with a `TypeError` that names the option, so a mistake fails in
 * the constructor instead of as a confusing server error later.
 */
export function checkCodexOptions(options: CodexOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`Codex options must be an object, got ${describe(options)}.`);
  }
  const { transport } = options;
  if (transport !== undefined) {
    const isTransport =
      typeof transport === "object" &&
      transport !== null &&
      "send" in transport &&
      typeof transport.send === "function" &&
      typeof transport.onMessage === "function" &&
      typeof transport.onClose === "function" &&
      typeof transport.close === "function";
    const isStdio = typeof transport === "object" && transport !== null && "kind" in transport && transport.kind === "stdio";
    if (!isTransport && !isStdio) {
      throw new TypeError(
        'options.transport must be { kind: "stdio" } or an object implementing Transport (send, onMessage, onClose, close).',
      );
    }
  }
  optional(nonEmptyString, options.codexBin, "codexBin");
  optional(nonEmptyString, options.cwd, "cwd");
  positive(options.requestTimeoutMs, "requestTimeoutMs", false);
  positive(options.maxInFlight, "maxInFlight", true);
  optional(validationMode, options.validate, "validate");
  optional(object, options.env, "env");
  if (options.env !== undefined) {
    for (const [key, value] of Object.entries(options.env)) {
      if (value !== undefined && typeof value !== "string") {
        throw new TypeError(`options.env.${key} must be a string (or undefined to remove it), got ${describe(value)}.`);
      }
    }
  }
  // Encodes the overrides once, so a value TOML cannot carry fails here rather than at start.
  if (options.config !== undefined) configToFlags(options.config);
  optional(boolean, options.replaceEnv, "replaceEnv");
  optional(boolean, options.experimentalApi, "experimentalApi");
  optional(boolean, options.requireAuth, "requireAuth");
  const optOut = options.optOutNotificationMethods;
  if (optOut !== undefined && (!Array.isArray(optOut) || optOut.some((method) => typeof method !== "string"))) {
    throw new TypeError(
      `options.optOutNotificationMethods must be an array of notification method names, e.g. ["item/agentMessage/delta"], got ${describe(optOut)}.`,
    );
  }
  if (options.logger !== undefined && (typeof options.logger !== "object" || options.logger === null)) {
    throw new TypeError(`options.logger must be an object with optional debug/info/warn/error methods, got ${describe(options.logger)}.`);
  }
  if (options.args !== undefined && (!Array.isArray(options.args) || options.args.some((arg) => typeof arg !== "string"))) {
    throw new TypeError("options.args must be an array of strings, e.g. [\"--strict-config\"].");
  }
  if (options.serverRequests !== undefined) {
    if (typeof options.serverRequests !== "object" || options.serverRequests === null) {
      throw new TypeError("options.serverRequests must map server request methods to handler functions.");
    }
    for (const [method, handler] of Object.entries(options.serverRequests)) {
      if (handler !== undefined && typeof handler !== "function") {
        throw new TypeError(`options.serverRequests["${method}"] must be a function, got ${describe(handler)}.`);
      }
    }
  }
  const info = options.clientInfo;
  if (
    info !== undefined &&
    (typeof info?.name !== "string" ||
      typeof info?.version !== "string" ||
      (info.title !== undefined && info.title !== null && typeof info.title !== "string"))
  ) {
    throw new TypeError("options.clientInfo needs string `name` and `version` fields (and `title`, if given, a string or null).");
  }
}

/** Runs `check` on an option that is set. */
function optional(check: Check, value: unknown, name: string): void {
  if (value !== undefined) check(value, `options.${name}`);
}

function positive(value: unknown, name: string, integer: boolean): void {
  if (value === undefined) return;
  const ok = typeof value === "number" && value > 0 && (value === Infinity || !integer || Number.isInteger(value));
  if (!ok) {
    throw new TypeError(`options.${name} must be a positive ${integer ? "integer" : "number"} (or Infinity), got ${describe(value)}.`);
  }
}
