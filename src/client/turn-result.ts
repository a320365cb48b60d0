import type { ThreadItem, TokenUsageBreakdown, Turn } from "../../generated/protocol.js";

/**
 * What `run()` resolves with: the public `Turn` of the completed turn (so it can be used wherever a
 * `Turn` is expected), its `items` being every item the turn completed, in order, plus what the SDK
 * worked out from the turn's events.
 */
export interface TurnResult extends Turn {
  /**
   * The final answer's text: the last agent message with phase `"final_answer"`, else the last one
   * without a phase; `null` when there is none (e.g. only commentary); `""` for an empty answer.
   */
  finalResponse: string | null;
  /**
   * The turn's own token usage: how much the thread's total grew over the turn (every model request
   * of the turn, tool round trips included); `null` when the server reported no usage.
   */
  usage: TokenUsageBreakdown | null;
  /** The server's `warning` messages for the thread while the turn ran (e.g. about an unknown model id). */
  warnings: string[];
}

/** The `TurnResult` of a turn run with an `outputSchema`: its answer parsed and checked, as `output`. */
export interface StructuredTurnResult<Output> extends TurnResult {
  /** The final answer parsed as JSON; it matched the turn's `outputSchema`. */
  output: Output;
}

/**
 * The text of a turn's final answer, by the Python SDK's phase rules: the last `agentMessage` with
 * phase `"final_answer"`; failing that, the last agent message without a phase; `null` when there is
 * neither (e.g. only commentary). An empty final message gives `""`.
 */
export function finalResponseOf(items: readonly ThreadItem[]): string | null {
  let unphased: string | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.type !== "agentMessage") continue;
    const phase = (item as { phase?: string | null }).phase;
    if (phase === "final_answer") return item.text;
    if ((phase === null || phase === undefined) && unphased === undefined) unphased = item.text;
  }
  return unphased ?? null;
}

const USAGE_FIELDS = ["totalTokens", "inputTokens", "cachedInputTokens", "outputTokens", "reasoningOutputTokens"] as const;

/**
 * Follows the thread's token totals through one turn. The server reports, after each model request,
 * the thread's running `total` and that request's `last`; the turn's own usage is the latest total
 * minus the total before the turn's first request (that request's total minus its own usage).
 */
export class TurnUsage {
  #before: TokenUsageBreakdown | undefined;
  #latest: TokenUsageBreakdown | undefined;

  /** Takes one `thread/tokenUsage/updated` report of the turn. */
  add(total: TokenUsageBreakdown, last: TokenUsageBreakdown): void {
    this.#before ??= difference(total, last);
    this.#latest = total;
  }

  /** The usage so far, or `null` before any report. */
  get value(): TokenUsageBreakdown | null {
    return this.#latest === undefined ? null : difference(this.#latest, this.#before!);
  }
}

function difference(a: TokenUsageBreakdown, b: TokenUsageBreakdown): TokenUsageBreakdown {
  const out = { ...a };
  for (const field of USAGE_FIELDS) out[field] = numberOr0(a[field]) - numberOr0(b[field]);
  if (a.cacheWriteInputTokens !== undefined || b.cacheWriteInputTokens !== undefined) {
    out.cacheWriteInputTokens = numberOr0(a.cacheWriteInputTokens) - numberOr0(b.cacheWriteInputTokens);
  }
  return out;
}

function numberOr0(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** The `TurnResult` of a completed turn: its `turn/completed` payload with every item the turn completed. */
export function turnResultOf(
  turn: Turn,
  items: readonly ThreadItem[],
  usage: TokenUsageBreakdown | null,
  warnings: readonly string[],
): TurnResult {
  const all = items.slice();
  let finalResponse = finalResponseOf(all);
  if (finalResponse === null && Array.isArray(turn.items)) finalResponse = finalResponseOf(turn.items);
  return { ...turn, items: all, finalResponse, usage, warnings: warnings.slice() };
}
