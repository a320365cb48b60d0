import type { Logger } from "../logger.js";

/**
 * A registration that can be undone: `dispose()` removes it (twice is harmless), and
 * `using subscription = ...` disposes it at the end of the scope.
 */
export interface Subscription {
  /** Removes the registration. Calling it again does nothing. */
  dispose(): void;
  /** Same as `dispose()`, for `using`. */
  [Symbol.dispose](): void;
}

/** A subscription that runs `undo` once, however many times it is disposed. */
export function subscription(undo: () => void): Subscription {
  let done = false;
  const dispose = () => {
    if (done) return;
    done = true;
    undo();
  };
  return { dispose, [Symbol.dispose]: dispose };
}

/** A subscription that has nothing to undo. */
export const NO_SUBSCRIPTION: Subscription = subscription(() => {});

/**
 * An ordered set of listeners. Adding or removing copies the list, so `emit` is a plain loop and a
 * listener added or removed during an emit takes effect from the next one. A listener that throws
 * does not stop the others: the error goes to the logger.
 */
export class ListenerSet<T> {
  #listeners: readonly ((value: T) => void)[] = [];
  readonly #logger: Logger;
  readonly #who: string;

  /** `who` names the listeners in the logger's message, e.g. "A notification listener". */
  constructor(logger: Logger, who: string) {
    this.#logger = logger;
    this.#who = who;
  }

  /** How many listeners are registered. */
  get size(): number {
    return this.#listeners.length;
  }

  /** Adds a listener; the subscription removes it. */
  add(listener: (value: T) => void): Subscription {
    this.#listeners = [...this.#listeners, listener];
    return subscription(() => {
      const index = this.#listeners.indexOf(listener);
      if (index >= 0) this.#listeners = [...this.#listeners.slice(0, index), ...this.#listeners.slice(index + 1)];
    });
  }

  /** Calls every listener with `value`, in the order they were added. */
  emit(value: T): void {
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(value);
      } catch (error) {
        this.#logger.error?.(`${this.#who} threw; the error was ignored.`, { error });
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners = [];
  }
}
