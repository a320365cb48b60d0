import type {
  ApprovalsReviewer,
  AskForApproval,
  SandboxPolicy,
  ThreadForkParams,
  ThreadListParams,
  ThreadResumeParams,
  ThreadStartParams,
  TurnStartParams,
} from "../../generated/protocol.js";
import { normalizeInput, type RunInput } from "./inputs.js";
import { ToolSet } from "./tools.js";
import {
  checkThreadForkOptions,
  checkThreadId,
  checkThreadListOptions,
  checkThreadResumeOptions,
  checkThreadStartOptions,
  checkTurnOptions,
} from "./option-checks.js";
import type {
  ApprovalMode,
  Sandbox,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadStartOptions,
  TurnOptions,
} from "./options.js";

/** Options the SDK consumes itself and never sends, per call. */
const THREAD_LOCAL: ReadonlySet<string> = new Set(["approvalMode", "serverRequests", "tools"]);
const TURN_LOCAL: ReadonlySet<string> = new Set(["approvalMode", "sandbox", "signal", "idleTimeoutMs", "serverRequests"]);
const NOTHING_LOCAL: ReadonlySet<string> = new Set();

interface ApprovalFields {
  approvalPolicy?: AskForApproval | null;
  approvalsReviewer?: ApprovalsReviewer | null;
}

/** The wire fields of an approval preset. */
export function approvalPreset(mode: ApprovalMode): ApprovalFields {
  switch (mode) {
    case "auto_review":
      return { approvalPolicy: "on-request", approvalsReviewer: "auto_review" };
    case "deny_all":
      return { approvalPolicy: "never" };
    case "ask":
      return { approvalPolicy: "on-request", approvalsReviewer: "user" };
    case "inherit":
      return {};
  }
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

/** The options that go on the wire: defined, and not SDK-local. */
function wireOptions(source: object, local: ReadonlySet<string>, into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && !local.has(key)) into[key] = value;
  }
  return into;
}

/** Fills `approvalPolicy`/`approvalsReviewer` from the preset where not given explicitly. */
function applyApprovalMode(target: ApprovalFields, mode: ApprovalMode | undefined): void {
  if (mode === undefined) return;
  const preset = approvalPreset(mode);
  if (target.approvalPolicy === undefined && preset.approvalPolicy !== undefined) target.approvalPolicy = preset.approvalPolicy;
  if (target.approvalsReviewer === undefined && preset.approvalsReviewer !== undefined) {
    target.approvalsReviewer = preset.approvalsReviewer;
  }
}

/**
 * Builds `thread/start` params from `ThreadStartOptions`: checks them (TypeError on an unknown
 * option or a wrong type), applies `approvalMode` (default `"auto_review"`) and sends the `tools`
 * (as checked by {@link toolSetOf}) as the thread's `dynamicTools`.
 */
export function threadStartParams(
  options?: ThreadStartOptions,
  tools: ToolSet | undefined = toolSetOf(options?.tools, "threadStart()"),
): ThreadStartParams {
  const checked = checkThreadStartOptions(options);
  const params = wireOptions(checked, THREAD_LOCAL);
  applyApprovalMode(params, checked.approvalMode ?? "auto_review");
  if (tools !== undefined) {
    if (params.dynamicTools != null) {
      throw new TypeError(
        "threadStart() got both tools and dynamicTools; pass tools (made by defineTool(), answered by the SDK) or " +
          'dynamicTools (answered by a serverRequests["item/tool/call"] handler), not both.',
      );
    }
    if (tools.size > 0) params.dynamicTools = [...tools.specs];
  }
  return params as ThreadStartParams;
}

/** The `tools` option of `call` as a checked {@link ToolSet} (TypeError on anything wrong), if given. */
export function toolSetOf(tools: unknown, call: string): ToolSet | undefined {
  return tools === undefined ? undefined : new ToolSet(tools, `${call} option "tools"`);
}

/** Builds `thread/resume` params; sends only what is given, so the server keeps the thread's settings. */
export function threadResumeParams(threadId: string, options?: ThreadResumeOptions): ThreadResumeParams {
  checkThreadId("threadResume()", threadId);
  const checked = checkThreadResumeOptions(options);
  const params = wireOptions(checked, THREAD_LOCAL, { threadId });
  applyApprovalMode(params, checked.approvalMode);
  return params as unknown as ThreadResumeParams;
}

/** Builds `thread/fork` params; sends only what is given. */
export function threadForkParams(threadId: string, options?: ThreadForkOptions): ThreadForkParams {
  checkThreadId("threadFork()", threadId);
  const checked = checkThreadForkOptions(options);
  const params = wireOptions(checked, THREAD_LOCAL, { threadId });
  applyApprovalMode(params, checked.approvalMode);
  return params as unknown as ThreadForkParams;
}

/** Builds `thread/list` params: checks the options and sends them as they are. */
export function threadListParams(options?: ThreadListOptions): ThreadListParams {
  return wireOptions(checkThreadListOptions(options), NOTHING_LOCAL) as ThreadListParams;
}

/**
 * Builds `turn/start` params: checks the id, the input (see `normalizeInput`) and the options,
 * applies `approvalMode` and turns `sandbox` into `sandboxPolicy`. `signal` and `idleTimeoutMs`
 * stay local. Sends nothing unless given.
 */
export function turnStartParams(threadId: string, input: RunInput, options?: TurnOptions): TurnStartParams {
  checkThreadId("turn()", threadId);
  const checked = checkTurnOptions(options);
  const params = wireOptions(checked, TURN_LOCAL, { threadId, input: normalizeInput(input) });
  applyApprovalMode(params, checked.approvalMode);
  if (checked.sandbox !== undefined && params.sandboxPolicy === undefined) params.sandboxPolicy = sandboxPolicyFor(checked.sandbox);
  return params as unknown as TurnStartParams;
}
