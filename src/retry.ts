import { RetryLimitExceededError, ServerBusyError } from "./errors.js";

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
export async function retryOnOverload<T>(fn: (attempt: number) => T | Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  const initialDelayMs = options.initialDelayMs ?? DEFAULTS.initialDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const jitter = options.jitter ?? true;
  const signal = options.signal;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`maxAttempts must be a positive integer, got ${String(maxAttempts)}.`);
  }
  if (!(initialDelayMs >= 0) || !(maxDelayMs >= 0)) {
    throw new TypeError(`initialDelayMs and maxDelayMs must be non-negative numbers of milliseconds.`);
  }

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

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
