import type { CancellationToken, Disposable } from "vscode-jsonrpc/node";

/**
 * The cancellation token a written request hands vscode-jsonrpc, through which the connection
 * abandons it (timeout, abort) so that vscode-jsonrpc drops it. It holds the one listener
 * vscode-jsonrpc adds, which is all a request needs: lighter than a `CancellationTokenSource`,
 * whose emitter and listener list would be made and released for every request.
 */
export class AbandonToken implements CancellationToken, Disposable {
  isCancellationRequested = false;
  #listener: ((event: undefined) => unknown) | undefined;

  /** vscode-jsonrpc's listener, called on {@link abandon}; disposing the result removes it. */
  onCancellationRequested(listener: (event: undefined) => unknown): Disposable {
    this.#listener = listener;
    return this;
  }

  /** Removes the listener (vscode-jsonrpc does, once the request has settled). */
  dispose(): void {
    this.#listener = undefined;
  }

  /** Tells vscode-jsonrpc to give the request up. */
  abandon(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    const listener = this.#listener;
    this.#listener = undefined;
    listener?.(undefined);
  }
}
