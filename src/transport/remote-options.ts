import type { Logger } from "../logger.js";

/**
 * A bearer token, or a function that returns one (for short-lived signed tokens). A function is
 * called once for every connection attempt, just before the upgrade request.
 */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Connects to an app-server that listens on a WebSocket (`codex app-server --listen ws://IP:PORT`),
 * directly or through a TLS reverse proxy (`wss://`). One JSON-RPC message travels per text frame.
 */
export interface WebSocketTransportOptions {
  /** Selects this transport. */
  kind: "websocket";
  /** `ws://` or `wss://` URL of the server. A `ws://` URL must name a loopback host unless `allowInsecure` is set. */
  url: string;
  /**
   * Sent as `Authorization: Bearer <token>` on the upgrade: the server's capability token
   * (`--ws-auth capability-token`) or a signed JWT (`--ws-auth signed-bearer-token`). Never logged.
   */
  token?: TokenSource;
  /** Extra headers of the upgrade request (e.g. for a proxy in front). Only their names are logged. */
  headers?: Record<string, string>;
  /** How long connecting (token, TCP, TLS and the upgrade) may take, in milliseconds. Default 10,000. */
  connectTimeoutMs?: number;
  /** Allow `ws://` to a host that is not loopback: the token and every message then cross the network unencrypted. */
  allowInsecure?: boolean;
  /**
   * How often to ping the server when the connection is open, in milliseconds. Default 20,000;
   * `Infinity` turns keepalive off. The server never pings, so this is how a dead peer is found.
   */
  keepaliveIntervalMs?: number;
  /** How long to wait for anything (a pong or a message) after a ping before the connection counts as dead. Default 10,000. */
  keepaliveTimeoutMs?: number;
}

/**
 * Connects to an app-server listening on a unix socket (`codex app-server --listen unix://PATH`),
 * which speaks WebSocket over the socket. Unix sockets carry no auth: file permissions guard them.
 */
export interface UnixTransportOptions {
  /** Selects this transport. */
  kind: "unix";
  /** Path of the socket, as given to `--listen unix://PATH`; a relative path is resolved against the current directory. */
  path: string;
}

/**
 * Attaches to the local app-server daemon of a `CODEX_HOME` (`codex app-server daemon start`), over
 * its control socket. `CODEX_HOME` comes from the `env` option, else from this process's environment.
 * `close()` detaches and leaves the daemon running: it is shared, and `codex app-server daemon stop` ends it.
 */
export interface DaemonTransportOptions {
  /** Selects this transport. */
  kind: "daemon";
  /** The `codex` binary that runs the `daemon` commands. Default: the pinned runtime. */
  codexBin?: string;
  /** Start the daemon when it is not running (`codex app-server daemon start`). Default `false`: it must be running. */
  start?: boolean;
}

/** The default of `connectTimeoutMs`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The default of `keepaliveIntervalMs`. */
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 20_000;
/** The default of `keepaliveTimeoutMs`. */
export const DEFAULT_KEEPALIVE_TIMEOUT_MS = 10_000;

/** What every WebSocket-based transport takes besides its own options. Internal. */
export interface RemoteSettings {
  /** The longest incoming message, in bytes. Default 64 MiB. */
  maxMessageBytes?: number;
  logger: Logger;
}
