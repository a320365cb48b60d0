import {
  AbstractMessageReader,
  AbstractMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
} from "vscode-jsonrpc/node";
import type { JsonRpcMessage, Transport } from "../transport/transport.js";

/** Feeds the messages the connection routes to vscode-jsonrpc (the replies) into it. */
export class ReplyReader extends AbstractMessageReader {
  #callback: DataCallback | undefined;

  /** Called once by vscode-jsonrpc with the callback that receives messages. */
  listen(callback: DataCallback): Disposable {
    this.#callback = callback;
    return { dispose: () => void (this.#callback = undefined) };
  }

  /** Hands one message to vscode-jsonrpc. */
  push(message: Message): void {
    this.#callback?.(message);
  }
}

/** Writes vscode-jsonrpc's outgoing messages to the transport, without the `"jsonrpc"` member app-server never uses. */
export class TransportWriter extends AbstractMessageWriter {
  readonly #transport: Transport;
  #lastThrown: unknown;

  constructor(transport: Transport) {
    super();
    this.#transport = transport;
  }

  /** Sends one message; rejects when the transport cannot send it. */
  write(message: Message): Promise<void> {
    const { jsonrpc: _version, ...wire } = message as Message & Record<string, unknown>;
    try {
      return Promise.resolve(this.#transport.send(wire as unknown as JsonRpcMessage));
    } catch (error) {
      this.#lastThrown = error;
      return Promise.reject(error);
    }
  }

  /**
   * The error the transport threw synchronously for the latest `write()` (e.g. params that cannot
   * be serialized), once; vscode-jsonrpc reports it only as a generic write failure.
   */
  takeThrown(): unknown {
    const error = this.#lastThrown;
    this.#lastThrown = undefined;
    return error;
  }

  /** Nothing to flush: the transport owns its stream. */
  end(): void {}
}
