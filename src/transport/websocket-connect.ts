import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type WebSocket from "ws";
import { CodexStartError } from "../errors.js";
import type { Logger } from "../logger.js";
import { startTimer } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import { upgradeRefusal } from "./upgrade-refusal.js";

/** The `ws` WebSocket class. */
export type WebSocketClass = typeof WebSocket;

let loading: Promise<WebSocketClass> | undefined;

/** Loads `ws` on first use, so importing the SDK does not pay for it when no remote transport is opened. */
export function loadWebSocket(): Promise<WebSocketClass> {
  loading ??= import("ws").then(
    (module) => ((module as { default?: unknown }).default ?? module) as WebSocketClass,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Where and how {@link openWebSocket} connects. */
export interface WebSocketTarget {
  /** The URL of the upgrade request. */
  url: string;
  /** The server as messages and logs name it (no secrets). */
  label: string;
  /** The auth scheme as logs name it, e.g. `"bearer token"` or `"none"`. */
  auth: string;
  /** Headers of the upgrade request (the bearer header included). */
  headers: Record<string, string>;
  /** A connection of its own (e.g. to a unix socket) instead of TCP to the URL's host. */
  connect?: () => Duplex;
  /** The time left for the attempt, in milliseconds. */
  timeoutMs: number;
  /** The configured limit the attempt counts against, as error messages name it. Default `timeoutMs`. */
  connectTimeoutMs?: number;
  /** The longest incoming message, in bytes. */
  maxMessageBytes: number;
  /** What to check when nothing answers, e.g. which server command should be running. */
  hint: string;
  /** A secret that must not appear in anything quoted from the server (the token). */
  secret?: string;
  logger: Logger;
}

/** The most of a refused upgrade's HTTP body that is read. */
const MAX_BODY_BYTES = 4096;

/**
 * Opens a WebSocket and resolves once the upgrade has succeeded. Fails with `CodexStartError`: kind
 * `"auth-failed"` when the server refuses the upgrade with 401 or 403 (quoting its reason), and
 * `"connect-failed"` when nothing answers, another HTTP status comes back, or `timeoutMs` passes.
 * Logs the attempt and its outcome at `info` with the label and auth scheme only.
 */
export async function openWebSocket(target: WebSocketTarget): Promise<WebSocket> {
  const { label, auth, logger } = target;
  logger.info?.(`Connecting to the app-server at ${label}`, { url: label, auth });
  try {
    const WebSocketClass = await loadWebSocket();
    const socket = await upgrade(WebSocketClass, target);
    logger.info?.(`Connected to the app-server at ${label}`, { url: label, auth });
    return socket;
  } catch (error) {
    logger.info?.(`Could not connect to the app-server at ${label}: ${errorMessage(error)}`, { url: label, auth });
    throw error;
  }
}

function upgrade(WebSocketClass: WebSocketClass, target: WebSocketTarget): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = new WebSocketClass(target.url, {
      headers: target.headers,
      maxPayload: target.maxMessageBytes,
      perMessageDeflate: false,
      followRedirects: false,
      ...(target.connect ? { createConnection: target.connect } : {}),
    });
    const fail = (error: CodexStartError) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      socket.terminate();
      reject(error);
    };
    const timer = startTimer(target.timeoutMs, () =>
      fail(
        new CodexStartError(
          `Could not connect to the app-server at ${target.label} within ${target.connectTimeoutMs ?? target.timeoutMs} ms (connectTimeoutMs). ` +
            `${target.hint} Raise connectTimeoutMs if it is just slow to answer.`,
          { kind: "connect-failed" },
        ),
      ),
    );
    // Stays for the socket's life: ws reports a handshake aborted here as an error event, which
    // must not go unheard.
    socket.on("error", (error: NodeJS.ErrnoException) => fail(connectError(error, target)));
    socket.once("close", () => fail(new CodexStartError(`The app-server at ${target.label} closed the connection during the upgrade. ${target.hint}`, { kind: "connect-failed" })));
    socket.once("unexpected-response", (_request, response: IncomingMessage) => {
      void readBody(response).then((body) => {
        const shown = target.secret ? body.split(target.secret).join("[token]") : body;
        fail(upgradeRefusal(response.statusCode ?? 0, shown, target.label));
      });
    });
    socket.once("open", () => {
      if (settled) return;
      settled = true;
      timer.cancel();
      socket.removeAllListeners("close");
      socket.removeAllListeners("unexpected-response");
      resolve(socket);
    });
  });
}

function connectError(error: NodeJS.ErrnoException, target: WebSocketTarget): CodexStartError {
  const code = error.code ?? "";
  let what: string;
  if (code === "ECONNREFUSED") what = "nothing is listening there";
  else if (code === "ENOENT") what = "there is no socket at that path";
  else if (code === "EACCES" || code === "EPERM") what = "permission to connect was denied";
  else if (code === "ENOTFOUND" || code === "EAI_AGAIN") what = "the host name does not resolve";
  else if (code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT") what = "the host is unreachable";
  else if (code === "ECONNRESET") what = "the connection was reset during the upgrade";
  else if (/CERT|TLS|SSL/i.test(code)) {
    what = `TLS failed (${errorMessage(error)}); for a certificate from a private CA, set NODE_EXTRA_CA_CERTS to its file`;
  } else what = errorMessage(error);
  return new CodexStartError(`Could not connect to the app-server at ${target.label}: ${what}. ${target.hint}`, {
    kind: "connect-failed",
    cause: error,
  });
}

/** The start of a response body, as text; gives up quietly on errors. */
function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      response.removeAllListeners("data");
      response.destroy();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    response.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= MAX_BODY_BYTES) done();
    });
    response.once("end", done);
    response.once("error", done);
    response.once("close", done);
  });
}
