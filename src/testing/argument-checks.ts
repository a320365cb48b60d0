/**
 * Run-time checks of the testing kit's arguments, so a mistake in a test's setup is a `TypeError`
 * that names the call and the argument, rather than a mock that answers something else or a
 * crash deep inside a request. Internal: not exported from the entry.
 */
import {
  boolean,
  checkOptions,
  func,
  jsonValue,
  nonEmptyString,
  object,
  oneOf,
  recordOf,
  string,
  type Check,
} from "../client/option-checks.js";
import { describeValue, isPlainObject } from "../internal/values.js";
import { configToFlags } from "../transport/config-flags.js";

function fail(where: string, expected: string, value: unknown): never {
  throw new TypeError(`${where} must be ${expected}, got ${describeValue(value)}.`);
}

const port: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 65_535)) fail(w, "a port number (0-65535; 0 picks a free one)", v);
};

const count: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 0)) fail(w, "a non-negative integer", v);
};

const milliseconds: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isFinite(v) && v >= 0)) fail(w, "a non-negative number of milliseconds", v);
};

const httpStatus: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 400 && v <= 599)) fail(w, "an HTTP error status (400-599)", v);
};

const textOrDeltas: Check = (v, w) => {
  if (typeof v === "string") return;
  if (Array.isArray(v) && v.every((delta) => typeof delta === "string")) return;
  fail(w, "a string or an array of string deltas", v);
};

const outputJson: Check = (v, w) => {
  if (typeof v !== "function") jsonValue(v, w);
};

const config: Check = (v, w) => {
  object(v, w);
  // Encoded once here, so a value TOML cannot carry fails now rather than when the server starts.
  configToFlags(v as never);
};

const env = recordOf((v, w) => {
  if (v !== undefined && typeof v !== "string") fail(w, "a string (or undefined to remove it)", v);
});

/** A running mock: what the harness and the provider configuration use of it. */
const runningMock: Check = (v, w) => {
  const candidate = v as { url?: unknown; close?: unknown };
  if (typeof v !== "object" || v === null || typeof candidate.url !== "string" || typeof candidate.close !== "function") {
    fail(w, "a running mock from startMockResponses()", v);
  }
};

/** An options object: absent, or a plain object whose every option is known and valid. */
function options(call: string, value: unknown, checks: Readonly<Record<string, Check>>): void {
  if (value !== undefined && !isPlainObject(value)) fail(`${call} options`, "an object", value);
  checkOptions(call, value, checks);
}

/** Like {@link options}, for an object that may carry more than the call reads: only the fields it reads are checked. */
function fields(call: string, value: unknown, checks: Readonly<Record<string, Check>>): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) fail(`${call} options`, "an object", value);
  for (const [key, check] of Object.entries(checks)) {
    if (value[key] !== undefined) check(value[key], `${call} option ${JSON.stringify(key)}`);
  }
}

function argument(call: string, name: string, value: unknown, check: Check): void {
  check(value, `${call} ${name}`);
}

const MOCK_OPTIONS = { reviewVerdict: oneOf(["allow", "deny"]), outputJson, defaultText: string, handler: func, port };
const mockOptions: Check = (v, w) => options(w, v, MOCK_OPTIONS);

const APPROVAL_POLICY = oneOf(["never", "on-request", "on-failure"]);
const SANDBOX = oneOf(["read-only", "workspace-write", "danger-full-access"]);
const PROVIDER_OPTIONS = { model: nonEmptyString, approvalPolicy: APPROVAL_POLICY, sandbox: SANDBOX, config };

const HARNESS_OPTIONS = {
  ...PROVIDER_OPTIONS,
  mock: runningMock,
  mockOptions,
  env,
  egressTrap: boolean,
  strictConfig: boolean,
  parentDir: nonEmptyString,
};

const usage: Check = (v, w) =>
  options(w, v, {
    inputTokens: count,
    cachedInputTokens: count,
    outputTokens: count,
    reasoningOutputTokens: count,
    totalTokens: count,
  });

const STREAM_OPTIONS = { delayMs: milliseconds, reasoning: string, usage };
const REVIEW_OPTIONS = {
  riskLevel: oneOf(["low", "medium", "high", "critical"]),
  userAuthorization: oneOf(["unknown", "low", "medium", "high"]),
  rationale: string,
};
const EXEC_OPTIONS = {
  sandboxPermissions: oneOf(["use_default", "require_escalated"]),
  justification: string,
  workdir: nonEmptyString,
  login: boolean,
  extra: object,
  ...STREAM_OPTIONS,
};

const PATCH_CHANGE_FIELDS: Readonly<Record<string, Readonly<Record<string, Check>>>> = {
  add: { type: string, path: nonEmptyString, content: string },
  delete: { type: string, path: nonEmptyString },
  update: { type: string, path: nonEmptyString, oldText: string, newText: string, moveTo: nonEmptyString },
};

const patchChange: Check = (v, w) => {
  const type = isPlainObject(v) ? v.type : undefined;
  const fieldChecks = typeof type === "string" ? PATCH_CHANGE_FIELDS[type] : undefined;
  if (fieldChecks === undefined) fail(w, 'a change object of type "add", "delete" or "update"', v);
  options(w, v, fieldChecks);
  for (const name of Object.keys(fieldChecks)) {
    if (name !== "moveTo" && (v as Record<string, unknown>)[name] === undefined) fail(`${w} field ${JSON.stringify(name)}`, "set", undefined);
  }
};

/** Patch text, one change, or an array of changes. */
const patchChanges: Check = (v, w) => {
  if (typeof v === "string") return;
  if (Array.isArray(v)) v.forEach((change, i) => patchChange(change, `${w}[${i}]`));
  else patchChange(v, w);
};

const optionalString: Check = (v, w) => {
  if (v !== undefined) string(v, w);
};
const optionalCount: Check = (v, w) => {
  if (v !== undefined) count(v, w);
};
const optionalHeaders: Check = (v, w) => {
  if (v !== undefined) recordOf(string)(v, w);
};

/** Checks `startMockResponses(options)`. */
export function checkMockResponsesArguments(value: unknown): void {
  options("startMockResponses()", value, MOCK_OPTIONS);
}

/** Checks `createOfflineHarness(options)`. */
export function checkOfflineHarnessArguments(value: unknown): void {
  options("createOfflineHarness()", value, HARNESS_OPTIONS);
}

/** Checks `mockProviderConfig(mock, options)`; `options` may be a whole harness options object. */
export function checkProviderConfigArguments(mock: unknown, value: unknown): void {
  const call = "mockProviderConfig()";
  if (typeof mock !== "object" || mock === null) fail(`${call} mock`, "a mock (or an object with its url)", mock);
  argument(call, "mock.url", (mock as { url?: unknown }).url, nonEmptyString);
  fields(call, value, PROVIDER_OPTIONS);
}

/** Checks of the `reply` builders' arguments, one per builder. */
export const replyArguments = {
  text(text: unknown, streamOptions: unknown): void {
    argument("reply.text()", "text", text, textOrDeltas);
    options("reply.text()", streamOptions, STREAM_OPTIONS);
  },
  stream(deltas: unknown, streamOptions: unknown): void {
    argument("reply.stream()", "count", deltas, count);
    options("reply.stream()", streamOptions, STREAM_OPTIONS);
  },
  reasoning(summary: unknown, text: unknown, streamOptions: unknown): void {
    argument("reply.reasoning()", "summary", summary, string);
    argument("reply.reasoning()", "text", text, string);
    options("reply.reasoning()", streamOptions, { delayMs: milliseconds, usage });
  },
  json(value: unknown, streamOptions: unknown): void {
    argument("reply.json()", "value", value, jsonValue);
    options("reply.json()", streamOptions, STREAM_OPTIONS);
  },
  review(verdict: unknown, reviewOptions: unknown): void {
    argument("reply.review()", "verdict", verdict, oneOf(["allow", "deny"]));
    options("reply.review()", reviewOptions, REVIEW_OPTIONS);
  },
  exec(cmd: unknown, execOptions: unknown): void {
    argument("reply.exec()", "cmd", cmd, nonEmptyString);
    options("reply.exec()", execOptions, EXEC_OPTIONS);
  },
  toolCall(name: unknown, args: unknown, toolOptions: unknown): void {
    argument("reply.toolCall()", "name", name, nonEmptyString);
    argument("reply.toolCall()", "args", args, object);
    options("reply.toolCall()", toolOptions, { ...STREAM_OPTIONS, namespace: nonEmptyString });
  },
  customToolCall(name: unknown, input: unknown, streamOptions: unknown): void {
    argument("reply.customToolCall()", "name", name, nonEmptyString);
    argument("reply.customToolCall()", "input", input, string);
    options("reply.customToolCall()", streamOptions, STREAM_OPTIONS);
  },
  patch(changes: unknown, streamOptions: unknown): void {
    argument("reply.patch()", "changes", changes, patchChanges);
    options("reply.patch()", streamOptions, STREAM_OPTIONS);
  },
  failed(message: unknown, code: unknown): void {
    argument("reply.failed()", "message", message, string);
    argument("reply.failed()", "code", code, optionalString);
  },
  http(status: unknown, message: unknown, headers: unknown): void {
    argument("reply.http()", "status", status, httpStatus);
    argument("reply.http()", "message", message, optionalString);
    argument("reply.http()", "headers", headers, optionalHeaders);
  },
  /** `reply.stall()` and `reply.break()`. */
  ending(call: "reply.stall()" | "reply.break()", text: unknown, afterDeltas: unknown, streamOptions: unknown): void {
    argument(call, "text", text, string);
    argument(call, "afterDeltas", afterDeltas, optionalCount);
    options(call, streamOptions, STREAM_OPTIONS);
  },
};
