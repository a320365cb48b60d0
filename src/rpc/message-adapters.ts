import type { DataCallback, Disposable, Event, Message, MessageReader, MessageWriter } from "vscode-jsonrpc/node";
import type { JsonRpcId, JsonRpcMessage, Transport } from "../transport/transport.js";

/** JSON-RPC's "internal error" code, used for replies whose error member is malformed. */
const INTERNAL_ERROR = -32603;

/** An event that never fires: the connection learns of transport failures through the transport itself. */
const NEVER: Event<never> = () => ({ dispose() {} });

/**
 * vscode-jsonrpc's reader, fed by the connection with the replies it reads off the transport
 * (notifications and server requests never pass through it). Every reply is made well-formed for
 * vscode-jsonrpc on the way in: an error member without a numeric code and a message string would
 * otherwise be read as -32001 ("overloaded"), and a reply without result or error would never
 * settle its request.
 */
export class ReplyReader implements MessageReader {
  readonly onError: Event<Error> = NEVER;
  readonly onClose: Event<void> = NEVER;
  readonly onPartialMessage: Event<never> = NEVER;
  #callback: DataCallback | undefined;

  /** Called once by vscode-jsonrpc with the callback that receives messages. */
  listen(callback: DataCallback): Disposable {
    this.#callback = callback;
    return { dispose: () => void (this.#callback = undefined) };
  }

  /**
   * Hands the reply to request `id` to vscode-jsonrpc, which settles that request. Returns what
   * was wrong with it when it had to be repaired (it then settles as an internal error), else `null`.
   */
  reply(id: JsonRpcId, message: Record<string, unknown>): string | null {
    const { reply, problem } = wellFormedReply(id, message);
    this.#callback?.(reply as Message);
    return problem;
  }

  /** Nothing to release. */
  dispose(): void {}
}

function wellFormedReply(id: JsonRpcId, message: Record<string, unknown>): { reply: object; problem: string | null } {
  const error = message.error;
  let problem: string;
  if (error === undefined) {
    if (message.result !== undefined) return { reply: message.id === id ? message : { id, result: message.result }, problem: null };
    problem = "it has neither a result nor an error";
  } else if (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "number" &&
    typeof (error as { message?: unknown }).message === "string"
  ) {
    return { reply: message.id === id ? message : { id, error }, problem: null };
  } else {
    problem = `its error member is malformed: ${JSON.stringify(error)}`;
  }
  return { reply: { id, error: { code: INTERNAL_ERROR, message: `The server's reply is malformed (${problem})` } }, problem };
}

/** How the connection hears from its {@link TransportWriter}. */
export interface WriterEvents {
  /** A message is being handed to the transport, as it goes on the wire (called before the transport sees it). */
  writing?(message: JsonRpcMessage): void;
  /** The transport refused a message: it is closed or broken. */
  failed(error: unknown): void;
  /** The transport takes more messages again after back-pressure. */
  writable(): void;
}

/**
 * The one way out to the transport, for everything the connection sends: vscode-jsonrpc's
 * requests, notifications and the answers to server requests. Drops the `"jsonrpc"` member
 * app-server never uses, and tracks the transport's back-pressure.
 */
export class TransportWriter implements MessageWriter {
  readonly onError: Event<never> = NEVER;
  readonly onClose: Event<void> = NEVER;
  readonly #transport: Transport;
  readonly #events: WriterEvents;
  #blocked = false;

  constructor(transport: Transport, events: WriterEvents) {
    this.#transport = transport;
    this.#events = events;
  }

  /** True while the transport applies back-pressure; the connection holds back requests meanwhile. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Sends one message; rejects (after telling the connection) when the transport cannot take it. */
  write(message: Message | JsonRpcMessage): Promise<void> {
    const wire = withoutVersion(message as JsonRpcMessage & { jsonrpc?: string });
    this.#events.writing?.(wire);
    let sent: void | Promise<void>;
    try {
      sent = this.#transport.send(wire);
    } catch (error) {
      this.#events.failed(error);
      return Promise.reject(error);
    }
    if (sent === undefined || sent === null) return Promise.resolve();
    this.#blocked = true;
    return Promise.resolve(sent).then(
      () => {
        this.#blocked = false;
        this.#events.writable();
      },
      (error: unknown) => {
        this.#events.failed(error);
        throw error;
      },
    );
  }

  /** Nothing to flush: the transport owns its stream. */
  end(): void {}

  /** Nothing to release. */
  dispose(): void {}
}

/** The message without its `"jsonrpc"` member, rebuilt with the fields of its kind (cheaper than a rest copy). */
function withoutVersion(message: JsonRpcMessage & { jsonrpc?: string }): JsonRpcMessage {
  if (message.jsonrpc === undefined) return message;
  const { id, method, params, result, error } = message as unknown as { [key: string]: unknown };
  if (method !== undefined) return (id !== undefined ? { id, method, params } : { method, params }) as JsonRpcMessage;
  return (error !== undefined ? { id, error } : { id, result }) as JsonRpcMessage;
}
