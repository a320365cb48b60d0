import type { MockFailedReply, MockOutput, MockStreamReply, MockUsage } from "./replies.js";

/** One chunk of an SSE body; `delta` chunks are the ones paced by `delayMs` and counted by stall/break endings. */
export interface SseStep {
  /** The encoded `event:`/`data:` block. */
  chunk: string;
  /** Whether the step is a text delta. */
  delta: boolean;
}

/** Encodes one SSE event; Codex keys off the JSON `type` field, the `event:` line mirrors it. */
export function sseEvent(data: { type: string; [key: string]: unknown }): string {
  return `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

function step(data: { type: string; [key: string]: unknown }, delta = false): SseStep {
  return { chunk: sseEvent(data), delta };
}

/** The output item ids of one response; they become app-server item ids, so they are unique per response. */
function itemId(prefix: string, responseId: string, index: number): string {
  return index === 0 ? `${prefix}_${responseId}` : `${prefix}_${responseId}_${index}`;
}

/** The `usage` of `response.completed`: the reply's numbers over the defaults (10 in, one out per delta). */
function usage(given: MockUsage, deltas: number): Record<string, unknown> {
  const input = given.inputTokens ?? 10;
  const output = given.outputTokens ?? Math.max(deltas, 1);
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: given.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: given.reasoningOutputTokens ?? 0 },
    total_tokens: given.totalTokens ?? input + output,
  };
}

function outputSteps(output: MockOutput, index: number, responseId: string): SseStep[] {
  switch (output.type) {
    case "message": {
      const id = itemId("msg", responseId, index);
      const text = output.deltas.join("");
      return [
        step({
          type: "response.output_item.added",
          output_index: index,
          item: { type: "message", role: "assistant", id, status: "in_progress", content: [] },
        }),
        ...output.deltas.map((delta) =>
          step({ type: "response.output_text.delta", item_id: id, output_index: index, content_index: 0, delta }, true),
        ),
        step({
          type: "response.output_item.done",
          output_index: index,
          item: {
            type: "message",
            role: "assistant",
            id,
            status: "completed",
            content: [{ type: "output_text", text, annotations: [] }],
          },
        }),
      ];
    }
    case "reasoning": {
      const id = itemId("rs", responseId, index);
      const text = output.deltas.join("");
      return [
        step({ type: "response.output_item.added", output_index: index, item: { type: "reasoning", id, summary: [] } }),
        step({
          type: "response.reasoning_summary_part.added",
          item_id: id,
          output_index: index,
          summary_index: 0,
          part: { type: "summary_text", text: "" },
        }),
        ...output.deltas.map((delta) =>
          step(
            { type: "response.reasoning_summary_text.delta", item_id: id, output_index: index, summary_index: 0, delta },
            true,
          ),
        ),
        step({
          type: "response.output_item.done",
          output_index: index,
          item: { type: "reasoning", id, summary: [{ type: "summary_text", text }] },
        }),
      ];
    }
    case "functionCall":
      return [
        step({
          type: "response.output_item.done",
          output_index: index,
          item: {
            type: "function_call",
            id: itemId("fc", responseId, index),
            call_id: itemId("call", responseId, index),
            name: output.name,
            ...(output.namespace !== undefined ? { namespace: output.namespace } : {}),
            arguments: JSON.stringify(output.arguments),
            status: "completed",
          },
        }),
      ];
    case "customToolCall":
      return [
        step({
          type: "response.output_item.done",
          output_index: index,
          item: {
            type: "custom_tool_call",
            id: itemId("ctc", responseId, index),
            call_id: itemId("call", responseId, index),
            name: output.name,
            input: output.input,
            status: "completed",
          },
        }),
      ];
  }
}

/** The SSE steps of a streamed reply, from `response.created` to `response.completed`. */
export function streamSteps(reply: MockStreamReply, responseId: string): SseStep[] {
  const steps: SseStep[] = [step({ type: "response.created", response: { id: responseId, status: "in_progress" } })];
  let deltas = 0;
  reply.output.forEach((output, index) => {
    // One push per step: spreading the steps of a long answer as arguments overflows the call stack.
    for (const outputStep of outputSteps(output, index, responseId)) steps.push(outputStep);
    if (output.type === "message" || output.type === "reasoning") deltas += output.deltas.length;
  });
  steps.push(
    step({ type: "response.completed", response: { id: responseId, status: "completed", usage: usage(reply.usage ?? {}, deltas) } }),
  );
  return steps;
}

/** The SSE steps of a `response.failed` reply. */
export function failedSteps(reply: MockFailedReply, responseId: string): SseStep[] {
  return [
    step({ type: "response.created", response: { id: responseId, status: "in_progress" } }),
    step({
      type: "response.failed",
      response: { id: responseId, status: "failed", error: { code: reply.code ?? "server_error", message: reply.message } },
    }),
  ];
}
