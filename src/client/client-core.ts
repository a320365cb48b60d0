import type { Activity } from "../internal/activity.js";
import type { Logger } from "../logger.js";
import type { ClientLink } from "./client-link.js";
import type { OpenThreads } from "./open-threads.js";
import type { ServerRequestScopes } from "./server-request-scopes.js";
import type { TurnRegistry } from "./turn-registry.js";

/**
 * What a `Thread` and its turns need from the `Codex` that made them: the link to the server
 * (across reconnects), the logger, the client's turn registry and server-request scopes, the
 * threads it follows, and its activity (what keeps the process alive). Internal: not exported.
 */
export interface ClientCore {
  /** The client's hold on its server: the current connection, and reconnecting when asked to. */
  readonly link: ClientLink;
  /** Receives diagnostics. */
  readonly logger: Logger;
  /** The client's running turns, one per thread at most. */
  readonly turns: TurnRegistry;
  /** The client's, threads' and turns' server-request handlers. */
  readonly scopes: ServerRequestScopes;
  /**
   * The threads this client follows (started, resumed or forked here and not closed), with their
   * tools, listeners and event logs: a reconnect resumes them.
   */
  readonly threads: OpenThreads;
  /** What the client is waiting on. */
  readonly activity: Activity;
}
