import type {
  ThreadItem,
  ThreadTokenUsage,
  Turn,
  TurnStartParams,
  TurnSteerResponse,
} from "../../generated/protocol.js";
import type { ServerNotification } from "../../generated/methods.js";
import { InvalidRequestError, TransportClosedError, TurnFailedError, TurnTimeoutError } from "../errors.js";
import type { Disposable } from "../transport/transport.js";
import type { ClientContext } from "./client-context.js";
import { normalizeInput, type RunInput } from "./inputs.js";
import { completedTurn, finalResponseOf } from "./turn-result.js";

/** The routing keys a notification's params may carry. */
interface RoutingParams {
  turnId?: string | null;
  turn?: { id?: string } | null;
}

/** What `run()` settles with. */
type Outcome = { ok: true; turn: Turn } | { ok: false; error: unknown };

/** Who reads the turn's events: nobody yet (they are buffered), a `stream()` loop, or only `run()`. */
const enum Reader {
  Unclaimed,
  Stream,
  Released,
}

/** After an abort or idle timeout has interrupted the turn, how long to wait for its `turn/completed` before rejecting anyway. */
const COMPLETION_AFTER_INTERRUPT_MS = 2_000;

/** Options a handle takes from `TurnOptions`. */
export interface TurnHandleOptions {
  /** Aborting interrupts the turn, then rejects `run()`/`stream()` with the signal's reason. */
  signal?: AbortSignal;
  /** Rejects `run()`/`stream()` with `TurnTimeoutError` after this many milliseconds without an event. */
  idleTimeoutMs?: number;
}

/** What `Thread` needs of a handle beyond its public surface; set by the class's static block. */
let internals: {
  start(handle: TurnHandle, params: TurnStartParams): Promise<string>;
  started(handle: TurnHandle): Promise<string>;
  finished(handle: TurnHandle, timeoutMs: number): Promise<void>;
};

/**
 * Sends the handle's `turn/start` (once) and resolves with the turn id. On failure the handle
 * unregisters itself and the error is rethrown. Internal: not exported from the package.
 */
export function startTurn(handle: TurnHandle, params: TurnStartParams): Promise<string> {
  return internals.start(handle, params);
}

/** Resolves with the turn id once `turn/start` has been answered; rejects if it failed. Internal. */
export function turnStarted(handle: TurnHandle): Promise<string> {
  return internals.started(handle);
}

/**
 * Resolves once the turn has ended (its `turn/completed` arrived, or the connection closed), or
 * after `timeoutMs`, whichever comes first. Internal.
 */
export function turnFinished(handle: TurnHandle, timeoutMs: number): Promise<void> {
  return internals.finished(handle, timeoutMs);
}

/**
 * One running (or finished) turn. Get it from `thread.turn(input)`: it has the turn's `id` and
 * has buffered the turn's events since `turn/start` was sent, so nothing is lost.
 *
 * Read the events with `stream()`, or wait for the result with `run()`. After completion, `usage`
 * and `finalResponse` summarize the turn.
 *
 * ```ts
 * const handle = await thread.turn("Write a haiku");
 * for await (const n of handle.stream()) {
 *   if (n.method === "item/agentMessage/delta") process.stdout.write(n.params.delta);
 * }
 * console.log(handle.finalResponse);
 * ```
 */
export class TurnHandle {
  /** The id of the thread this turn runs on. */
  readonly threadId: string;

  readonly #context: ClientContext;
  #id: string | undefined;
  /** Events received before the turn id was known (filtered once it is). */
  #early: ServerNotification[] | null = [];
  #reader: Reader = Reader.Unclaimed;
  /** Events not yet read by `stream()`; `null` once nobody will read them. */
  #queue: (ServerNotification | undefined)[] | null = [];
  #queueHead = 0;
  /** The `stream()` loop waiting for the next event. */
  #waiting: ((result: IteratorResult<ServerNotification>) => void) | null = null;
  #waitingReject: ((error: unknown) => void) | null = null;

  readonly #items: ThreadItem[] = [];
  #usage: ThreadTokenUsage | undefined;
  #completed: Turn | undefined;
  #outcome: Outcome | undefined;
  /** Set while an abort or idle timeout is interrupting the turn; the outcome is already decided. */
  #stopping = false;
  #finalResponse: string | null | undefined;

  #runPromise: Promise<Turn> | undefined;
  #runResolve: ((turn: Turn) => void) | undefined;
  #runReject: ((error: unknown) => void) | undefined;

  #subscription: Disposable | undefined;
  #closeSubscription: Disposable | undefined;
  #startPromise: Promise<string> | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #idleTimeoutMs: number | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #lastEventAt = 0;
  #onCleanup: (() => void) | undefined;
  #cleanedUp = false;

  /**
   * @internal Handles come only from `Thread.turn()`. Subscribes to the thread's notifications and
   * registers the handle as the thread's active turn; `startTurn()` sends the request.
   */
  constructor(context: ClientContext, threadId: string, options: TurnHandleOptions = {}) {
    this.#context = context;
    this.threadId = threadId;
    this.#signal = options.signal;
    this.#idleTimeoutMs = options.idleTimeoutMs;
    context.activeTurns.set(threadId, this);
    this.#subscription = context.connection.onThreadNotification(threadId, this.#onNotification);
    if (this.#idleTimeoutMs !== undefined) {
      this.#lastEventAt = Date.now();
      this.#armIdleTimer(this.#idleTimeoutMs);
    }
    this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
    // Last: on a connection that is already closed this settles the handle and releases all of the above.
    const closeSubscription = context.connection.onClose(this.#onClose);
    if (this.#cleanedUp) closeSubscription.dispose();
    else this.#closeSubscription = closeSubscription;
  }

  /** The turn's id. */
  get id(): string {
    if (this.#id === undefined) throw new Error("The turn has not started yet; await thread.turn() first.");
    return this.#id;
  }

  /** The last token usage the server reported for this turn (`thread/tokenUsage/updated`), or `undefined` before any. */
  get usage(): ThreadTokenUsage | undefined {
    return this.#usage;
  }

  /**
   * The final answer's text once the turn has completed: the last agent message with phase
   * `"final_answer"`, else the last one without a phase; `null` when there is none (e.g. only
   * commentary); `""` for an empty answer. `undefined` until the turn completes.
   */
  get finalResponse(): string | null | undefined {
    if (this.#completed === undefined) return undefined;
    if (this.#finalResponse === undefined) {
      let text = finalResponseOf(this.#items);
      if (text === null && this.#completed.items.length > 0) text = finalResponseOf(this.#completed.items);
      this.#finalResponse = text;
    }
    return this.#finalResponse;
  }

  static {
    internals = {
      start: (handle, params) => (handle.#startPromise ??= handle.#start(params)),
      started: (handle) => handle.#turnId(),
      finished: (handle, timeoutMs) => handle.#completion(timeoutMs),
    };
  }

  async #start(params: TurnStartParams): Promise<string> {
    let turnId: string;
    try {
      const response = await this.#context.connection.request("turn/start", params);
      turnId = response.turn.id;
    } catch (error) {
      this.#settle({ ok: false, error });
      this.#cleanup();
      throw error;
    }
    this.#id = turnId;
    const early = this.#early;
    this.#early = null;
    if (early !== null) {
      for (const notification of early) this.#onNotification(notification);
    }
    return turnId;
  }

  /**
   * The turn's notifications as they arrive, typed by method (narrow on `n.method`): its items,
   * deltas, token usage and the thread-scoped events between (such as `serverRequest/resolved`),
   * ending after its `turn/completed`. One loop per handle; leaving the loop early stops buffering
   * events for it (the turn keeps running; `run()` still resolves when it ends).
   *
   * Throws (in the loop) `ProcessExitError`/`TransportClosedError` when the connection closes, the
   * signal's reason when `signal` aborts, and `TurnTimeoutError` after `idleTimeoutMs` of silence. A
   * failed turn is not an error here: the loop yields its `turn/completed` (status `"failed"`).
   */
  stream(): AsyncIterableIterator<ServerNotification> {
    if (this.#reader === Reader.Stream) {
      throw new Error("stream() was already called on this TurnHandle; a turn's events can be read by one loop only.");
    }
    if (this.#reader === Reader.Released) {
      throw new Error(
        "This TurnHandle's events are no longer buffered: run() is consuming them or an earlier stream() loop ended. " +
          "Call stream() once, before run(), to read every event.",
      );
    }
    this.#reader = Reader.Stream;
    return {
      next: () => this.#next(),
      return: () => {
        this.#releaseQueue();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /**
   * Waits for the turn to end and resolves with the public `Turn` from `turn/completed`, its `items`
   * replaced by every item the turn completed, in order. Status `"completed"` and `"interrupted"`
   * resolve; `"failed"` rejects with `TurnFailedError` (carrying the turn and its error). Also rejects
   * with `ProcessExitError`/`TransportClosedError` if the connection closes first, the signal's
   * reason on abort, and `TurnTimeoutError` after `idleTimeoutMs` of silence. Calling it again gives
   * the same result.
   */
  run(): Promise<Turn> {
    if (this.#runPromise === undefined) {
      if (this.#reader === Reader.Unclaimed) this.#releaseQueue();
      this.#runPromise = new Promise<Turn>((resolve, reject) => {
        this.#runResolve = resolve;
        this.#runReject = reject;
      });
      if (this.#outcome !== undefined) this.#settleRun(this.#outcome);
    }
    return this.#runPromise;
  }

  /**
   * Adds input to this turn while it runs (`turn/steer` with `expectedTurnId`); the model sees it
   * at its next step. Rejects with the server's error if the turn has already ended.
   */
  async steer(input: RunInput): Promise<TurnSteerResponse> {
    const items = normalizeInput(input);
    const turnId = await this.#turnId();
    return this.#context.connection.request("turn/steer", {
      threadId: this.threadId,
      expectedTurnId: turnId,
      input: items,
    });
  }

  /**
   * Asks the server to stop the turn (`turn/interrupt`). The turn then completes with status
   * `"interrupted"`. Interrupting a turn that has already ended is not an error.
   */
  async interrupt(): Promise<void> {
    await this.#interrupt();
  }

  /** Sends `turn/interrupt`; resolves `false` when no turn was running any more. */
  async #interrupt(): Promise<boolean> {
    if (this.#completed !== undefined) return false;
    const turnId = await this.#turnId();
    if (this.#completed !== undefined) return false;
    try {
      await this.#context.connection.request("turn/interrupt", { threadId: this.threadId, turnId });
      return true;
    } catch (error) {
      if (error instanceof InvalidRequestError && /no active turn/i.test(error.message)) return false;
      throw error;
    }
  }

  async #turnId(): Promise<string> {
    if (this.#id !== undefined) return this.#id;
    if (this.#startPromise === undefined) throw new Error("The turn has not been started.");
    return this.#startPromise;
  }

  readonly #onNotification = (notification: ServerNotification): void => {
    const id = this.#id;
    if (id === undefined) {
      this.#early?.push(notification);
      return;
    }
    const params = notification.params as RoutingParams;
    const turnId = params.turnId ?? params.turn?.id;
    if (turnId != null && turnId !== id) return;
    if (this.#idleTimeoutMs !== undefined) this.#lastEventAt = Date.now();

    let completed: Turn | undefined;
    switch (notification.method) {
      case "item/completed":
        this.#items.push(notification.params.item);
        break;
      case "thread/tokenUsage/updated":
        this.#usage = notification.params.tokenUsage;
        break;
      case "turn/completed":
        completed = notification.params.turn;
        break;
    }

    if (this.#queue !== null && !this.#stopping && this.#outcome === undefined) {
      const waiting = this.#waiting;
      if (waiting !== null) {
        this.#waiting = null;
        this.#waitingReject = null;
        waiting({ value: notification, done: false });
      } else {
        this.#queue.push(notification);
      }
    }

    if (completed !== undefined) this.#complete(completed);
  };

  #complete(turn: Turn): void {
    this.#completed = turn;
    if (turn.status === "failed") {
      const error = new TurnFailedError(undefined, { turn: completedTurn(turn, this.#items), turnError: turn.error ?? null });
      this.#settle({ ok: false, error });
    } else {
      this.#settle({ ok: true, turn: completedTurn(turn, this.#items) });
    }
    this.#cleanup();
  }

  readonly #onClose = (error: TransportClosedError): void => {
    this.#settle({ ok: false, error });
    this.#cleanup();
  };

  readonly #onAbort = (): void => {
    const reason: unknown = this.#signal?.reason;
    this.#stopWith(reason, "abort");
  };

  /**
   * Ends the turn for the caller with `error`: interrupts it on the server, waits (briefly) for its
   * `turn/completed` so the thread is free again, then rejects.
   */
  #stopWith(error: unknown, why: string): void {
    if (this.#outcome !== undefined || this.#stopping || this.#cleanedUp) return;
    this.#stopping = true;
    this.#clearIdleTimer();
    this.#interrupt()
      .then(
        (interrupted) => (interrupted ? this.#completion(COMPLETION_AFTER_INTERRUPT_MS) : undefined),
        (interruptError: unknown) => {
          this.#context.logger.warn?.(`Could not interrupt a turn after ${why}.`, {
            threadId: this.threadId,
            turnId: this.#id,
            error: interruptError instanceof Error ? interruptError.message : String(interruptError),
          });
        },
      )
      .then(() => {
        this.#cleanup();
        this.#settle({ ok: false, error }, true);
      });
  }

  /** Resolves once the turn has completed or the handle stopped listening, or after `timeoutMs`. */
  #completion(timeoutMs: number): Promise<void> {
    if (this.#cleanedUp) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref?.();
      const previous = this.#onCleanup;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#onCleanup = () => {
        previous?.();
        done();
      };
    });
  }

  #armIdleTimer(delay: number): void {
    this.#idleTimer = setTimeout(this.#onIdleTimer, delay);
    this.#idleTimer.unref?.();
  }

  readonly #onIdleTimer = (): void => {
    this.#idleTimer = undefined;
    const limit = this.#idleTimeoutMs;
    if (limit === undefined || this.#outcome !== undefined || this.#cleanedUp) return;
    const idle = Date.now() - this.#lastEventAt;
    if (idle < limit) {
      this.#armIdleTimer(limit - idle);
      return;
    }
    const error = new TurnTimeoutError(undefined, {
      threadId: this.threadId,
      turnId: this.#id ?? "(not started)",
      idleTimeoutMs: limit,
    });
    this.#stopWith(error, "idle timeout");
  };

  #clearIdleTimer(): void {
    if (this.#idleTimer !== undefined) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
  }

  /** Records how the turn ended for the caller (first outcome wins) and wakes the readers. */
  #settle(outcome: Outcome, force = false): void {
    if (this.#outcome !== undefined) return;
    if (this.#stopping && !force) return;
    this.#outcome = outcome;
    this.#clearIdleTimer();
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const waiting = this.#waiting;
    const waitingReject = this.#waitingReject;
    this.#waiting = null;
    this.#waitingReject = null;
    if (waiting !== null) {
      if (outcome.ok || outcome.error instanceof TurnFailedError) waiting({ value: undefined, done: true });
      else waitingReject?.(outcome.error);
    }
    if (this.#runPromise !== undefined) this.#settleRun(outcome);
  }

  #settleRun(outcome: Outcome): void {
    const resolve = this.#runResolve;
    const reject = this.#runReject;
    this.#runResolve = undefined;
    this.#runReject = undefined;
    if (outcome.ok) resolve?.(outcome.turn);
    else reject?.(outcome.error);
  }

  #next(): Promise<IteratorResult<ServerNotification>> {
    const queue = this.#queue;
    if (queue !== null && this.#queueHead < queue.length) {
      const value = queue[this.#queueHead] as ServerNotification;
      queue[this.#queueHead++] = undefined;
      if (this.#queueHead === queue.length) {
        queue.length = 0;
        this.#queueHead = 0;
      } else if (this.#queueHead >= 1024 && this.#queueHead * 2 >= queue.length) {
        queue.splice(0, this.#queueHead);
        this.#queueHead = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    const outcome = this.#outcome;
    if (outcome !== undefined || queue === null) {
      if (queue !== null) this.#releaseQueue();
      if (outcome === undefined || outcome.ok || outcome.error instanceof TurnFailedError) {
        return Promise.resolve({ value: undefined, done: true });
      }
      return Promise.reject(outcome.error);
    }
    return new Promise<IteratorResult<ServerNotification>>((resolve, reject) => {
      this.#waiting = resolve;
      this.#waitingReject = reject;
    });
  }

  /** Stops buffering events for `stream()`; the handle keeps tracking the turn's items and completion. */
  #releaseQueue(): void {
    this.#reader = Reader.Released;
    this.#queue = null;
    this.#queueHead = 0;
    const waiting = this.#waiting;
    this.#waiting = null;
    this.#waitingReject = null;
    waiting?.({ value: undefined, done: true });
  }

  /** Unsubscribes and unregisters the handle; its outcome stays readable. */
  #cleanup(): void {
    if (this.#cleanedUp) return;
    this.#cleanedUp = true;
    this.#clearIdleTimer();
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#subscription?.dispose();
    this.#closeSubscription?.dispose();
    this.#subscription = undefined;
    this.#closeSubscription = undefined;
    this.#early = null;
    if (this.#context.activeTurns.get(this.threadId) === this) this.#context.activeTurns.delete(this.threadId);
    const onCleanup = this.#onCleanup;
    this.#onCleanup = undefined;
    onCleanup?.();
  }
}
