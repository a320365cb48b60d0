import { patchText, type PatchChange } from "./patch-text.js";
import { replyArguments } from "./argument-checks.js";

/** A JSON value, as scripted answers and tool arguments carry. */
export type MockJson = null | boolean | number | string | MockJson[] | { [key: string]: MockJson };

/** The verdict of an automatic approval review. */
export type ReviewVerdict = "allow" | "deny";

/** An assistant message, streamed as `response.output_text.delta` events. */
export interface MockMessageOutput {
  /** Always `"message"`. */
  type: "message";
  /** The deltas, in order; the message text is their concatenation. */
  deltas: string[];
}

/** A reasoning item with a summary, streamed as `response.reasoning_summary_text.delta` events. */
export interface MockReasoningOutput {
  /** Always `"reasoning"`. */
  type: "reasoning";
  /** The summary deltas, in order. */
  deltas: string[];
}

/**
 * A function (tool) call, sent as a `function_call` item; Codex runs the tool and sends the output
 * back as a `function_call_output` in its next request.
 */
export interface MockFunctionCallOutput {
  /** Always `"functionCall"`. */
  type: "functionCall";
  /** The tool name, e.g. `exec_command` or a dynamic tool's name (without its namespace). */
  name: string;
  /** The namespace of a namespaced dynamic tool, sent as the item's own `namespace` field. */
  namespace?: string;
  /** The arguments as a JSON object. */
  arguments: { [key: string]: MockJson };
}

/**
 * A call of a freeform (custom) tool such as `apply_patch`, sent as a `custom_tool_call` item; the
 * output comes back as a `custom_tool_call_output`.
 */
export interface MockCustomToolCallOutput {
  /** Always `"customToolCall"`. */
  type: "customToolCall";
  /** The tool name, e.g. `apply_patch`. */
  name: string;
  /** The freeform input text, e.g. a `*** Begin Patch` … `*** End Patch` patch. */
  input: string;
}

/** One output item of a scripted response. */
export type MockOutput = MockMessageOutput | MockReasoningOutput | MockFunctionCallOutput | MockCustomToolCallOutput;

/**
 * The token usage a response reports in `response.completed`, named as in the app-server's
 * `TokenUsageBreakdown`. Fields left out take the mock's defaults: 10 input tokens, 0 cached, one
 * output token per delta (at least 1), 0 reasoning, and a total of input plus output.
 */
export interface MockUsage {
  /** `input_tokens`. */
  inputTokens?: number;
  /** `input_tokens_details.cached_tokens`. */
  cachedInputTokens?: number;
  /** `output_tokens`. */
  outputTokens?: number;
  /** `output_tokens_details.reasoning_tokens`. */
  reasoningOutputTokens?: number;
  /** `total_tokens`. Default `inputTokens + outputTokens`. */
  totalTokens?: number;
}

/** How a scripted response ends. */
export type MockEnding =
  | {
      /** `response.completed`, the normal end. */
      kind: "complete";
    }
  | {
      /** Stop writing after `afterDeltas` deltas and keep the connection open until the client gives up or the mock closes. */
      kind: "stall";
      /** How many deltas to write first. Default: every delta. */
      afterDeltas?: number;
    }
  | {
      /** Destroy the connection after `afterDeltas` deltas, without `response.completed`. */
      kind: "break";
      /** How many deltas to write first. Default: every delta. */
      afterDeltas?: number;
    };

/** A streamed (SSE) response: output items, then an ending. */
export interface MockStreamReply {
  /** Always `"stream"`. */
  kind: "stream";
  /** The output items, in order. */
  output: MockOutput[];
  /** Milliseconds to wait before each delta. Default 0 (the whole body is written at once). */
  delayMs?: number;
  /** Default `{ kind: "complete" }`. `afterDeltas` defaults to every delta (the stream stops before its items complete). */
  ending?: MockEnding;
  /** The usage reported in `response.completed`; see {@link MockUsage} for the defaults. */
  usage?: MockUsage;
}

/** A streamed `response.failed` event (after `response.created`). */
export interface MockFailedReply {
  /** Always `"failed"`. */
  kind: "failed";
  /** The error message Codex reports. */
  message: string;
  /** The error code. Default `"server_error"`. */
  code?: string;
}

/** A plain HTTP error status with a JSON error body, no stream. */
export interface MockHttpReply {
  /** Always `"http"`. */
  kind: "http";
  /** The status code, e.g. 500, 429 or 401. */
  status: number;
  /** The error message in the body. Default `"mock HTTP <status>"`. */
  message?: string;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

/** Everything the mock can answer to one request. Build replies with {@link reply}. */
export type MockReply = MockStreamReply | MockFailedReply | MockHttpReply;

/** Options shared by the streaming reply builders. */
export interface StreamOptions {
  /** Milliseconds to wait before each delta. */
  delayMs?: number;
  /** A reasoning summary streamed before the output. */
  reasoning?: string;
  /** The token usage to report; see {@link MockUsage}. */
  usage?: MockUsage;
}

/** Options of {@link reply.toolCall}. */
export interface ToolCallOptions extends StreamOptions {
  /** The namespace of a namespaced dynamic tool (the `name` is then the tool's name inside it). */
  namespace?: string;
}

/** Options of {@link reply.exec}. */
export interface ExecOptions extends StreamOptions {
  /** `use_default` (the default) or `require_escalated`, which asks for approval under `on-request`. */
  sandboxPermissions?: "use_default" | "require_escalated";
  /** Why the command needs escalation; shown as the approval reason. */
  justification?: string;
  /** The working directory of the command. */
  workdir?: string;
  /** Run the command in a login shell. Default `false`, so the host's profile does not leak into the output. */
  login?: boolean;
  /** Further `exec_command` arguments, e.g. `yield_time_ms`. */
  extra?: { [key: string]: MockJson };
}

/** Options of {@link reply.review}. */
export interface ReviewOptions {
  /** Default `"low"` for `allow`, `"high"` for `deny`. */
  riskLevel?: "low" | "medium" | "high" | "critical";
  /** Default `"high"` for `allow`, `"unknown"` for `deny`. */
  userAuthorization?: "unknown" | "low" | "medium" | "high";
  /** Default a short sentence naming the mock. */
  rationale?: string;
}

/** Splits text into word deltas that keep their trailing whitespace ("Hello ", "world."). */
export function splitWords(text: string): string[] {
  const parts = text.match(/\S+\s*|\s+/g);
  return parts === null ? [] : parts;
}

/** The verdict JSON text of an automatic approval review. */
export function reviewVerdictJson(verdict: ReviewVerdict, options: ReviewOptions = {}): string {
  const allow = verdict === "allow";
  return JSON.stringify({
    outcome: verdict,
    risk_level: options.riskLevel ?? (allow ? "low" : "high"),
    user_authorization: options.userAuthorization ?? (allow ? "high" : "unknown"),
    rationale: options.rationale ?? (allow ? "Allowed by the mock reviewer." : "Denied by the mock reviewer."),
  });
}

function withReasoning(output: MockOutput[], options: StreamOptions): MockStreamReply {
  const items: MockOutput[] =
    options.reasoning === undefined ? output : [{ type: "reasoning", deltas: splitWords(options.reasoning) }, ...output];
  return {
    kind: "stream",
    output: items,
    ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
    ...(options.usage !== undefined ? { usage: options.usage } : {}),
  };
}

/** Builders of {@link MockReply} values for `mock.enqueue()` and `mock.setHandler()`. */
export const reply = {
  /** An assistant message streamed word by word, or as the given deltas when `text` is an array. */
  text(text: string | readonly string[], options: StreamOptions = {}): MockStreamReply {
    replyArguments.text(text, options);
    const deltas = typeof text === "string" ? splitWords(text) : [...text];
    return withReasoning([{ type: "message", deltas }], options);
  },

  /** An assistant message of `count` deltas (`"w1 "`, `"w2 "`, ...), e.g. to test long streams. */
  stream(count: number, options: StreamOptions = {}): MockStreamReply {
    replyArguments.stream(count, options);
    const deltas = Array.from({ length: count }, (_, i) => (i === count - 1 ? `w${i + 1}` : `w${i + 1} `));
    return withReasoning([{ type: "message", deltas }], options);
  },

  /** A reasoning summary followed by an assistant message. */
  reasoning(summary: string, text: string, options: Omit<StreamOptions, "reasoning"> = {}): MockStreamReply {
    replyArguments.reasoning(summary, text, options);
    return reply.text(text, { ...options, reasoning: summary });
  },

  /** A JSON answer (for `outputSchema` turns), sent as one message delta. */
  json(value: MockJson, options: StreamOptions = {}): MockStreamReply {
    replyArguments.json(value, options);
    return withReasoning([{ type: "message", deltas: [JSON.stringify(value)] }], options);
  },

  /** The verdict of an automatic approval review. */
  review(verdict: ReviewVerdict, options: ReviewOptions = {}): MockStreamReply {
    replyArguments.review(verdict, options);
    return { kind: "stream", output: [{ type: "message", deltas: [reviewVerdictJson(verdict, options)] }] };
  },

  /**
   * An `exec_command` tool call running `cmd` (a shell command line). Codex runs it (after any
   * approval) and sends its output back in a follow-up request, which the mock answers with
   * "Tool said: <output>" unless scripted otherwise.
   */
  exec(cmd: string, options: ExecOptions = {}): MockStreamReply {
    replyArguments.exec(cmd, options);
    const { sandboxPermissions, justification, workdir, login, extra, ...stream } = options;
    const args: { [key: string]: MockJson } = { cmd, login: login ?? false };
    if (sandboxPermissions !== undefined) args.sandbox_permissions = sandboxPermissions;
    if (justification !== undefined) args.justification = justification;
    if (workdir !== undefined) args.workdir = workdir;
    Object.assign(args, extra ?? {});
    return reply.toolCall("exec_command", args, stream);
  },

  /**
   * A call of any function tool by name: a built-in (`exec_command`, `update_goal`, ...) or a dynamic
   * tool of the thread (`thread/start {dynamicTools}`), which reaches the client as an
   * `item/tool/call` request. A namespaced dynamic tool takes its namespace in `options.namespace`.
   */
  toolCall(name: string, args: { [key: string]: MockJson } = {}, options: ToolCallOptions = {}): MockStreamReply {
    replyArguments.toolCall(name, args, options);
    const { namespace, ...stream } = options;
    const call: MockFunctionCallOutput = { type: "functionCall", name, ...(namespace !== undefined ? { namespace } : {}), arguments: args };
    return withReasoning([call], stream);
  },

  /** A call of a freeform (custom) tool with its input text sent as is. */
  customToolCall(name: string, input: string, options: StreamOptions = {}): MockStreamReply {
    replyArguments.customToolCall(name, input, options);
    return withReasoning([{ type: "customToolCall", name, input }], options);
  },

  /**
   * An `apply_patch` call, the freeform tool bundled models (e.g. `gpt-5.5`) edit files with. Give the
   * changes, or the whole patch text (`*** Begin Patch` … `*** End Patch`), which is sent as is. Under a
   * `read-only` sandbox with `approvalMode: "ask"` the client is asked (`item/fileChange/requestApproval`)
   * before the files change; the result goes back to the model, which the mock answers like any tool
   * output.
   */
  patch(changes: string | PatchChange | readonly PatchChange[], options: StreamOptions = {}): MockStreamReply {
    replyArguments.patch(changes, options);
    const input = typeof changes === "string" ? changes : patchText("type" in changes ? [changes] : changes);
    return reply.customToolCall("apply_patch", input, options);
  },

  /** A `response.failed` event: the turn fails with `message`. */
  failed(message = "mock failure", code?: string): MockFailedReply {
    replyArguments.failed(message, code);
    return { kind: "failed", message, ...(code !== undefined ? { code } : {}) };
  },

  /** An HTTP error status with a JSON error body. */
  http(status: number, message?: string, headers?: Record<string, string>): MockHttpReply {
    replyArguments.http(status, message, headers);
    return {
      kind: "http",
      status,
      ...(message !== undefined ? { message } : {}),
      ...(headers !== undefined ? { headers } : {}),
    };
  },

  /**
   * A message that stops after `afterDeltas` of its deltas (default: all of them, before the item
   * completes) and then hangs: the connection stays open until the client gives up or the mock closes.
   */
  stall(text = "This answer never ends", afterDeltas?: number, options: StreamOptions = {}): MockStreamReply {
    replyArguments.ending("reply.stall()", text, afterDeltas, options);
    return { ...reply.text(text, options), ending: { kind: "stall", ...(afterDeltas !== undefined ? { afterDeltas } : {}) } };
  },

  /** A message whose connection is destroyed after `afterDeltas` deltas (default: all, before completion). */
  break(text = "This answer breaks off", afterDeltas?: number, options: StreamOptions = {}): MockStreamReply {
    replyArguments.ending("reply.break()", text, afterDeltas, options);
    return { ...reply.text(text, options), ending: { kind: "break", ...(afterDeltas !== undefined ? { afterDeltas } : {}) } };
  },
} as const;
