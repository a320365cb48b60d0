import type { ClientInfo } from "../../generated/protocol.js";
import type { Logger } from "../logger.js";
import type { ValidationMode } from "../rpc/connection.js";
import type { ServerRequestHandlers } from "../rpc/server-requests.js";
import type { StdioTransportOptions } from "../transport/stdio.js";
import type { Transport } from "../transport/transport.js";

/** Where the app-server runs. Only stdio exists today; remote kinds come later. */
export type TransportOptions = { kind: "stdio" };

/**
 * Options for `Codex.start()` and `new Codex()`. Every field is optional. `codexBin`, `cwd`, `env`,
 * `replaceEnv`, `config` and `args` apply to the default stdio transport (the spawned runtime).
 */
export interface CodexOptions
  extends Pick<StdioTransportOptions, "codexBin" | "cwd" | "env" | "replaceEnv" | "config" | "args"> {
  /** Where the server is: `{ kind: "stdio" }` (the default) spawns the pinned runtime; any `Transport` object is used as is. */
  transport?: TransportOptions | Transport;
  /** Sent in `initialize` (`name` is also the `originator` of model requests). Defaults to this SDK's name, title and version. */
  clientInfo?: ClientInfo;
  /** Opt in to the server's experimental API surface. Default `true`. */
  experimentalApi?: boolean;
  /** Notification methods the server should not send on this connection. */
  optOutNotificationMethods?: readonly string[];
  /** How long to wait for the reply to one request, in milliseconds. Default 60,000. Not used for a turn's completion. */
  requestTimeoutMs?: number;
  /** The most requests in flight at once; further requests queue in order. Default 32. */
  maxInFlight?: number;
  /** Handlers for requests the server sends (approvals, user input, ...). Unhandled ones get a fail-closed answer. */
  serverRequests?: ServerRequestHandlers;
  /** Schema validation of messages. Default `"off"`. */
  validate?: ValidationMode;
  /** Fail `start()` with `CodexStartError` kind `"auth-required"` when no account is logged in. */
  requireAuth?: boolean;
  /** Receives diagnostics; the SDK prints nothing itself. */
  logger?: Logger;
}
