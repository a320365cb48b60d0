/**
 * Run-time checks of every option object the SDK takes, so a mistake is a `TypeError` that names
 * the call, the option and what was received, before anything is spawned or sent. Each table lists
 * every option of one call: an unknown name is rejected too (a misspelt option would otherwise be
 * silently ignored). Internal: not exported from the package.
 */
import type { ApprovalsReviewer } from "../../generated/protocol.js";
import { isAbortSignal } from "../internal/abort.js";
import { describeValue, isPlainObject } from "../internal/values.js";
import { configToFlags } from "../transport/config-flags.js";
import { isTransport } from "../transport/open-transport.js";
import type {
  AccountReadOptions,
  ApprovalMode,
  CodexOptions,
  ModelListOptions,
  Sandbox,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadReadOptions,
  ThreadResumeOptions,
  ThreadStartOptions,
  TurnOptions,
} from "./options.js";
import type { TurnStreamOptions } from "./turn-event-buffer.js";

/** Checks one option value; `where` names the call and option, e.g. `threadStart() option "model"`. */
export type Check = (value: unknown, where: string) => void;

function fail(where: string, expected: string, value: unknown): never {
  throw new TypeError(`${where} must be ${expected}, got ${describeValue(value)}.`);
}

/** Names a field inside an option: `Codex option "env"` and `HOME` give `Codex option "env.HOME"`. */
function nested(where: string, key: string | number): string {
  const suffix = typeof key === "number" ? `[${key}]` : `.${key}`;
  return where.endsWith('"') ? `${where.slice(0, -1)}${suffix}"` : `${where}${suffix}`;
}

/** A string. */
export const string: Check = (v, w) => {
  if (typeof v !== "string") fail(w, "a string", v);
};

/** A non-empty string (ids, names). */
export const nonEmptyString: Check = (v, w) => {
  if (typeof v !== "string" || v.length === 0) fail(w, "a non-empty string", v);
};

/** A string or null. */
export const stringOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "string") fail(w, "a string or null", v);
};

/** A boolean. */
export const boolean: Check = (v, w) => {
  if (typeof v !== "boolean") fail(w, "a boolean", v);
};

/** A boolean or null. */
export const booleanOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "boolean") fail(w, "a boolean or null", v);
};

/** A non-negative integer or null. */
export const countOrNull: Check = (v, w) => {
  if (v !== null && !(typeof v === "number" && Number.isInteger(v) && v >= 0)) {
    fail(w, "a non-negative integer or null", v);
  }
};

/** A positive number of milliseconds; `Infinity` (or anything beyond Node's timer limit) means "no limit". */
export const positiveMs: Check = (v, w) => {
  if (!(typeof v === "number" && v > 0)) fail(w, "a positive number of milliseconds (or Infinity)", v);
};

/** A non-negative finite number of milliseconds. */
export const nonNegativeMs: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isFinite(v) && v >= 0)) fail(w, "a non-negative number of milliseconds", v);
};

/** A positive integer. */
export const positiveInteger: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isInteger(v) && v > 0)) fail(w, "a positive integer", v);
};

/** A positive integer, or `Infinity`. */
export const positiveCount: Check = (v, w) => {
  if (!(typeof v === "number" && v > 0 && (Number.isInteger(v) || v === Infinity))) fail(w, "a positive integer (or Infinity)", v);
};

/** An array or null. */
export const arrayOrNull: Check = (v, w) => {
  if (v !== null && !Array.isArray(v)) fail(w, "an array or null", v);
};

/** An array of strings. */
export const stringArray: Check = (v, w) => {
  if (!Array.isArray(v)) fail(w, "an array of strings", v);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "string") fail(nested(w, i), "a string", v[i]);
  }
};

/** An array of strings or null. */
export const stringArrayOrNull: Check = (v, w) => {
  if (v !== null) stringArray(v, w);
};

/** A plain object. */
export const object: Check = (v, w) => {
  if (!isPlainObject(v)) fail(w, "an object", v);
};

/** A plain object or null. */
export const objectOrNull: Check = (v, w) => {
  if (v !== null && !isPlainObject(v)) fail(w, "an object or null", v);
};

/** A function. */
export const func: Check = (v, w) => {
  if (typeof v !== "function") fail(w, "a function", v);
};

/** An `AbortSignal`. */
export const abortSignal: Check = (v, w) => {
  if (!isAbortSignal(v)) fail(w, "an AbortSignal (controller.signal, not the controller)", v);
};

/** Any JSON value except undefined (e.g. an `outputSchema`). */
export const jsonValue: Check = (v, w) => {
  if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") fail(w, "a JSON value", v);
};

/** A `string | string[] | null` filter (e.g. `thread/list`'s `cwd`). */
export const stringOrStringArrayOrNull: Check = (v, w) => {
  if (v === null || typeof v === "string") return;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return;
  fail(w, "a string, an array of strings or null", v);
};

/** A string, an object or null (enums the server checks itself, and tagged objects). */
export const stringObjectOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "string" && !isPlainObject(v)) fail(w, "a string, an object or null", v);
};

/** One of the given string values. */
export function oneOf(values: readonly string[], nullable = false): Check {
  const list = values.map((x) => JSON.stringify(x)).join(", ");
  return (v, w) => {
    if (nullable && v === null) return;
    if (typeof v !== "string" || !values.includes(v)) fail(w, `one of ${list}${nullable ? " or null" : ""}`, v);
  };
}

/** An object whose every value passes `check` (e.g. `env`). */
export function recordOf(check: Check): Check {
  return (v, w) => {
    object(v, w);
    for (const [key, value] of Object.entries(v as Record<string, unknown>)) check(value, nested(w, key));
  };
}

/** An object checked against its own table of known fields. */
export function shape(checks: Readonly<Record<string, Check>>): Check {
  return (v, w) => void checkOptions(w, v, checks);
}

/**
 * Checks an options object against a table of known option names. Unknown names are rejected with
 * a list of the known ones. `undefined` and `null` (no options) pass.
 */
export function checkOptions(call: string, options: unknown, checks: Readonly<Record<string, Check>>): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (!isPlainObject(options)) throw new TypeError(`${call} options must be an object, got ${describeValue(options)}.`);
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined) continue;
    const check = Object.hasOwn(checks, key) ? checks[key] : undefined;
    if (check === undefined) {
      throw new TypeError(
        `${call} got an unknown option ${JSON.stringify(key)}. Known options: ${Object.keys(checks).sort().join(", ")}.`,
      );
    }
    check(value, `${call} option ${JSON.stringify(key)}`);
  }
  return options;
}

const APPROVAL_MODES: readonly ApprovalMode[] = ["auto_review", "deny_all", "ask"];
const SANDBOXES: readonly Sandbox[] = ["read-only", "workspace-write", "danger-full-access"];
const APPROVAL_POLICIES: readonly string[] = ["untrusted", "on-request", "never"];
const REVIEWERS: readonly ApprovalsReviewer[] = ["user", "auto_review", "guardian_subagent"];

const approvalMode = oneOf(APPROVAL_MODES);
const threadSandbox = oneOf(SANDBOXES, true);
const turnSandbox = oneOf(SANDBOXES);
const reviewer = oneOf(REVIEWERS, true);

const approvalPolicy: Check = (v, w) => {
  if (v === null) return;
  if (typeof v === "string" && APPROVAL_POLICIES.includes(v)) return;
  if (isPlainObject(v) && isPlainObject(v.granular)) return;
  fail(w, `one of ${APPROVAL_POLICIES.map((p) => JSON.stringify(p)).join(", ")}, a { granular: {...} } object or null`, v);
};

const transport: Check = (v, w) => {
  if (isPlainObject(v) && v.kind === "stdio" && Object.keys(v).length === 1) return;
  const isObject = typeof v === "object" && v !== null;
  if (isObject && isTransport(v as never)) {
    const candidate = v as Record<string, unknown>;
    if (["attach", "send", "close"].every((name) => typeof candidate[name] === "function")) return;
  }
  throw new TypeError(`${w} must be { kind: "stdio" } or an object implementing Transport (attach, send, close), got ${describeValue(v)}.`);
};

const config: Check = (v, w) => {
  object(v, w);
  // Encodes the overrides once, so a value TOML cannot carry fails here rather than at start.
  configToFlags(v as never);
};

const logger: Check = (v, w) => {
  object(v, w);
  for (const level of ["debug", "info", "warn", "error"]) {
    const method = (v as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== "function") fail(nested(w, level), "a function", method);
  }
};

const clientInfo = shape({ name: nonEmptyString, title: stringOrNull, version: nonEmptyString });
const clientInfoRequired: Check = (v, w) => {
  clientInfo(v, w);
  const info = v as { name?: unknown; version?: unknown };
  if (info.name === undefined || info.version === undefined) fail(w, "an object with string `name` and `version`", v);
};

const serverRequests = recordOf((v, w) => {
  if (v !== undefined) func(v, w);
});

const envValue: Check = (v, w) => {
  if (v !== undefined && typeof v !== "string") fail(w, "a string (or undefined to remove it)", v);
};

/** Every option of `Codex`. */
const CODEX_CHECKS = {
  transport,
  codexBin: nonEmptyString,
  cwd: nonEmptyString,
  env: recordOf(envValue),
  replaceEnv: boolean,
  config,
  args: stringArray,
  maxMessageBytes: positiveCount,
  clientInfo: clientInfoRequired,
  experimentalApi: boolean,
  optOutNotificationMethods: stringArray,
  requestTimeoutMs: positiveMs,
  maxInFlight: positiveCount,
  serverRequests,
  validate: oneOf(["off", "warn", "strict"]),
  requireAuth: boolean,
  logger,
} satisfies { [K in keyof CodexOptions]-?: Check };

/** Every option of each call with its check; `satisfies` keeps the tables in step with the generated params. */
const THREAD_START_CHECKS = {
  approvalMode,
  serverRequests,
  allowProviderModelFallback: boolean,
  approvalPolicy,
  approvalsReviewer: reviewer,
  baseInstructions: stringOrNull,
  config: objectOrNull,
  cwd: stringOrNull,
  daybreakEnabled: booleanOrNull,
  developerInstructions: stringOrNull,
  dynamicTools: arrayOrNull,
  environments: arrayOrNull,
  ephemeral: booleanOrNull,
  experimentalRawEvents: boolean,
  historyMode: stringOrNull,
  mockExperimentalField: stringOrNull,
  model: stringOrNull,
  modelProvider: stringOrNull,
  multiAgentMode: stringObjectOrNull,
  permissions: stringOrNull,
  personality: stringOrNull,
  projectId: stringOrNull,
  runtimeWorkspaceRoots: stringArrayOrNull,
  sandbox: threadSandbox,
  selectedCapabilityRoots: arrayOrNull,
  serviceName: stringOrNull,
  serviceTier: stringOrNull,
  sessionStartSource: stringOrNull,
  threadSource: stringOrNull,
} satisfies { [K in keyof ThreadStartOptions]-?: Check };

const THREAD_RESUME_CHECKS = {
  approvalMode,
  serverRequests,
  approvalPolicy,
  approvalsReviewer: reviewer,
  baseInstructions: stringOrNull,
  config: objectOrNull,
  cwd: stringOrNull,
  developerInstructions: stringOrNull,
  excludeTurns: boolean,
  history: arrayOrNull,
  initialTurnsPage: objectOrNull,
  model: stringOrNull,
  modelProvider: stringOrNull,
  path: stringOrNull,
  permissions: stringOrNull,
  personality: stringOrNull,
  runtimeWorkspaceRoots: stringArrayOrNull,
  sandbox: threadSandbox,
  serviceTier: stringOrNull,
} satisfies { [K in keyof ThreadResumeOptions]-?: Check };

const THREAD_FORK_CHECKS = {
  approvalMode,
  serverRequests,
  approvalPolicy,
  approvalsReviewer: reviewer,
  attachToSource: boolean,
  baseInstructions: stringOrNull,
  beforeTurnId: stringOrNull,
  config: objectOrNull,
  cwd: stringOrNull,
  deferGoalContinuation: boolean,
  developerInstructions: stringOrNull,
  ephemeral: boolean,
  excludeTurns: boolean,
  experimentalDisablePredictionMcp: boolean,
  experimentalPredictionMode: boolean,
  lastTurnId: stringOrNull,
  model: stringOrNull,
  modelProvider: stringOrNull,
  path: stringOrNull,
  permissions: stringOrNull,
  runtimeWorkspaceRoots: stringArrayOrNull,
  sandbox: threadSandbox,
  serviceTier: stringOrNull,
  threadSource: stringOrNull,
} satisfies { [K in keyof ThreadForkOptions]-?: Check };

const THREAD_LIST_CHECKS = {
  ancestorThreadId: stringOrNull,
  archived: booleanOrNull,
  attachedToThreadId: stringOrNull,
  currentAccountOnly: boolean,
  cursor: stringOrNull,
  cwd: stringOrStringArrayOrNull,
  excludedThreadIds: stringArrayOrNull,
  includeAttachedThreads: boolean,
  includedThreadIds: stringArrayOrNull,
  limit: countOrNull,
  modelProviders: stringArrayOrNull,
  originators: stringArrayOrNull,
  parentThreadId: stringOrNull,
  projectId: stringOrNull,
  searchTerm: stringOrNull,
  sectionId: stringOrNull,
  sortDirection: stringOrNull,
  sortKey: stringOrNull,
  sourceKinds: stringArrayOrNull,
  useStateDbOnly: boolean,
} satisfies { [K in keyof ThreadListOptions]-?: Check };

const MODEL_LIST_CHECKS = {
  cursor: stringOrNull,
  includeHidden: booleanOrNull,
  limit: countOrNull,
  modelProvider: stringOrNull,
} satisfies { [K in keyof ModelListOptions]-?: Check };

const ACCOUNT_READ_CHECKS = { refreshToken: boolean } satisfies { [K in keyof AccountReadOptions]-?: Check };

const THREAD_READ_CHECKS = { includeTurns: boolean } satisfies { [K in keyof ThreadReadOptions]-?: Check };

const TURN_CHECKS = {
  approvalMode,
  serverRequests,
  sandbox: turnSandbox,
  signal: abortSignal,
  idleTimeoutMs: positiveMs,
  additionalContext: objectOrNull,
  approvalPolicy,
  approvalsReviewer: reviewer,
  clientUserMessageId: stringOrNull,
  collaborationMode: objectOrNull,
  cwd: stringOrNull,
  cyberAccessProgram: stringOrNull,
  disabledPluginIds: stringArrayOrNull,
  effort: stringOrNull,
  environments: arrayOrNull,
  model: stringOrNull,
  multiAgentMode: stringObjectOrNull,
  outputSchema: jsonValue,
  parentTurnId: stringOrNull,
  permissions: stringOrNull,
  personality: stringOrNull,
  responsesapiClientMetadata: objectOrNull,
  responsesapiClientMetadataPatch: objectOrNull,
  rootTurnId: stringOrNull,
  runtimeWorkspaceRoots: stringArrayOrNull,
  sandboxPolicy: objectOrNull,
  serviceTier: stringOrNull,
  serviceTierForTurn: stringOrNull,
  summary: stringOrNull,
  toolOutput: objectOrNull,
  turnTrigger: stringOrNull,
} satisfies { [K in keyof TurnOptions]-?: Check };

const STREAM_CHECKS = { highWaterMark: positiveCount } satisfies { [K in keyof TurnStreamOptions]-?: Check };

/** Checks `CodexOptions`; throws a `TypeError` naming the option. */
export function checkCodexOptions(options: unknown): CodexOptions {
  if (options !== undefined && !isPlainObject(options)) {
    throw new TypeError(`Codex options must be an object, got ${describeValue(options)}.`);
  }
  return checkOptions("Codex", options, CODEX_CHECKS) as CodexOptions;
}

/** A checker of one call's options, typed as that call's option type. */
function checker<T>(call: string, checks: Readonly<Record<string, Check>>): (options: unknown) => T {
  return (options) => checkOptions(call, options, checks) as T;
}

/** Checks `threadStart()` options. */
export const checkThreadStartOptions = checker<ThreadStartOptions>("threadStart()", THREAD_START_CHECKS);
/** Checks `threadResume()` options. */
export const checkThreadResumeOptions = checker<ThreadResumeOptions>("threadResume()", THREAD_RESUME_CHECKS);
/** Checks `threadFork()` options. */
export const checkThreadForkOptions = checker<ThreadForkOptions>("threadFork()", THREAD_FORK_CHECKS);
/** Checks `threadList()` options. */
export const checkThreadListOptions = checker<ThreadListOptions>("threadList()", THREAD_LIST_CHECKS);
/** Checks `models()` options. */
export const checkModelListOptions = checker<ModelListOptions>("models()", MODEL_LIST_CHECKS);
/** Checks `account()` options. */
export const checkAccountReadOptions = checker<AccountReadOptions>("account()", ACCOUNT_READ_CHECKS);
/** Checks `Thread.read()` options. */
export const checkThreadReadOptions = checker<ThreadReadOptions>("read()", THREAD_READ_CHECKS);
/** Checks `turn()`/`run()` options. */
export const checkTurnOptions = checker<TurnOptions>("turn()", TURN_CHECKS);
/** Checks `TurnHandle.stream()` options. */
export const checkStreamOptions = checker<TurnStreamOptions>("stream()", STREAM_CHECKS);

/** Checks a thread id argument of `call`. */
export function checkThreadId(call: string, threadId: unknown): asserts threadId is string {
  if (typeof threadId !== "string" || threadId === "") {
    throw new TypeError(`${call} needs a thread id string (a Thread's \`id\`), got ${describeValue(threadId)}.`);
  }
}
