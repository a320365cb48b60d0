/**
 * A JSON-RPC message as app-server sends and accepts it: JSON-RPC 2.0 without the `"jsonrpc"`
 * member (the server omits it and accepts it either way). Request ids may be numbers or strings;
 * the server's own request ids start at 0.
 */
export type JsonRpcId = number | string;

/** A request: a call that expects a response with the same `id`. */
export interface JsonRpcRequest {
  id: JsonRpcId;
  method: string;
  params?: unknown;
}

/** A notification: a call without an `id`. App-server adds a top-level `emittedAtMs`. */
export interface JsonRpcNotification {
  method: string;
  params?: unknown;
  emittedAtMs?: number;
}

/** The error member of a failed response. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** A response: either `result` or `error`. */
export interface JsonRpcResponse {
  id: JsonRpcId | null;
  result?: unknown;
  error?: JsonRpcErrorObject;
}

/** Any message on the wire. */
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** Something that can be undone: a listener registration. */
export interface Disposable {
  /** Removes the registration. Calling it twice is harmless. */
  dispose(): void;
}

/**
 * A message-level transport between the SDK and one app-server connection. The stdio transport
 * frames messages as JSON lines; WebSocket transports carry one message per frame; tests use an
 * in-memory peer. Any object implementing this interface can be passed as `transport` to `Codex`.
 */
export interface Transport {
  /** Sends one message. Rejects (or throws) if the transport is closed. */
  send(message: JsonRpcMessage): void | Promise<void>;
  /**
   * Registers a listener for every message received, in order. Messages are parsed objects; the
   * transport drops (and reports to its logger) input that is not JSON.
   */
  onMessage(listener: (message: unknown) => void): Disposable;
  /**
   * Registers a listener called once when the transport closes, for whatever reason, with the
   * error that describes why (a `TransportClosedError`, or its subclass `ProcessExitError`).
   */
  onClose(listener: (error: Error) => void): Disposable;
  /** Closes the transport and resolves once it is fully gone (for stdio: the process has exited). */
  close(): Promise<void>;
}
