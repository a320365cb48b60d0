/**
 * How a client's connection to its server changes:
 * - `connected`: the client started (the first `initialize` completed);
 * - `disconnected`: the connection dropped or the server went away (`reason` says why);
 * - `reconnecting`: with `reconnect` set, attempt `attempt` is about to be made after `delayMs`;
 * - `reconnected`: a new connection is initialized and the client's threads are resumed;
 * - `gave-up`: `reconnect.maxAttempts` attempts failed; the client is closed (`reason` is the last failure).
 */
export type ConnectionChange =
  | {
      /** The client started: its first `initialize` completed. */
      readonly type: "connected";
    }
  | {
      /** The connection dropped, or the server went away. */
      readonly type: "disconnected";
      /** Why: a `TransportClosedError` (or `ProcessExitError`) whose message says how it ended. */
      readonly reason: Error;
    }
  | {
      /** An attempt to connect again is about to be made (with `reconnect` set). */
      readonly type: "reconnecting";
      /** Which attempt, from 1. */
      readonly attempt: number;
      /** How long the client waits before making it, in milliseconds. */
      readonly delayMs: number;
    }
  | {
      /** A new connection is initialized and the client's threads are resumed on it. */
      readonly type: "reconnected";
      /** The attempt that succeeded, from 1. */
      readonly attempt: number;
    }
  | {
      /** Every attempt failed: the client is closed. */
      readonly type: "gave-up";
      /** How many attempts were made (`reconnect.maxAttempts`). */
      readonly attempts: number;
      /** A `TransportClosedError` saying so, with the last attempt's failure as its `cause`. */
      readonly reason: Error;
    };
