import type WebSocket from "ws";
import { TransportClosedError } from "../errors.js";
import type { Logger } from "../logger.js";
import { startTimer, type Timer } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import type { JsonRpcMessage, Transport, TransportSink } from "./transport.js";

/** How a {@link WebSocketTransport} behaves. */
export interface WebSocketTransportSettings {
  /** The server as logs and errors name it (no secrets). */
  label: string;
  /** The auth scheme as logs name it, e.g. `"bearer token"` or `"none"`. */
  auth: string;
  logger: Logger;
  /** How often to ping; `Infinity` never pings. */
  keepaliveIntervalMs: number;
  /** How long after a ping, with nothing received, the peer counts as dead. */
  keepaliveTimeoutMs: number;
  /** The longest incoming message (enforced by `ws` as its `maxPayload`); named in the error when one is longer. */
  maxMessageBytes: number;
}

/** App-server drops the connection on a frame longer than this (16 MiB); longer messages go out in fragments. */
const SERVER_FRAME_LIMIT_BYTES = 16 * 1024 * 1024;
/** The size of those fragments. */
const FRAGMENT_BYTES = 8 * 1024 * 1024;
/** Above this many bytes queued for the socket, `send` applies back-pressure. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** How long `close()` waits for the server to answer the close frame before dropping the socket. */
const CLOSE_TIMEOUT_MS = 2_000;
/** The most of a frame that is not JSON that is logged. */
const LOGGED_FRAME_CHARS = 500;
/** `ws`'s error code for an incoming message longer than `maxPayload`. */
const MESSAGE_TOO_LONG = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
/** The WebSocket `readyState` of an open connection. */
const OPEN = 1;

/**
 * A `Transport` over an open WebSocket (TCP or unix socket): one JSON-RPC message per text frame.
 * Binary frames and text that is not JSON are logged and skipped, as app-server does with them.
 * Pings the server every `keepaliveIntervalMs` and drops the connection when nothing comes back
 * within `keepaliveTimeoutMs`, since app-server never pings and a dead peer would otherwise go unnoticed.
 */
export class WebSocketTransport implements Transport {
  readonly #socket: WebSocket;
  readonly #settings: WebSocketTransportSettings;
  #sink: TransportSink | undefined;
  /** Messages received before `attach`. */
  #early: unknown[] | undefined = [];
  #closeError: TransportClosedError | undefined;
  /** Why the SDK itself dropped the connection, set before it does. */
  #failure: TransportClosedError | undefined;
  #lastError: NodeJS.ErrnoException | undefined;
  #closedByClient = false;
  #drained: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  readonly #closed: Promise<void>;
  #markClosed!: () => void;
  #pingTimer: Timer | undefined;
  #deadline: Timer | undefined;

  constructor(socket: WebSocket, settings: WebSocketTransportSettings) {
    this.#socket = socket;
    this.#settings = settings;
    this.#closed = new Promise((resolve) => (this.#markClosed = resolve));
    socket.on("message", (data: Buffer, isBinary: boolean) => this.#onFrame(data, isBinary));
    socket.on("pong", () => this.#heardFrom());
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.#lastError ??= error;
      settings.logger.debug?.(`WebSocket error: ${errorMessage(error)}`, { url: settings.label });
    });
    socket.on("close", (code: number, reason: Buffer) => this.#onClose(code, reason.toString("utf8")));
    this.#schedulePing();
  }

  /** Delivers every message, then the close, to `sink`. */
  attach(sink: TransportSink): void {
    if (this.#sink) throw new TypeError("This transport already has a consumer; a transport serves one connection.");
    this.#sink = sink;
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const message of early) sink.message(message);
    if (this.#closeError) sink.close(this.#closeError);
  }

  /**
   * Sends one message as a text frame (as fragments when longer than the server takes in one frame).
   * While more than 1 MiB waits for the network, returns a promise that resolves once this message
   * has been written. Throws `TransportClosedError` once the connection is closing or closed.
   */
  send(message: JsonRpcMessage): void | Promise<void> {
    if (this.#closeError) throw this.#closeError;
    const socket = this.#socket;
    if (socket.readyState !== OPEN || this.#closedByClient || this.#failure) {
      throw new TransportClosedError(`The connection to the app-server at ${this.#settings.label} is closing. Start a new client to continue.`);
    }
    const text = JSON.stringify(message);
    if (socket.bufferedAmount + text.length < HIGH_WATER_BYTES) {
      this.#write(text);
      return this.#drained;
    }
    // Over the mark: the wait ends once this message has been handed to the operating system.
    const drained: Promise<void> = new Promise<void>((resolve) => this.#write(text, resolve)).then(() => {
      if (this.#drained === drained) this.#drained = undefined;
    });
    this.#drained = drained;
    return drained;
  }

  /**
   * Closes the connection: sends a close frame, waits briefly for the server's answer, then drops
   * the socket. Resolves once the socket is gone. Leaves the server running.
   */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    this.#closedByClient = true;
    this.#stopKeepalive();
    if (this.#closeError) return;
    this.#socket.close(1000, "client closed");
    const timer = startTimer(CLOSE_TIMEOUT_MS, () => this.#socket.terminate());
    await this.#closed;
    timer.cancel();
  }

  #write(text: string, written?: () => void): void {
    const done = written ? () => written() : undefined;
    if (text.length * 3 <= SERVER_FRAME_LIMIT_BYTES || Buffer.byteLength(text) <= SERVER_FRAME_LIMIT_BYTES) {
      this.#socket.send(text, done);
      return;
    }
    const bytes = Buffer.from(text, "utf8");
    for (let offset = 0; offset < bytes.length; offset += FRAGMENT_BYTES) {
      const fin = offset + FRAGMENT_BYTES >= bytes.length;
      this.#socket.send(bytes.subarray(offset, offset + FRAGMENT_BYTES), { binary: false, fin }, fin ? done : undefined);
    }
  }

  #onFrame(data: Buffer, isBinary: boolean): void {
    this.#heardFrom();
    if (this.#closeError) return;
    const { logger, label } = this.#settings;
    if (isBinary) {
      logger.warn?.("Skipped a binary WebSocket frame from the app-server; it sends JSON in text frames.", { url: label, bytes: data.length });
      return;
    }
    const text = data.toString("utf8");
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      logger.warn?.("Skipped a WebSocket frame from the app-server that is not JSON.", {
        url: label,
        frame: text.length > LOGGED_FRAME_CHARS ? `${text.slice(0, LOGGED_FRAME_CHARS)}…` : text,
      });
      return;
    }
    if (this.#early) this.#early.push(message);
    else this.#sink?.message(message);
  }

  #schedulePing(): void {
    this.#pingTimer = startTimer(this.#settings.keepaliveIntervalMs, () => this.#ping());
  }

  #ping(): void {
    if (this.#socket.readyState !== OPEN || this.#closedByClient) return;
    this.#socket.ping();
    // The check waits for one more turn of the event loop: after the loop was blocked, the timer can
    // fire before an answer that has already arrived is read.
    this.#deadline ??= startTimer(this.#settings.keepaliveTimeoutMs, () =>
      setImmediate(() => {
        if (this.#deadline !== undefined) this.#peerIsDead();
      }),
    );
    this.#schedulePing();
  }

  #heardFrom(): void {
    this.#deadline?.cancel();
    this.#deadline = undefined;
  }

  #peerIsDead(): void {
    const { label, keepaliveTimeoutMs, logger } = this.#settings;
    this.#failure ??= new TransportClosedError(
      `The app-server at ${label} sent nothing for ${keepaliveTimeoutMs} ms after a ping (keepaliveTimeoutMs), so the ` +
        "connection counts as dead and was dropped: the server stopped responding or the network is down. Start a new client to reconnect.",
    );
    logger.warn?.(`No answer to a keepalive ping from the app-server at ${label}; dropping the connection.`, { url: label });
    this.#socket.terminate();
  }

  #stopKeepalive(): void {
    this.#pingTimer?.cancel();
    this.#deadline?.cancel();
    this.#pingTimer = this.#deadline = undefined;
  }

  #onClose(code: number, reason: string): void {
    this.#stopKeepalive();
    const { label, auth, logger } = this.#settings;
    const error = this.#failure ?? this.#describeClose(code, reason);
    logger.info?.(`Disconnected from the app-server at ${label}: ${errorMessage(error)}`, {
      url: label,
      auth,
      code,
      reason,
      byClient: this.#closedByClient,
    });
    if (!this.#closeError) {
      this.#closeError = error;
      this.#sink?.close(error);
    }
    this.#markClosed();
  }

  #describeClose(code: number, reason: string): TransportClosedError {
    const { label, maxMessageBytes } = this.#settings;
    if (this.#lastError?.code === MESSAGE_TOO_LONG) {
      return new TransportClosedError(
        `The app-server at ${label} sent a message longer than ${maxMessageBytes} bytes, so the connection was closed. ` +
          "Raise maxMessageBytes if such messages are expected.",
        { cause: this.#lastError },
      );
    }
    if (this.#closedByClient) return new TransportClosedError(`The connection to the app-server at ${label} was closed by the client.`);
    const why =
      code === 1006
        ? "without a close frame: the server exited or the network dropped the connection"
        : `with code ${code}${reason ? ` (${reason})` : ""}`;
    return new TransportClosedError(
      `The connection to the app-server at ${label} closed ${why}. Start a new client to reconnect.`,
      this.#lastError ? { cause: this.#lastError } : undefined,
    );
  }
}
