import { connect as netConnect } from "node:net";
import path from "node:path";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_INTERVAL_MS,
  DEFAULT_KEEPALIVE_TIMEOUT_MS,
  type RemoteSettings,
  type UnixTransportOptions,
} from "./remote-options.js";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./stdio.js";
import { openWebSocket } from "./websocket-connect.js";
import { WebSocketTransport } from "./websocket-transport.js";

/**
 * Connects to an app-server listening on a unix socket, which speaks WebSocket over it (no auth).
 * `hint` says what to check when nothing answers. Fails with `CodexStartError` kind `"connect-failed"`.
 */
export async function connectUnixSocket(
  options: UnixTransportOptions,
  settings: RemoteSettings & { hint?: string },
): Promise<WebSocketTransport> {
  const socketPath = path.resolve(options.path);
  const label = `unix:${socketPath}`;
  const maxMessageBytes = settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const socket = await openWebSocket({
    // The host and path of the upgrade request are not looked at; the socket is the address.
    url: "ws://localhost/",
    connect: () => netConnect({ path: socketPath }),
    label,
    auth: "none",
    headers: {},
    timeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
    maxMessageBytes,
    hint: settings.hint ?? "Check the path and that the server is running (`codex app-server --listen unix://PATH`).",
    logger: settings.logger,
  });
  return new WebSocketTransport(socket, {
    label,
    auth: "none",
    logger: settings.logger,
    keepaliveIntervalMs: DEFAULT_KEEPALIVE_INTERVAL_MS,
    keepaliveTimeoutMs: DEFAULT_KEEPALIVE_TIMEOUT_MS,
    maxMessageBytes,
  });
}
