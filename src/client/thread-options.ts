import type {
  ApprovalsReviewer,
  AskForApproval,
  SandboxMode,
  SandboxPolicy,
  ThreadForkParams,
  ThreadListParams,
  ThreadResumeParams,
  ThreadStartParams,
  TurnStartParams,
} from "../../generated/protocol.js";
import { normalizeInput, type RunInput } from "./inputs.js";
import {
  arrayOrNull,
  boolean,
  booleanOrNull,
  type Check,
  checkOptions,
  countOrNull,
  jsonValue,
  nonEmptyString,
  objectOrNull,
  oneOf,
  positiveMs,
  stringArrayOrNull,
  stringObjectOrNull,
  stringOrNull,
  stringOrStringArrayOrNull,
} from "./option-checks.js";

/**
 * Who decides when the agent asks for approval (to run a command outside the sandbox, write a
 * file, ...):
 * - `"auto_review"`: the server's automatic reviewer decides; no request reaches the client
 *   (`approvalPolicy: "on-request"`, `approvalsReviewer: "auto_review"`). The default of `threadStart`.
 * - `"deny_all"`: never ask; anything that would need approval is refused (`approvalPolicy: "never"`).
 * - `"ask"`: ask the client: approval requests reach the `serverRequests` handlers of the `Codex`
 *   options, and the fail-closed default declines them when no handler is set
 *   (`approvalPolicy: "on-request"`, `approvalsReviewer: "user"`).
 */
export type ApprovalMode = "auto_review" | "deny_all" | "ask";

/**
 * The sandbox the agent's commands run in, by the wire's `SandboxMode` names: `"read-only"`,
 * `"workspace-write"` or `"danger-full-access"`. Sent as `sandbox` on threads and as the
 * equivalent `sandboxPolicy` object on turns.
 */
export type Sandbox = SandboxMode;

/**
 * Options of `Codex.threadStart()`: the `thread/start` params, camelCase as on the wire, plus
 * `approvalMode`. The preset (default `"auto_review"`) fills `approvalPolicy` and
 * `approvalsReviewer` where they are not given explicitly.
 */
export interface ThreadStartOptions extends ThreadStartParams {
  /** Approval preset; explicit `approvalPolicy`/`approvalsReviewer` win over it. Default `"auto_review"`. */
  approvalMode?: ApprovalMode;
}

/**
 * Options of `Codex.threadResume()`: the `thread/resume` params without `threadId`. Nothing is
 * sent unless given, so the server keeps the thread's stored settings.
 */
export interface ThreadResumeOptions extends Omit<ThreadResumeParams, "threadId"> {
  /** Approval preset for the resumed thread; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
}

/**
 * Options of `Codex.threadFork()`: the `thread/fork` params without `threadId`. Nothing is sent
 * unless given, so the fork keeps the source thread's settings.
 */
export interface ThreadForkOptions extends Omit<ThreadForkParams, "threadId"> {
  /** Approval preset for the fork; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
}

/** Options of `Codex.threadList()`: the `thread/list` params (filters, `limit`, `cursor` for paging). */
export interface ThreadListOptions extends ThreadListParams {}

/**
 * Options of `Thread.turn()` and `Thread.run()`: the `turn/start` params without `threadId` and
 * `input`, plus `approvalMode`, `sandbox`, `signal` and `idleTimeoutMs`. Nothing is sent unless
 * given; the server keeps settings given on a turn for the thread's later turns.
 */
export interface TurnOptions extends Omit<TurnStartParams, "threadId" | "input"> {
  /** Approval preset for this and later turns; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
  /** Sandbox for this and later turns, sent as the matching `sandboxPolicy` (an explicit `sandboxPolicy` wins). */
  sandbox?: Sandbox;
  /** Aborting interrupts the turn, then rejects `run()`/`stream()` with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Rejects `run()`/`stream()` with `TurnTimeoutError` when the turn sends no event for this many
   * milliseconds (e.g. after an `error` notification with `willRetry: false` and no completion).
   * Off by default.
   */
  idleTimeoutMs?: number;
}

const APPROVAL_MODES: readonly ApprovalMode[] = ["auto_review", "deny_all", "ask"];
const SANDBOXES: readonly Sandbox[] = ["read-only", "workspace-write", "danger-full-access"];
const APPROVAL_POLICIES: readonly string[] = ["untrusted", "on-request", "never"];
const REVIEWERS: readonly ApprovalsReviewer[] = ["user", "auto_review", "guardian_subagent"];

const approvalModeCheck = oneOf(APPROVAL_MODES);
const threadSandboxCheck = oneOf(SANDBOXES, true);
const turnSandboxCheck = oneOf(SANDBOXES);
const reviewerCheck = oneOf(REVIEWERS, true);

const approvalPolicyCheck: Check = (v, w) => {
  if (v === null) return;
  if (typeof v === "string" && APPROVAL_POLICIES.includes(v)) return;
  if (typeof v === "object" && !Array.isArray(v) && typeof (v as { granular?: unknown }).granular === "object") return;
  throw new TypeError(
    `${w} must be one of ${APPROVAL_POLICIES.map((p) => JSON.stringify(p)).join(", ")}, ` +
      `a { granular: {...} } object or null, got ${JSON.stringify(v) ?? String(v)}.`,
  );
};

const abortSignalCheck: Check = (v, w) => {
  if (typeof v !== "object" || v === null || typeof (v as AbortSignal).aborted !== "boolean" ||
      typeof (v as AbortSignal).addEventListener !== "function") {
    throw new TypeError(`${w} must be an AbortSignal.`);
  }
};

/** Every option of each call with its check; `satisfies` keeps the tables in step with the generated params. */
const THREAD_START_CHECKS = {
  approvalMode: approvalModeCheck,
  allowProviderModelFallback: boolean,
  approvalPolicy: approvalPolicyCheck,
  approvalsReviewer: reviewerCheck,
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
  sandbox: threadSandboxCheck,
  selectedCapabilityRoots: arrayOrNull,
  serviceName: stringOrNull,
  serviceTier: stringOrNull,
  sessionStartSource: stringOrNull,
  threadSource: stringOrNull,
} satisfies { [K in keyof ThreadStartOptions]-?: Check };

const THREAD_RESUME_CHECKS = {
  approvalMode: approvalModeCheck,
  approvalPolicy: approvalPolicyCheck,
  approvalsReviewer: reviewerCheck,
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
  sandbox: threadSandboxCheck,
  serviceTier: stringOrNull,
} satisfies { [K in keyof ThreadResumeOptions]-?: Check };

const THREAD_FORK_CHECKS = {
  approvalMode: approvalModeCheck,
  approvalPolicy: approvalPolicyCheck,
  approvalsReviewer: reviewerCheck,
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
  sandbox: threadSandboxCheck,
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

const TURN_CHECKS = {
  approvalMode: approvalModeCheck,
  sandbox: turnSandboxCheck,
  signal: abortSignalCheck,
  idleTimeoutMs: positiveMs,
  additionalContext: objectOrNull,
  approvalPolicy: approvalPolicyCheck,
  approvalsReviewer: reviewerCheck,
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

/** Options the SDK consumes itself and never sends, per call. */
const THREAD_LOCAL: ReadonlySet<string> = new Set(["approvalMode"]);
const TURN_LOCAL: ReadonlySet<string> = new Set(["approvalMode", "sandbox", "signal", "idleTimeoutMs"]);
const NOTHING_LOCAL: ReadonlySet<string> = new Set();

interface ApprovalFields {
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
}

/** The wire fields of an approval preset. */
function approvalPreset(mode: ApprovalMode): ApprovalFields {
  switch (mode) {
    case "auto_review":
      return { approvalPolicy: "on-request", approvalsReviewer: "auto_review" };
    case "deny_all":
      return { approvalPolicy: "never" };
    case "ask":
      return { approvalPolicy: "on-request", approvalsReviewer: "user" };
  }
}

/** Copies the options that go on the wire (defined, not SDK-local) into `target`. */
function copyWireOptions(source: Record<string, unknown>, target: Record<string, unknown>, local: ReadonlySet<string>) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined && !local.has(key)) target[key] = value;
  }
}

/** Fills `approvalPolicy`/`approvalsReviewer` from the preset where not given explicitly. */
function applyApprovalMode(target: ApprovalFields & Record<string, unknown>, mode: ApprovalMode | undefined): void {
  if (mode === undefined) return;
  const preset = approvalPreset(mode);
  if (target.approvalPolicy === undefined && preset.approvalPolicy !== undefined) {
    target.approvalPolicy = preset.approvalPolicy;
  }
  if (target.approvalsReviewer === undefined && preset.approvalsReviewer !== undefined) {
    target.approvalsReviewer = preset.approvalsReviewer;
  }
}

function checkThreadId(call: string, threadId: unknown): asserts threadId is string {
  nonEmptyString(threadId, `${call} threadId`);
}

/**
 * Builds `thread/start` params from `ThreadStartOptions`: validates them (TypeError on an unknown
 * option or a wrong type) and applies `approvalMode` (default `"auto_review"`).
 */
export function threadStartParams(options?: ThreadStartOptions): ThreadStartParams {
  const checked = checkOptions("threadStart()", options, THREAD_START_CHECKS) as ThreadStartOptions;
  const params: Record<string, unknown> = {};
  copyWireOptions(checked as Record<string, unknown>, params, THREAD_LOCAL);
  applyApprovalMode(params, checked.approvalMode ?? "auto_review");
  return params as ThreadStartParams;
}

/**
 * Builds `thread/resume` params: validates the id and options; sends only what is given, so the
 * server keeps the thread's stored settings.
 */
export function threadResumeParams(threadId: string, options?: ThreadResumeOptions): ThreadResumeParams {
  checkThreadId("threadResume()", threadId);
  const checked = checkOptions("threadResume()", options, THREAD_RESUME_CHECKS) as ThreadResumeOptions;
  const params: Record<string, unknown> = { threadId };
  copyWireOptions(checked as Record<string, unknown>, params, THREAD_LOCAL);
  applyApprovalMode(params, checked.approvalMode);
  return params as unknown as ThreadResumeParams;
}

/** Builds `thread/fork` params: validates the id and options; sends only what is given. */
export function threadForkParams(threadId: string, options?: ThreadForkOptions): ThreadForkParams {
  checkThreadId("threadFork()", threadId);
  const checked = checkOptions("threadFork()", options, THREAD_FORK_CHECKS) as ThreadForkOptions;
  const params: Record<string, unknown> = { threadId };
  copyWireOptions(checked as Record<string, unknown>, params, THREAD_LOCAL);
  applyApprovalMode(params, checked.approvalMode);
  return params as unknown as ThreadForkParams;
}

/** Builds `thread/list` params: validates the options and sends them as they are. */
export function threadListParams(options?: ThreadListOptions): ThreadListParams {
  const checked = checkOptions("threadList()", options, THREAD_LIST_CHECKS);
  const params: Record<string, unknown> = {};
  copyWireOptions(checked, params, NOTHING_LOCAL);
  return params as ThreadListParams;
}

/** The turn-level `sandboxPolicy` object equivalent to a thread-level `sandbox` mode. */
export function sandboxPolicyFor(sandbox: Sandbox): SandboxPolicy {
  switch (sandbox) {
    case "read-only":
      return { type: "readOnly" };
    case "workspace-write":
      return { type: "workspaceWrite" };
    case "danger-full-access":
      return { type: "dangerFullAccess" };
  }
}

/**
 * Builds `turn/start` params: validates the id, the input (see `normalizeInput`) and the options,
 * applies `approvalMode` and turns `sandbox` into `sandboxPolicy`. `signal` and `idleTimeoutMs`
 * stay local. Sends nothing unless given.
 */
export function turnStartParams(threadId: string, input: RunInput, options?: TurnOptions): TurnStartParams {
  checkThreadId("turn()", threadId);
  const checked = checkOptions("turn()", options, TURN_CHECKS) as TurnOptions;
  const params: Record<string, unknown> = { threadId, input: normalizeInput(input) };
  copyWireOptions(checked as Record<string, unknown>, params, TURN_LOCAL);
  applyApprovalMode(params, checked.approvalMode);
  if (checked.sandbox !== undefined && params.sandboxPolicy === undefined) {
    params.sandboxPolicy = sandboxPolicyFor(checked.sandbox);
  }
  return params as unknown as TurnStartParams;
}
