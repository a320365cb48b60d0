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
  /** The running turns that the server started itself (a goal's, say), not `thread.turn()`. */
  readonly #adopted = new WeakSet<TurnStream>();
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
      if (phase === "running") throw busy(threadId, active.turnId!, this.#adopted.has(active));
      const ended: Promise<unknown> = phase === "starting" ? active.started.catch(() => undefined) : active.settled;
      await untilAborted(ended, signal);
    }
    this.#register(stream);
  }

  /**
   * Registers `stream`, which follows a turn the server started itself, as its thread's running
   * turn, so it counts like one `thread.turn()` started. Returns false (and registers nothing) when
   * the thread already has a turn: that one is the turn the server reports, or will bind to it.
   */
  adopt(stream: TurnStream): boolean {
    if (this.#running.has(stream.threadId)) return false;
    this.#adopted.add(stream);
    this.#register(stream);
    return true;
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

  #register(stream: TurnStream): void {
    const { threadId } = stream;
    this.#running.set(threadId, stream);
    this.#activity.begin();
    stream.onSettled(() => {
      this.#activity.end();
      if (this.#running.get(threadId) === stream) this.#running.delete(threadId);
    });
  }
}

function busy(threadId: string, activeTurnId: string, serverStarted: boolean): ThreadBusyError {
  return new ThreadBusyError(
    `Thread ${threadId} is already running turn ${activeTurnId}. A turn/start now would be merged into it; ` +
      "add input to the running turn with its handle's steer(), interrupt() it, or wait for it to finish " +
      "(await handle.run()) before starting another turn." +
      (serverStarted ? " The server started that turn itself (for the thread's goal, say): thread.onTurn() hands its handle." : ""),
    { threadId, activeTurnId },
  );
}
