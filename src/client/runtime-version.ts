import type { InitializeResponse } from "../../generated/protocol.js";
import { CodexStartError } from "../errors.js";
import type { Logger } from "../logger.js";
import { MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION } from "../version.js";

/** The `initialize` result, plus the runtime version the server reported and the one the SDK pins. */
export interface CodexMetadata extends InitializeResponse {
  /** The runtime version the server reported in its user agent, e.g. `"0.171.0"`. */
  runtimeVersion: string;
  /** The runtime version this SDK pins, whose protocol schema its types and validator come from. */
  pinnedRuntimeVersion: string;
}

/**
 * Checks the runtime version an `initialize` result reports. A runtime older than the oldest
 * supported one (or one whose user agent has no version) is refused with `CodexStartError` kind
 * `"incompatible-runtime"`; one newer than the pin is accepted with one warning to `logger`.
 */
export function checkRuntimeVersion(initialize: InitializeResponse, logger: Logger): CodexMetadata {
  const version = parseRuntimeVersion(initialize.userAgent);
  if (version === undefined) {
    throw new CodexStartError(
      `The app-server's user agent "${initialize.userAgent}" carries no version, so its compatibility is unknown. ` +
        `Use the pinned runtime (@openai/codex ${PINNED_RUNTIME_VERSION}) or another from ${MIN_RUNTIME_VERSION} on.`,
      { kind: "incompatible-runtime" },
    );
  }
  if (compareVersions(version, MIN_RUNTIME_VERSION) < 0) {
    throw new CodexStartError(
      `The app-server is version ${version}, older than ${MIN_RUNTIME_VERSION}, the oldest this SDK supports. ` +
        `Remove the codexBin option to use the pinned runtime (${PINNED_RUNTIME_VERSION}), or upgrade the binary it points to.`,
      { kind: "incompatible-runtime" },
    );
  }
  if (compareVersions(version, PINNED_RUNTIME_VERSION) > 0) {
    logger.warn?.(
      `The app-server is version ${version}, newer than ${PINNED_RUNTIME_VERSION}, the runtime this SDK pins. ` +
        "It is expected to work; messages the pinned schema does not describe arrive untyped. " +
        "Upgrade the SDK for typed access, or remove codexBin to use the pinned runtime.",
      { runtimeVersion: version, pinnedRuntimeVersion: PINNED_RUNTIME_VERSION },
    );
  }
  return { ...initialize, runtimeVersion: version, pinnedRuntimeVersion: PINNED_RUNTIME_VERSION };
}

/**
 * Reads the runtime version from the `userAgent` that `initialize` returns, for example
 * `my_app/0.171.0 (Debian 12.0.0; x86_64) xterm (my_app; 1.0.0)`. Returns `undefined` when it has none.
 */
export function parseRuntimeVersion(userAgent: string): string | undefined {
  const match = /^[^/\s]+\/(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(userAgent);
  return match?.[1];
}

/** Compares two `major.minor.patch[-pre]` versions: negative, zero or positive like a sort comparator. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPrerelease(a);
  const [coreB, preB] = splitPrerelease(b);
  for (let i = 0; i < 3; i++) {
    const diff = (coreA[i] ?? 0) - (coreB[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

function splitPrerelease(version: string): [number[], string | undefined] {
  const dash = version.indexOf("-");
  const core = dash === -1 ? version : version.slice(0, dash);
  return [core.split(".").map((part) => Number.parseInt(part, 10) || 0), dash === -1 ? undefined : version.slice(dash + 1)];
}
