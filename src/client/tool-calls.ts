import type { DynamicToolCallOutputContentItem, DynamicToolCallParams, DynamicToolCallResponse } from "../../generated/protocol.js";
import { onAbort, untilAborted } from "../internal/abort.js";
import { jsonProblem } from "../internal/json.js";
import type { Subscription } from "../internal/listeners.js";
import { startTimer } from "../internal/timers.js";
import { describeValue, errorMessage, isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { ServerRequestContext } from "../rpc/server-requests.js";
import { schemaValidator, schemaViolations } from "./schema-checks.js";
import type { ToolResult } from "./tool-types.js";
import { inputSchemaName, type ToolSet } from "./tools.js";

/** Violations quoted in the answer to arguments that do not match; the model rarely needs more. */
const MAX_SHOWN_VIOLATIONS = 5;

/** What answering one call needs besides the call itself. */
export interface ToolCallHost {
  /** The thread's tools. */
  readonly tools: ToolSet;
  /** Calls `ended` once when the turn `turnId` of the call's thread completes (interrupted, say). */
  onTurnEnd(turnId: string, ended: () => void): Subscription;
  /** Receives diagnostics. */
  readonly logger: Logger;
}

/** Why a call stopped before its tool answered: its answer then says so. */
class ToolStopped extends Error {}

/**
 * Answers one `item/tool/call` with the thread's tool: checks the arguments against its input
 * schema, runs `execute` with a signal, and maps what it returns to `contentItems`. Never rejects
 * and always answers: a missing tool, invalid arguments, a throw, an invalid result and a run past
 * `timeoutMs` (which aborts the signal) answer `success: false` with a text that says what went
 * wrong, as the model is shown the text and not the flag.
 */
export async function answerToolCall(
  host: ToolCallHost,
  params: DynamicToolCallParams,
  context: ServerRequestContext,
): Promise<DynamicToolCallResponse> {
  const tool = host.tools.find(params.namespace, params.tool);
  const called = params.namespace ? `${params.namespace}.${params.tool}` : params.tool;
  if (tool === undefined) {
    const text = `Tool "${called}" is not available in this client; it was not run.`;
    host.logger.warn?.(text, { threadId: params.threadId, turnId: params.turnId, callId: params.callId });
    return failure(text);
  }
  const controller = new AbortController();
  const subscriptions: Subscription[] = [
    onAbort(context.signal, () => controller.abort(context.signal.reason)),
    host.onTurnEnd(params.turnId, () => controller.abort(new ToolStopped(`Turn ${params.turnId} ended before tool "${called}" answered`))),
  ];
  const timer = startTimer(tool.timeoutMs, () =>
    controller.abort(new ToolStopped(`Tool "${called}" did not finish within ${tool.timeoutMs} ms and was stopped`)),
  );
  try {
    const validate = await schemaValidator(tool.inputSchema, inputSchemaName(tool));
    if (!validate(params.arguments)) {
      const problems = schemaViolations(validate.errors)
        .slice(0, MAX_SHOWN_VIOLATIONS)
        .map((violation) => `${violation.path === "" ? "the arguments" : violation.path} ${violation.message}`);
      const text = `Tool "${called}" was not run: its arguments do not match its input schema (${problems.join("; ")}).`;
      host.logger.warn?.(text, { threadId: params.threadId, turnId: params.turnId, callId: params.callId });
      return failure(text);
    }
    const signal = controller.signal;
    const result = await untilAborted(
      Promise.resolve().then(() => tool.execute(params.arguments, { signal, threadId: params.threadId, turnId: params.turnId, callId: params.callId })),
      signal,
    );
    const response: DynamicToolCallResponse = { contentItems: contentItemsOf(result), success: true };
    const problem = jsonProblem(response, "result");
    if (problem !== null) throw new TypeError(`its result cannot be sent: ${problem}`);
    return response;
  } catch (error) {
    const text = error instanceof ToolStopped ? `${error.message}.` : `Tool "${called}" failed: ${errorMessage(error)}.`;
    host.logger.warn?.(text, { threadId: params.threadId, turnId: params.turnId, callId: params.callId });
    return failure(text);
  } finally {
    timer.cancel();
    for (const subscription of subscriptions) subscription.dispose();
  }
}

function failure(text: string): DynamicToolCallResponse {
  return { contentItems: [{ type: "inputText", text }], success: false };
}

/** The wire content items of what `execute` returned; a `TypeError` for anything else. */
function contentItemsOf(result: unknown): DynamicToolCallOutputContentItem[] {
  const pieces = Array.isArray(result) ? (result as unknown[]) : [result as ToolResult];
  return pieces.map((piece, index) => {
    if (typeof piece === "string") return { type: "inputText", text: piece };
    if (isPlainObject(piece)) {
      if (typeof piece.text === "string") return { type: "inputText", text: piece.text };
      if (typeof piece.imageUrl === "string") {
        if (!piece.imageUrl.startsWith("data:")) {
          throw new TypeError(
            `it returned an image URL that is not a data: URL (${describeValue(piece.imageUrl)}); the runtime passes only ` +
              "inline data: URLs on to the model",
          );
        }
        return { type: "inputImage", imageUrl: piece.imageUrl };
      }
    }
    const where = Array.isArray(result) ? `item ${index} of its result is` : "it returned";
    throw new TypeError(
      `${where} ${describeValue(piece)}; a tool returns a string, { text }, { imageUrl } or an array of them`,
    );
  });
}
