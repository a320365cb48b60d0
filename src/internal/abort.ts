import { subscription, type Subscription } from "./listeners.js";
import { startTimer } from "./timers.js";

/** The calls waiting on one signal, and the single listener the signal carries for all of them. */
interface Waiters {
  readonly callbacks: Set<() => void>;
  readonly fire: () => void;
  /** Set once the signal has aborted: the set is then read once and dropped, never edited again. */
  fired: boolean;
}

const waitersBySignal = new WeakMap<AbortSignal, Waiters>();

/**
 * True for an `AbortSignal` (from any realm or polyfill that behaves like one). Checked before a
 * call arms anything, so a wrong value is a `TypeError` and never a later crash.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function" &&
    typeof (value as AbortSignal).removeEventListener === "function"
  );
}

/**
 * Calls `callback` once when `signal` aborts. A signal shared by many pending calls carries one
 * listener in all (so Node never warns about too many listeners); the subscription removes this
 * call's callback, and the signal's listener once no call waits on it.
 */
export function onAbort(signal: AbortSignal, callback: () => void): Subscription {
  let waiters = waitersBySignal.get(signal);
  if (waiters === undefined) {
    const callbacks = new Set<() => void>();
    const fire = () => {
      waitersBySignal.delete(signal);
      created.fired = true;
      // Callbacks dispose of their subscriptions as they run; once fired that leaves the set alone,
      // so a batch sharing one signal settles in one pass, without a copy or a delete per call.
      for (const waiting of callbacks) waiting();
    };
    const created: Waiters = { callbacks, fire, fired: false };
    waiters = created;
    waitersBySignal.set(signal, waiters);
    signal.addEventListener("abort", fire, { once: true });
  }
  const current = waiters;
  const { callbacks, fire } = current;
  callbacks.add(callback);
  return subscription(() => {
    if (current.fired || !callbacks.delete(callback) || callbacks.size > 0) return;
    if (waitersBySignal.get(signal) === current) waitersBySignal.delete(signal);
    signal.removeEventListener("abort", fire);
  });
}

/** Settles like `work`, or rejects with the signal's reason as soon as it aborts (at once if it has). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = onAbort(signal, () => reject(signal.reason));
    work.then(
      (value) => {
        abort.dispose();
        resolve(value);
      },
      (error: unknown) => {
        abort.dispose();
        reject(error);
      },
    );
  });
}

/** Resolves after `ms` milliseconds, keeping the process alive meanwhile; rejects with the signal's reason if it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const abort = signal
      ? onAbort(signal, () => {
          timer.cancel();
          reject(signal.reason);
        })
      : undefined;
    const timer = startTimer(
      ms,
      () => {
        abort?.dispose();
        resolve();
      },
      true,
    );
  });
}
