/**
 * Run-time checks of every option object the SDK takes, so a mistake is a `TypeError` that names
 * the call, the option and what was received, before anything is spawned or sent. Each table lists
 * every option of one call: an unknown name is rejected too (a misspelt option would otherwise be
 * silently ignored). Internal: not exported from the package.
 */
import type { ApprovalsReviewer } from "../../generated/protocol.js";
import { isAbortSignal } from "../internal/abort.js";
import { LOG_LEVELS } from "../log-level.js";
import { describeValue, isPlainObject } from "../internal/values.js";
import { configToFlags } from "../transport/config-flags.js";
import { tokenProblem } from "../transport/bearer-token.js";
import { isTransport } from "../transport/open-transport.js";
import type { DaemonTransportOptions, UnixTransportOptions, WebSocketTransportOptions } from "../transport/remote-options.js";
import { checkWebSocketUrl } from "../transport/websocket-url.js";
import type {
  AccountReadOptions,
  ApprovalMode,
  CodexOptions,
  FindTurnOptions,
  GoalOptions,
  GoalUpdate,
  ModelListOptions,
  Sandbox,
  ThreadEventsOptions,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadReadOptions,
  ThreadResumeOptions,
  ThreadSearchOptions,
  ThreadStartOptions,
  TurnOptions,
} from "./options.js";
import type { TurnStreamOptions } from "./turn-events.js";

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

/** An array. */
export const array: Check = (v, w) => {
  if (!Array.isArray(v)) fail(w, "an array", v);
};

/** A non-negative integer. */
export const count: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isInteger(v) && v >= 0)) fail(w, "a non-negative integer", v);
};

/** A positive integer or null. */
export const positiveIntegerOrNull: Check = (v, w) => {
  if (v !== null) positiveInteger(v, w);
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

/** Any value JSON can carry (no function, symbol or bigint). */
export const jsonValue: Check = (v, w) => {
  if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") fail(w, "a JSON value", v);
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

/** `check`, and then that each of `keys` is present. */
export function required(check: Check, keys: readonly string[]): Check {
  return (v, w) => {
    check(v, w);
    const missing = keys.filter((key) => (v as Record<string, unknown>)[key] === undefined);
    if (missing.length > 0) fail(w, `an object with ${missing.map((key) => `\`${key}\``).join(" and ")}`, v);
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

const APPROVAL_MODES: readonly ApprovalMode[] = ["auto_review", "deny_all", "ask", "inherit"];
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

/** A bearer token or a function returning one; a message about it never quotes the token. */
const tokenSource: Check = (v, w) => {
  if (typeof v === "function") return;
  const problem = tokenProblem(v);
  if (problem !== undefined) throw new TypeError(`${w} must be a non-empty string without spaces, or a function returning one; got ${problem}.`);
};

/** Header names as HTTP allows them; values without line breaks. Values are never quoted (they may be secrets). */
const upgradeHeaders: Check = (v, w) => {
  object(v, w);
  for (const [name, value] of Object.entries(v as Record<string, unknown>)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new TypeError(`${w} has a header name that HTTP does not allow: ${JSON.stringify(name)}.`);
    if (typeof value !== "string" || /[\r\n\0]/.test(value)) {
      throw new TypeError(`${nested(w, name)} must be a string without line breaks, got ${typeof value === "string" ? "one with a line break" : describeValue(value)}.`);
    }
  }
};

const WEBSOCKET_TRANSPORT_CHECKS = {
  kind: oneOf(["websocket"]),
  url: nonEmptyString,
  token: tokenSource,
  headers: upgradeHeaders,
  connectTimeoutMs: positiveMs,
  allowInsecure: boolean,
  keepaliveIntervalMs: positiveMs,
  keepaliveTimeoutMs: positiveMs,
} satisfies { [K in keyof WebSocketTransportOptions]-?: Check };

const UNIX_TRANSPORT_CHECKS = { kind: oneOf(["unix"]), path: nonEmptyString } satisfies { [K in keyof UnixTransportOptions]-?: Check };

const DAEMON_TRANSPORT_CHECKS = {
  kind: oneOf(["daemon"]),
  codexBin: nonEmptyString,
  start: boolean,
} satisfies { [K in keyof DaemonTransportOptions]-?: Check };

const TRANSPORT_CHECKS: Readonly<Record<string, Readonly<Record<string, Check>>>> = {
  stdio: { kind: oneOf(["stdio"]) },
  websocket: WEBSOCKET_TRANSPORT_CHECKS,
  unix: UNIX_TRANSPORT_CHECKS,
  daemon: DAEMON_TRANSPORT_CHECKS,
};

/** The fields each transport kind cannot do without. */
const REQUIRED_TRANSPORT_FIELDS: Readonly<Record<string, readonly string[]>> = { websocket: ["url"], unix: ["path"] };

const transport: Check = (v, w) => {
  if (isPlainObject(v) && typeof v.kind === "string" && Object.hasOwn(TRANSPORT_CHECKS, v.kind)) {
    checkOptions(w, v, TRANSPORT_CHECKS[v.kind]!);
    for (const field of REQUIRED_TRANSPORT_FIELDS[v.kind] ?? []) {
      if (v[field] === undefined) throw new TypeError(`${w} of kind "${v.kind}" needs ${JSON.stringify(field)}.`);
    }
    if (v.kind === "websocket") {
      checkWebSocketUrl(v.url as string, v.allowInsecure === true, nested(w, "url"));
      const headerNames = Object.keys((v.headers as object | undefined) ?? {}).map((name) => name.toLowerCase());
      if (v.token !== undefined && headerNames.includes("authorization")) {
        throw new TypeError(`${w} has both a token and an Authorization header; the token is sent as Authorization: Bearer, so pass one of them.`);
      }
    }
    return;
  }
  const isObject = typeof v === "object" && v !== null;
  if (isObject && isTransport(v as never)) {
    const candidate = v as Record<string, unknown>;
    if (["attach", "send", "close"].every((name) => typeof candidate[name] === "function")) return;
  }
  throw new TypeError(
    `${w} must be { kind: "stdio" }, { kind: "websocket", url }, { kind: "unix", path }, { kind: "daemon" } or an object ` +
      `implementing Transport (attach, send, close), got ${describeValue(v)}${isPlainObject(v) && typeof v.kind === "string" ? ` of kind ${JSON.stringify(v.kind)}` : ""}.`,
  );
};

/** Options that describe a spawned runtime, and the remote kinds that cannot use them. */
const SPAWN_ONLY_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  websocket: ["codexBin", "cwd", "env", "replaceEnv", "config", "args"],
  unix: ["codexBin", "cwd", "env", "replaceEnv", "config", "args"],
  daemon: ["codexBin", "config", "args"],
};

/** The transport kinds a client can reconnect: servers it did not start, which outlive a dropped connection. */
const RECONNECTABLE_KINDS: ReadonlySet<unknown> = new Set(["websocket", "unix", "daemon"]);

/** Rejects options the chosen transport would silently ignore. */
function checkTransportFit(options: Record<string, unknown>): void {
  const kind = isPlainObject(options.transport) ? options.transport.kind : undefined;
  if (options.reconnect !== undefined && !RECONNECTABLE_KINDS.has(kind)) {
    throw new TypeError(
      'Codex option "reconnect" needs a { kind: "websocket" | "unix" | "daemon" } transport: a runtime the client spawns, ' +
        "or a Transport object, cannot be reconnected to (its state ends with it).",
    );
  }
  if (typeof kind !== "string") return;
  for (const name of SPAWN_ONLY_OPTIONS[kind] ?? []) {
    if (options[name] === undefined) continue;
    const instead =
      kind === "daemon"
        ? name === "codexBin"
          ? ' Pass it as the transport\'s own codexBin.'
          : " The daemon reads config.toml in its CODEX_HOME instead; -c flags do not reach it."
        : " Configure the server where it is started.";
    throw new TypeError(`Codex option ${JSON.stringify(name)} applies to a runtime the client spawns, not to a { kind: "${kind}" } transport.${instead}`);
  }
}

const config: Check = (v, w) => {
  object(v, w);
  // Encodes the overrides once, so a value TOML cannot carry fails here rather than at start.
  configToFlags(v as never);
};

/** A `Logger`: an object whose `debug`, `info`, `warn` and `error`, where given, are functions. */
export const logger: Check = (v, w) => {
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
  eventLog: required(shape({ maxEventsPerThread: positiveInteger }), ["maxEventsPerThread"]),
  reconnect: shape({ maxAttempts: positiveInteger, initialDelayMs: nonNegativeMs, maxDelayMs: nonNegativeMs }),
  logLevel: oneOf(LOG_LEVELS),
  trace: boolean,
} satisfies { [K in keyof CodexOptions]-?: Check };

/** Every option of each call with its check; `satisfies` keeps the tables in step with the generated params. */
const THREAD_START_CHECKS = {
  approvalMode,
  serverRequests,
  tools: array,
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
  tools: array,
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
  tools: array,
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

const THREAD_SEARCH_CHECKS = {
  searchTerm: nonEmptyString,
  archived: booleanOrNull,
  currentAccountOnly: boolean,
  cursor: stringOrNull,
  includeAttachedThreads: boolean,
  limit: countOrNull,
  sortDirection: stringOrNull,
  sortKey: stringOrNull,
  sourceKinds: stringArrayOrNull,
} satisfies { [K in keyof ThreadSearchOptions]-?: Check };

const GOAL_OPTIONS_CHECKS = { tokenBudget: positiveIntegerOrNull } satisfies { [K in keyof GoalOptions]-?: Check };

const GOAL_UPDATE_CHECKS = {
  ...GOAL_OPTIONS_CHECKS,
  objective: nonEmptyString,
  status: oneOf(["active", "paused", "blocked", "usageLimited", "budgetLimited", "complete"]),
} satisfies { [K in keyof GoalUpdate]-?: Check };

const THREAD_EVENTS_CHECKS = { after: count, signal: abortSignal } satisfies { [K in keyof ThreadEventsOptions]-?: Check };

const FIND_TURN_CHECKS = { maxTurns: positiveInteger } satisfies { [K in keyof FindTurnOptions]-?: Check };

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
  outputSchema: object,
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

const STREAM_CHECKS = { highWaterMark: positiveCount, gaps: boolean } satisfies { [K in keyof TurnStreamOptions]-?: Check };

/** Checks `CodexOptions`; throws a `TypeError` naming the option. */
export function checkCodexOptions(options: unknown): CodexOptions {
  if (options !== undefined && !isPlainObject(options)) {
    throw new TypeError(`Codex options must be an object, got ${describeValue(options)}.`);
  }
  const checked = checkOptions("Codex", options, CODEX_CHECKS);
  checkTransportFit(checked);
  return checked as CodexOptions;
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
/** Checks `threadSearch()` options; `searchTerm` is required. */
export function checkThreadSearchOptions(options: unknown): ThreadSearchOptions {
  if (!isPlainObject(options)) {
    throw new TypeError(`threadSearch() needs options with a searchTerm, e.g. { searchTerm: "invoice" }, got ${describeValue(options)}.`);
  }
  checkOptions("threadSearch()", options, THREAD_SEARCH_CHECKS);
  if (options.searchTerm === undefined) throw new TypeError('threadSearch() needs a searchTerm option, e.g. { searchTerm: "invoice" }.');
  return options as unknown as ThreadSearchOptions;
}
/** Checks `Thread.setGoal()` options. */
export const checkGoalOptions = checker<GoalOptions>("setGoal()", GOAL_OPTIONS_CHECKS);
/** Checks what `Thread.updateGoal()` changes. */
export const checkGoalUpdate = checker<GoalUpdate>("updateGoal()", GOAL_UPDATE_CHECKS);
/** Checks `Thread.events()` options. */
export const checkThreadEventsOptions = checker<ThreadEventsOptions>("events()", THREAD_EVENTS_CHECKS);
/** Checks `Thread.findTurnIdByClientUserMessageId()` options. */
export const checkFindTurnOptions = checker<FindTurnOptions>("findTurnIdByClientUserMessageId()", FIND_TURN_CHECKS);
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
