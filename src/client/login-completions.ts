import type { AccountLoginCompletedNotification } from "../../generated/protocol.js";
import { TransportClosedError } from "../errors.js";
import type { Connection } from "../rpc/connection.js";
import type { Disposable } from "../transport/transport.js";

type Waiter = {
  resolve(completion: AccountLoginCompletedNotification): void;
  reject(error: Error): void;
};

/**
 * Remembers every `account/login/completed` notification by login id, so a login handle's `wait()`
 * resolves even when the completion arrived before `wait()` was called, or before the
 * `account/login/start` response. Rejects every waiter when the connection closes. Internal.
 */
export class LoginCompletions {
  readonly #completed = new Map<string, AccountLoginCompletedNotification>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #subscriptions: Disposable[];
  #closedWith: Error | undefined;

  /** Listens to `connection` for login completions and for its close. */
  constructor(connection: Connection) {
    this.#subscriptions = [
      connection.onNotification("account/login/completed", (notification) => this.#complete(notification.params)),
      connection.onClose((error) => this.#fail(error)),
    ];
  }

  /** Resolves with the completion of `loginId`, at once if it already arrived. */
  wait(loginId: string, signal?: AbortSignal): Promise<AccountLoginCompletedNotification> {
    const done = this.#completed.get(loginId);
    if (done) return Promise.resolve(done);
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiters = this.#waiters.get(loginId) ?? new Set<Waiter>();
      this.#waiters.set(loginId, waiters);
      const onAbort = () => {
        waiters.delete(waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        resolve: (completion) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(completion);
        },
        reject: (error) => {
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      };
      waiters.add(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Stops listening; waits still pending reject with `TransportClosedError`. */
  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
    if (!this.#closedWith) this.#fail(new TransportClosedError("The Codex client was closed before the login completed."));
  }

  #complete(completion: AccountLoginCompletedNotification): void {
    const loginId = completion.loginId;
    if (typeof loginId !== "string") return;
    this.#completed.set(loginId, completion);
    const waiters = this.#waiters.get(loginId);
    if (!waiters) return;
    this.#waiters.delete(loginId);
    for (const waiter of waiters) waiter.resolve(completion);
  }

  #fail(error: Error): void {
    this.#closedWith = error;
    const all = [...this.#waiters.values()];
    this.#waiters.clear();
    for (const waiters of all) for (const waiter of waiters) waiter.reject(error);
  }
}
