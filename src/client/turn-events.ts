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
