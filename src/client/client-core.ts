import type { Activity } from "../internal/activity.js";
import type { Logger } from "../logger.js";
import type { Connection } from "../rpc/connection.js";
import type { OpenThreads } from "./open-threads.js";
import type { ServerRequestScopes } from "./server-request-scopes.js";
import type { TurnRegistry } from "./turn-registry.js";

/**
 * What a `Thread` and its turns need from the `Codex` that made them: the started connection, the
 * logger, the client's turn registry, server-request scopes and open threads, and its activity
 * (what keeps the process alive). Internal: not exported from the package.
 */
export interface ClientCore {
  /** The initialized connection to the app-server. */
  readonly connection: Connection;
  /** Receives diagnostics. */
  readonly logger: Logger;
  /** The client's running turns, one per thread at most. */
  readonly turns: TurnRegistry;
  /** The client's, threads' and turns' server-request handlers. */
  readonly scopes: ServerRequestScopes;
  /** What the client is waiting on. */
  readonly activity: Activity;
  /** The threads the client has open, with their tools, listeners and event logs. */
  readonly threads: OpenThreads;
}
