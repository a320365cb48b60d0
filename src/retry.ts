import { abortSignal, boolean, checkOptions, nonNegativeMs, positiveInteger } from "./client/option-checks.js";
import { RetryLimitExceededError, ServerBusyError } from "./errors.js";
import { sleep, untilAborted } from "./internal/abort.js";
import { describeValue } from "./internal/values.js";

/** Options of {@link retryOnOverload}. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number;
  /** Delay before the second attempt, in milliseconds; it doubles after each attempt. Default 250. */
  initialDelayMs?: number;
  /** The longest delay between attempts, in milliseconds. Default 8,000. */
  maxDelayMs?: number;
  /** Randomize each delay between half and all of its value, so clients do not retry in step. Default true. */
  jitter?: boolean;
  /** Stops retrying: the call rejects at once with the signal's reason. */
  signal?: AbortSignal;
}

const DEFAULTS = { maxAttempts: 5, initialDelayMs: 250, maxDelayMs: 8_000 } as const;

const RETRY_CHECKS = {
  maxAttempts: positiveInteger,
  initialDelayMs: nonNegativeMs,
  maxDelayMs: nonNegativeMs,
  jitter: boolean,
  signal: abortSignal,
} satisfies { [K in keyof RetryOptions]-?: unknown };

/**
 * True for errors worth retrying after a pause: `ServerBusyError` (-32001, the server's ingress
 * queue is full). Timeouts are not retried automatically: the request may have run.
 */
export function isRetryableError(error: unknown): boolean {
  return error instanceof ServerBusyError;
}

/**
 * Calls `fn` until it succeeds, retrying only when it fails with `ServerBusyError`, with exponential
 * backoff and jitter between attempts. Other errors are thrown as they are; when every attempt was
 * overloaded it throws `RetryLimitExceededError` with the last error as `cause`.
 *
 * @example
 * const threads = await retryOnOverload(() => codex.threadList({ limit: 10 }));
 */
export async function retryOnOverload<T>(fn: (attempt: number) => T | Promise<T>, options?: RetryOptions): Promise<T> {
  if (typeof fn !== "function") throw new TypeError(`retryOnOverload() needs a function to call, got ${describeValue(fn)}.`);
  const checked = checkOptions("retryOnOverload()", options, RETRY_CHECKS) as RetryOptions;
  const maxAttempts = checked.maxAttempts ?? DEFAULTS.maxAttempts;
  const initialDelayMs = checked.initialDelayMs ?? DEFAULTS.initialDelayMs;
  const maxDelayMs = checked.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const jitter = checked.jitter ?? true;
  const signal = checked.signal;

  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    signal?.throwIfAborted();
    try {
      return await untilAborted(Promise.resolve().then(() => fn(attempt)), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (!isRetryableError(error)) throw error;
      lastError = error;
    }
    if (attempt < maxAttempts) {
      const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      await sleep(jitter ? base / 2 + Math.random() * (base / 2) : base, signal);
    }
  }
  throw new RetryLimitExceededError(undefined, { attempts: maxAttempts, cause: lastError });
}
