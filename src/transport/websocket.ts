import { resolveToken } from "./bearer-token.js";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_KEEPALIVE_INTERVAL_MS,
  DEFAULT_KEEPALIVE_TIMEOUT_MS,
  type RemoteSettings,
  type WebSocketTransportOptions,
} from "./remote-options.js";
import { DEFAULT_MAX_MESSAGE_BYTES } from "./stdio.js";
import { openWebSocket } from "./websocket-connect.js";
import { WebSocketTransport } from "./websocket-transport.js";
import { checkWebSocketUrl, displayUrl } from "./websocket-url.js";

/**
 * Connects to an app-server listening on a WebSocket. The token (a function is called now, once) goes
 * in `Authorization: Bearer`; it is never logged or quoted. Fails with `CodexStartError` kind
 * `"auth-failed"` or `"connect-failed"` within `connectTimeoutMs`.
 */
export async function connectWebSocket(options: WebSocketTransportOptions, settings: RemoteSettings): Promise<WebSocketTransport> {
  const url = checkWebSocketUrl(options.url, options.allowInsecure === true, 'Codex option "transport.url"');
  const label = displayUrl(url);
  const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const startedAt = Date.now();
  const token = options.token === undefined ? undefined : await resolveToken(options.token, timeoutMs, label);
  const headers = { ...options.headers, ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }) };
  const maxMessageBytes = settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const auth = token === undefined ? "none" : "bearer token";
  const socket = await openWebSocket({
    url: url.href,
    label,
    auth,
    headers,
    timeoutMs: Math.max(1, timeoutMs - (Date.now() - startedAt)),
    connectTimeoutMs: timeoutMs,
    maxMessageBytes,
    hint: "Check the URL and that the server is running (`codex app-server --listen ws://IP:PORT`) and reachable from here.",
    ...(token === undefined ? {} : { secret: token }),
    logger: settings.logger,
  });
  return new WebSocketTransport(socket, {
    label,
    auth,
    logger: settings.logger,
    keepaliveIntervalMs: options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS,
    keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? DEFAULT_KEEPALIVE_TIMEOUT_MS,
    maxMessageBytes,
  });
}
