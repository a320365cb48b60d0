import type { Logger } from "../logger.js";
import type { Connection } from "../rpc/connection.js";
import type { TurnHandle } from "./turn-handle.js";

/**
 * What a `Thread` and its `TurnHandle`s need from the `Codex` that made them: the started connection
 * and the client-wide table of running turns. Internal: not exported from the package.
 */
export interface ClientContext {
  /** The initialized connection to the app-server. */
  readonly connection: Connection;
  /** Receives diagnostics. */
  readonly logger: Logger;
  /**
   * The turns started through this client that have not completed, by thread id. A thread has at
   * most one; `Codex.close()` interrupts every entry. The TurnHandle adds itself when `turn/start`
   * is sent and removes itself when the turn ends.
   */
  readonly activeTurns: Map<string, TurnHandle>;
}
