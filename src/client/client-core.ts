import type { Logger } from "../logger.js";
import type { Connection } from "../rpc/connection.js";
import type { TurnRegistry } from "./turn-registry.js";

/**
 * What a `Thread` and its turns need from the `Codex` that made them: the started connection, the
 * logger and the client's turn registry. Internal: not exported from the package.
 */
export interface ClientCore {
  /** The initialized connection to the app-server. */
  readonly connection: Connection;
  /** Receives diagnostics. */
  readonly logger: Logger;
  /** The client's running turns, one per thread at most. */
  readonly turns: TurnRegistry;
}
