import type { AccountLoginCompletedNotification } from "../../generated/protocol.js";
import { TransportClosedError } from "../errors.js";
import { onAbort } from "../internal/abort.js";
import { UNWATCHED, type Activity } from "../internal/activity.js";
import type { Subscription } from "../internal/listeners.js";
import { isPlainObject } from "../internal/values.js";
import type { ServerLink } from "./client-link.js";

type Waiter = {
  resolve(completion: AccountLoginCompletedNotification): void;
  reject(error: unknown): void;
};

/**
 * Remembers every `account/login/completed` notification by login id, so a login handle's `wait()`
 * resolves even when the completion arrived before `wait()` was called, or before the
 * `account/login/start` response. Rejects every waiter when the connection closes. Internal.
 */
export class LoginCompletions {
  readonly #completed = new Map<string, AccountLoginCompletedNotification>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #subscriptions: Subscription[];
  #closedWith: Error | undefined;

  readonly #activity: Activity;

  /** Listens to `link` for login completions and for its loss; `activity` counts the waits. */
  constructor(link: ServerLink, activity: Activity = UNWATCHED) {
    this.#activity = activity;
    this.#subscriptions = [
      link.notifications.on("account/login/completed", (notification) => this.#complete(notification.params)),
      link.onLost((error) => this.#fail(error)),
    ];
  }

  /** Resolves with the completion of `loginId`, at once if it already arrived. */
  wait(loginId: string, signal?: AbortSignal): Promise<AccountLoginCompletedNotification> {
    const done = this.#completed.get(loginId);
    if (done) return Promise.resolve(done);
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      let waiters = this.#waiters.get(loginId);
      if (waiters === undefined) {
        waiters = new Set();
        this.#waiters.set(loginId, waiters);
      }
      const set = waiters;
      this.#activity.begin();
      let pending = true;
      const done = () => {
        if (pending) this.#activity.end();
        pending = false;
      };
      const abort = signal
        ? onAbort(signal, () => {
            set.delete(waiter);
            reject(signal.reason);
          })
        : undefined;
      const waiter: Waiter = {
        resolve: (completion) => {
          abort?.dispose();
          done();
          resolve(completion);
        },
        reject: (error) => {
          abort?.dispose();
          done();
          reject(error);
        },
      };
      set.add(waiter);
    });
  }

  /** Stops listening; waits still pending reject with `TransportClosedError`. */
  dispose(): void {
    for (const subscription of this.#subscriptions) subscription.dispose();
    if (!this.#closedWith) this.#fail(new TransportClosedError("The Codex client was closed before the login completed."));
  }

  #complete(completion: unknown): void {
    if (!isPlainObject(completion) || typeof completion.loginId !== "string") return;
    const loginId = completion.loginId;
    const typed = completion as unknown as AccountLoginCompletedNotification;
    this.#completed.set(loginId, typed);
    const waiters = this.#waiters.get(loginId);
    if (!waiters) return;
    this.#waiters.delete(loginId);
    for (const waiter of waiters) waiter.resolve(typed);
  }

  #fail(error: Error): void {
    this.#closedWith = error;
    const all = [...this.#waiters.values()];
    this.#waiters.clear();
    for (const waiters of all) for (const waiter of waiters) waiter.reject(error);
  }
}
