/**
 * How a client's connection to its server changes:
 * - `connected`: the client started (the first `initialize` completed);
 * - `disconnected`: the connection dropped or the server went away (`reason` says why);
 * - `reconnecting`: with `reconnect` set, attempt `attempt` is about to be made after `delayMs`;
 * - `reconnected`: a new connection is initialized and the client's threads are resumed;
 * - `gave-up`: `reconnect.maxAttempts` attempts failed; the client is closed (`reason` is the last failure).
 */
export type ConnectionChange =
  | { readonly type: "connected" }
  | { readonly type: "disconnected"; readonly reason: Error }
  | { readonly type: "reconnecting"; readonly attempt: number; readonly delayMs: number }
  | { readonly type: "reconnected"; readonly attempt: number }
  | { readonly type: "gave-up"; readonly attempts: number; readonly reason: Error };
