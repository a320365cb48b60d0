import { ThreadBusyError } from "../errors.js";
import { untilAborted } from "../internal/abort.js";
import { UNWATCHED, type Activity } from "../internal/activity.js";
import { settleWithin } from "../internal/timers.js";
import type { Logger } from "../logger.js";
import type { TurnStream } from "./turn-stream.js";

/**
 * Owns "at most one running turn per thread" for one client: a thread is claimed before its
 * `turn/start` is sent and released the moment its turn ends (completed, failed, stopped, or its
 * connection closed). Closing the client interrupts every running turn through it.
 */
export class TurnRegistry {
  readonly #running = new Map<string, TurnStream>();
  readonly #logger: Logger;
  readonly #activity: Activity;

  /** `activity` counts every claimed turn until it settles. */
  constructor(logger: Logger, activity: Activity = UNWATCHED) {
    this.#logger = logger;
    this.#activity = activity;
  }

  /** How many threads have a running turn. */
  get size(): number {
    return this.#running.size;
  }

  /** The running turn of a thread, if any. */
  runningOn(threadId: string): TurnStream | undefined {
    return this.#running.get(threadId);
  }

  /**
   * Registers `stream` as its thread's running turn. A turn whose `turn/start` is still in flight
   * is waited for first, so the error can name it (if that start fails, the thread is free), and so
   * is a turn being stopped after an abort or idle timeout (it is interrupted and ends shortly).
   * Rejects with `ThreadBusyError` while another turn runs on the thread, and with the signal's
   * reason if it aborts while waiting.
   */
  async claim(stream: TurnStream, signal?: AbortSignal): Promise<void> {
    const { threadId } = stream;
    for (let active = this.#running.get(threadId); active !== undefined; active = this.#running.get(threadId)) {
      const phase = active.phase.name;
      if (phase === "running") throw busy(threadId, active.turnId!);
      const ended: Promise<unknown> = phase === "starting" ? active.started.catch(() => undefined) : active.settled;
      await untilAborted(ended, signal);
    }
    this.#running.set(threadId, stream);
    this.#activity.begin();
    stream.onSettled(() => {
      this.#activity.end();
      if (this.#running.get(threadId) === stream) this.#running.delete(threadId);
    });
  }

  /**
   * Interrupts every running turn and waits until each has ended, at most `graceMs` in all, so
   * their readers see them end as `interrupted` rather than cut off by the close that follows.
   */
  async interruptAll(graceMs: number): Promise<void> {
    const streams = [...this.#running.values()];
    if (streams.length === 0) return;
    const interruptAndWait = async (stream: TurnStream) => {
      await stream.interrupt().catch((error: unknown) =>
        this.#logger.debug?.("Could not interrupt a running turn while closing.", { threadId: stream.threadId, error }),
      );
      await stream.settled;
    };
    await settleWithin(Promise.allSettled(streams.map(interruptAndWait)), graceMs);
  }
}

function busy(threadId: string, activeTurnId: string): ThreadBusyError {
  return new ThreadBusyError(
    `Thread ${threadId} is already running turn ${activeTurnId}. A turn/start now would be merged into it; ` +
      "add input to the running turn with its handle's steer(), interrupt() it, or wait for it to finish " +
      "(await handle.run()) before starting another turn.",
    { threadId, activeTurnId },
  );
}
