/** The longest delay `setTimeout` honours (2^31-1 ms, about 24.8 days); Node clamps longer ones to 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A running timer: `cancel()` stops it (harmless after it fired). */
export interface Timer {
  cancel(): void;
}

const NO_TIMER: Timer = { cancel() {} };

/** A Node timeout behind the {@link Timer} interface (a class, so arming one allocates no closure). */
class NodeTimer implements Timer {
  readonly #handle: ReturnType<typeof setTimeout>;

  constructor(handle: ReturnType<typeof setTimeout>) {
    this.#handle = handle;
  }

  cancel(): void {
    clearTimeout(this.#handle);
  }
}

/**
 * Calls `callback` once after `ms` milliseconds. A delay longer than {@link MAX_TIMER_MS} (or
 * `Infinity`) means "never": no timer is armed at all. The timer does not keep the process alive
 * unless `keepAlive` is set (for a wait the caller is blocked on, such as a retry's back-off).
 */
export function startTimer(ms: number, callback: () => void, keepAlive = false): Timer {
  if (!(ms <= MAX_TIMER_MS)) return NO_TIMER;
  const handle = setTimeout(callback, Math.max(0, ms));
  if (!keepAlive) handle.unref?.();
  return new NodeTimer(handle);
}

/** Resolves when `work` settles or after `ms` milliseconds, whichever comes first; never rejects. */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: Timer = NO_TIMER;
  const deadline = new Promise<void>((resolve) => (timer = startTimer(ms, resolve)));
  try {
    await Promise.race([work.then(noop, noop), deadline]);
  } finally {
    timer.cancel();
  }
}

function noop(): void {}
