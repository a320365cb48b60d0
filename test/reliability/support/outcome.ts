import { observeError } from "./secrets.js";

/** How a promise settled, and how long after `from` it did. */
export type Settled<T> =
  | { settled: true; ok: true; value: T; ms: number }
  | { settled: true; ok: false; error: unknown; ms: number }
  | { settled: false; ms: number };

/**
 * Waits for `promise` for at most `boundMs` (counted from `from`, default now) and reports how it
 * settled. A promise still pending at the bound is reported as `settled: false` at once rather than
 * waited for, and its later outcome is still observed (so it never becomes an unhandled rejection).
 * Every error is remembered for the secrets scan.
 */
export function settleWithin<T>(promise: Promise<T>, boundMs: number, from = performance.now()): Promise<Settled<T>> {
  return new Promise((resolve) => {
    const remaining = Math.max(0, boundMs - (performance.now() - from));
    const timer = setTimeout(() => resolve({ settled: false, ms: performance.now() - from }), remaining);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ settled: true, ok: true, value, ms: performance.now() - from });
      },
      (error: unknown) => {
        observeError(error);
        clearTimeout(timer);
        resolve({ settled: true, ok: false, error, ms: performance.now() - from });
      },
    );
  });
}

/** The error a promise rejects with (fails the test when it resolves instead); remembered for the secrets scan. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    observeError(error);
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** The error `fn` throws synchronously or its returned promise rejects with; `undefined` when it succeeds. */
export async function failureOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    observeError(error);
    return error;
  }
  return undefined;
}

/** Describes a settle outcome for an assertion message. */
export function describeSettled(result: Settled<unknown>): string {
  if (!result.settled) return `still pending after ${Math.round(result.ms)} ms`;
  if (result.ok) return `resolved after ${Math.round(result.ms)} ms`;
  const error = result.error;
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `rejected after ${Math.round(result.ms)} ms with ${what}`;
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The error `promise` rejects with, which it must do within `boundMs`; fails (at the bound, without
 * waiting longer) when it is still pending then or resolves.
 */
export async function promptRejection(promise: Promise<unknown>, boundMs: number): Promise<unknown> {
  const result = await settleWithin(promise, boundMs);
  if (!result.settled || result.ok) {
    throw new Error(`expected a rejection within ${boundMs} ms, but the promise was ${describeSettled(result)}`);
  }
  return result.error;
}
