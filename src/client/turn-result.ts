import type { ThreadItem, Turn } from "../../generated/protocol.js";

/**
 * The text of a turn's final answer, by the Python SDK's phase rules: the last `agentMessage` with
 * phase `"final_answer"`; failing that, the last agent message without a phase; `null` when there is
 * neither (e.g. only commentary). An empty final message gives `""`.
 */
export function finalResponseOf(items: readonly ThreadItem[]): string | null {
  let unphased: string | undefined;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.type !== "agentMessage") continue;
    const phase = (item as { phase?: string | null }).phase;
    if (phase === "final_answer") return item.text;
    if ((phase === null || phase === undefined) && unphased === undefined) unphased = item.text;
  }
  return unphased ?? null;
}

/**
 * The public `Turn` of a completed turn: the `turn/completed` payload with its `items` (a summary)
 * replaced by every item the turn completed, in order.
 */
export function completedTurn(turn: Turn, items: readonly ThreadItem[]): Turn {
  return { ...turn, items: items.slice() };
}
