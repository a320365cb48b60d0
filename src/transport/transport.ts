/**
 * A JSON-RPC message as app-server sends and accepts it: JSON-RPC 2.0 without the `"jsonrpc"`
 * member (the server omits it and accepts it either way). Request ids may be numbers or strings;
 * the server's own request ids start at 0.
 */
export type JsonRpcId = number | string;

/** A request: a call that expects a response with the same `id`. */
export interface JsonRpcRequest {
  /** Matches the request with its response. */
  id: JsonRpcId;
  /** The method called, e.g. `"thread/start"`. */
  method: string;
  /** The method's params (app-server always expects an object, `{}` when there are none). */
  params?: unknown;
}

/** A notification: a call without an `id`. App-server adds a top-level `emittedAtMs`. */
export interface JsonRpcNotification {
  /** The notification's method, e.g. `"item/agentMessage/delta"`. */
  method: string;
  /** The notification's params. */
  params?: unknown;
  /** When the server emitted it (`Date.now()` milliseconds), on app-server's notifications. */
  emittedAtMs?: number;
}

/** The error member of a failed response. */
export interface JsonRpcErrorObject {
  /** The error code: -32700 to -32600 for the protocol's own errors, -32001 for app-server's overload. */
  code: number;
  /** The server's description of the error. */
  message: string;
  /** More about the error, when the server gives any. */
  data?: unknown;
}

/** A response: either `result` or `error`. */
export interface JsonRpcResponse {
  /** The id of the request it answers (`null` when the request's id could not be read). */
  id: JsonRpcId | null;
  /** The method's result, on success. */
  result?: unknown;
  /** What went wrong, on failure. */
  error?: JsonRpcErrorObject;
}

/** Any message on the wire. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** Where a transport delivers what it receives: the one connection above it. */
export interface TransportSink {
  /** One parsed message, in the order received. */
  message(message: unknown): void;
  /**
   * The transport closed, for whatever reason, with the error that says why (a
   * `TransportClosedError`, or its subclass `ProcessExitError`). Called once, after the last message.
   */
  close(error: Error): void;
}

/**
 * A message-level transport between the SDK and one app-server connection, read by one consumer.
 * The stdio transport frames messages as JSON lines; WebSocket transports carry one message per
 * frame; tests use an in-memory peer. Any object implementing this interface can be passed as
 * `transport` to `Codex`.
 */
export interface Transport {
  /**
   * Starts delivering to `sink`: every message received, in order, then the close. Called once. A
   * transport that has already closed calls `sink.close` at once.
   */
  attach(sink: TransportSink): void;
  /**
   * Sends one message. Returns nothing when the message was handed on, or a promise while the
   * transport applies back-pressure, which resolves once it can take more (the message itself is
   * already accepted). Throws, or rejects, when the transport is closed or broken.
   */
  send(message: JsonRpcMessage): void | Promise<void>;
  /** Closes the transport and resolves once it is fully gone (for stdio: the process has exited). */
  close(): Promise<void>;
  /**
   * Told whenever the client starts (`true`) or stops (`false`) waiting on the server. While the
   * client is idle a transport should not keep the process alive, so a program that forgets to
   * close its client still exits. Optional.
   */
  keepAlive?(busy: boolean): void;
}
