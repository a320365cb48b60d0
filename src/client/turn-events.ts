import type { ServerNotification } from "../../generated/methods.js";

/**
 * Marks the place in a turn's `stream()` where the connection to the server dropped and came back
 * (with `reconnect` set): events the server sent in between, deltas mostly, are not in the stream;
 * the items they built still arrive whole in their `item/completed`, and the turn's later events
 * follow the marker in order, with none repeated.
 */
export interface ConnectionGapEvent {
  /** Not a server method: the SDK's own marker. */
  readonly method: "sdk/connectionGap";
  /** Where and when the gap was. */
  readonly params: {
    /** The turn's thread. */
    readonly threadId: string;
    /** The turn that lived through the gap. */
    readonly turnId: string;
    /** When the connection dropped (`Date.now()` milliseconds). */
    readonly droppedAtMs: number;
    /** When the turn was resumed on the new connection. */
    readonly resumedAtMs: number;
  };
}

/** What a turn's `stream()` yields: the server's notifications of the turn, and the SDK's gap markers. */
export type TurnEvent = ServerNotification | ConnectionGapEvent;

/** Options of `TurnHandle.stream()`. */
export interface TurnStreamOptions {
  /**
   * How many events may wait unread before the stream starts merging text deltas (events already
   * buffered when `stream()` is called count too, and were kept under the default mark until then:
   * call `stream()` early to keep more). Past the mark, each text delta that arrives (`item/agentMessage/delta`, `item/plan/delta`,
   * `item/reasoning/summaryTextDelta`, `item/reasoning/textDelta`,
   * `item/commandExecution/outputDelta`, `item/fileChange/outputDelta`) is appended to the last
   * unread delta of the same item and part instead of being queued on its own: no text is lost,
   * each item's text stays in order, and the merge is reported in one `logger.warn` when the turn
   * ends. Every other event (`item/started`, `item/completed`, `turn/*`, server-request events,
   * usage) is queued as it is, and no delta is moved past one. Deltas of different items that
   * interleave may be regrouped. Reading from the server never pauses, so a slow reader never
   * stalls other threads; `run()` is unaffected.
   *
   * A positive integer, or `Infinity` to never merge. Default 1,000: bounded by default, because a stream nobody reads would otherwise hold every event
   * of the turn, and merging loses nothing; a reader that keeps up never reaches it. An unread
   * `item/agentMessage/delta` costs 200 to 300 bytes as parsed from the wire, depending on the
   * length of its ids (measured on Node 20; see RELIABILITY.md); past the mark a merged delta
   * costs only its text.
   */
  highWaterMark?: number;
  /**
   * Also yield an `sdk/connectionGap` marker (a {@link ConnectionGapEvent}) where the connection
   * dropped under the turn and came back (with `reconnect`). Default `false`: only the server's
   * notifications.
   */
  gaps?: boolean;
}
