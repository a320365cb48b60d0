import type { ThreadItem, TokenUsageBreakdown, Turn, TurnStartResponse } from "../../generated/protocol.js";
import type { ServerNotification, TypedNotification } from "../../generated/methods.js";
import { InvalidRequestError, TurnFailedError, TurnTimeoutError, closeErrorForTurn } from "../errors.js";
import { onAbort } from "../internal/abort.js";
import { Fifo } from "../internal/fifo.js";
import type { Subscription } from "../internal/listeners.js";
import { settleWithin, startTimer, type Timer } from "../internal/timers.js";
import { errorMessage, isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { RequestOptions } from "../rpc/connection.js";
import type { TransportClosedError } from "../errors.js";
import type { ServerLink } from "./client-link.js";
import type { ConnectionGapEvent, TurnEvent } from "./turn-events.js";
import { checkRequestOptions } from "../rpc/request-checks.js";
import type { ServerRequestHandlers } from "../rpc/server-requests.js";
import { checkStreamOptions } from "./option-checks.js";
import { TurnEventBuffer } from "./turn-event-buffer.js";
import { TurnUsage, turnResultOf, type TurnResult } from "./turn-result.js";

/** How a turn ended for its readers: its completed `Turn`, or the error `run()` rejects with. */
export type TurnOutcome = { readonly ok: true; readonly turn: TurnResult } | { readonly ok: false; readonly error: unknown };

/**
 * Where a turn is:
 * - `starting`: `turn/start` is sent and events are buffered until its reply names the turn;
 * - `running`: bound to its turn id;
 * - `stopping`: an abort or idle timeout decided the outcome; the turn is being interrupted;
 * - `settled`: the turn ended (or the connection closed); the thread is free again.
 */
export type TurnPhase =
  | { readonly name: "starting" }
  | { readonly name: "running" }
  | { readonly name: "stopping"; readonly outcome: TurnOutcome }
  | { readonly name: "settled"; readonly outcome: TurnOutcome };

/** Options of a {@link TurnStream}. */
export interface TurnStreamSetup {
  /** Aborting stops the turn: the outcome is the signal's reason at once; the turn is interrupted in the background. */
  signal?: AbortSignal;
  /** Stops the turn with `TurnTimeoutError` after this many milliseconds without an event. */
  idleTimeoutMs?: number;
  /** Handlers for the server requests of this turn; they win over the thread's and the client's. */
  serverRequests?: ServerRequestHandlers;
}

interface Reader {
  resolve(result: IteratorResult<TurnEvent>): void;
  reject(error: unknown): void;
}

/** After an abort or idle timeout has interrupted the turn, how long to wait for its end before freeing the thread anyway. */
const COMPLETION_AFTER_INTERRUPT_MS = 2_000;

const DONE: IteratorResult<TurnEvent> = { value: undefined, done: true };

/**
 * One turn's events, from just before its `turn/start` until it ends: buffers them until the turn
 * id is known, then keeps those of this turn, collects its completed items and token usage, and
 * holds its outcome. Internal: `TurnHandle` is its public face.
 */
export class TurnStream {
  /** The thread the turn runs on. */
  readonly threadId: string;
  /** Resolves with the turn id once `turn/start` is answered; rejects with the outcome if the turn ends or stops first. */
  readonly started: Promise<string>;
  /** Resolves once the turn has settled (ended, or its connection closed). Never rejects. */
  readonly settled: Promise<void>;

  readonly #link: ServerLink;
  readonly #logger: Logger;
  readonly #options: TurnStreamSetup;
  #phase: TurnPhase = { name: "starting" };
  #turnId: string | undefined;
  /** The turn as `turn/start` answered it (status `inProgress`). */
  #startedTurn: Turn | undefined;
  /** Events received before the turn id was known; replayed through the filter on bind. */
  #early: ServerNotification[] | undefined = [];
  readonly #items: ThreadItem[] = [];
  readonly #usage = new TurnUsage();
  readonly #warnings: string[] = [];
  #completed: TurnResult | undefined;

  /** Events not yet read by `stream()`; `undefined` once nobody will read them. */
  #buffer: TurnEventBuffer | undefined;
  /** When the connection dropped under the turn, until the turn is resumed on a new one. */
  #droppedAtMs: number | undefined;
  /** Every drop the turn lived through. */
  readonly #gaps: ConnectionGapEvent["params"][] = [];
  /** Whether the `stream()` reader asked for gap markers among the events. */
  #withGaps = false;
  #reader: "unclaimed" | "stream" | "released" = "unclaimed";
  readonly #readers = new Fifo<Reader>();
  #errorReported = false;
  #result: Promise<TurnResult> | undefined;

  readonly #subscriptions: Subscription[] = [];
  readonly #settledListeners: (() => void)[] = [];
  readonly #outcomeListeners: ((outcome: TurnOutcome) => void)[] = [];
  /** Resolves with the turn id once bound, or `undefined` once the turn settled without one. */
  readonly #bound: Promise<string | undefined>;
  #resolveBound!: (turnId: string | undefined) => void;
  #idleTimer: Timer | undefined;
  #lastEventAt = 0;
  #resolveStarted!: (turnId: string) => void;
  #rejectStarted!: (error: unknown) => void;
  #markSettled!: () => void;

  constructor(link: ServerLink, threadId: string, logger: Logger, options: TurnStreamSetup = {}) {
    this.#link = link;
    this.threadId = threadId;
    this.#logger = logger;
    this.#options = options;
    this.#buffer = new TurnEventBuffer(logger, threadId);
    this.started = new Promise<string>((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    this.started.catch(() => {});
    this.#bound = new Promise((resolve) => (this.#resolveBound = resolve));
    this.settled = new Promise<void>((resolve) => (this.#markSettled = resolve));
  }

  /** Where the turn is. */
  get phase(): TurnPhase {
    return this.#phase;
  }

  /** The turn id, once `turn/start` has answered. */
  get turnId(): string | undefined {
    return this.#turnId;
  }

  /** How the turn ended for its readers, once decided. */
  get outcome(): TurnOutcome | undefined {
    const phase = this.#phase;
    return phase.name === "stopping" || phase.name === "settled" ? phase.outcome : undefined;
  }

  /** The handlers for this turn's server requests, if any. */
  get serverRequests(): ServerRequestHandlers | undefined {
    return this.#options.serverRequests;
  }

  /** The turn's own token usage so far, or `null` before the server reported any. */
  get usage(): TokenUsageBreakdown | null {
    return this.#usage.value;
  }

  /** The final answer's text once the turn has completed (see `TurnResult`); `undefined` until it completes. */
  get finalResponse(): string | null | undefined {
    return this.#completed?.finalResponse;
  }

  /** Calls `listener` once when the turn settles (at once if it has). */
  onSettled(listener: () => void): void {
    if (this.#phase.name === "settled") listener();
    else this.#settledListeners.push(listener);
  }

  /** Starts listening: to the thread's notifications, the connection's close, the signal and the idle timer. */
  open(): void {
    const { signal, idleTimeoutMs } = this.#options;
    this.#subscriptions.push(this.#link.notifications.onThread(this.threadId, (n) => this.#onNotification(n)));
    if (idleTimeoutMs !== undefined) {
      this.#lastEventAt = Date.now();
      this.#armIdleTimer(idleTimeoutMs);
    }
    if (signal) this.#subscriptions.push(onAbort(signal, () => this.#stop(signal.reason, "abort")));
    // Last: on a connection that is already closed this settles the stream at once. The readers get
    // a copy of the close error that names this turn.
    this.#subscriptions.push(this.#link.onDrop(() => (this.#droppedAtMs ??= Date.now())));
    this.#subscriptions.push(this.#link.onReopen(() => this.#markGap()));
    this.#subscriptions.push(
      this.#link.onLost((error) => this.#settle({ ok: false, error: closeErrorForTurn(error, this.threadId, this.#turnId) })),
    );
  }

  /**
   * A new connection is up after a drop, and the turn's later events will come through it once its
   * thread is resumed: a marker first tells `stream()` readers where events may be missing.
   */
  #markGap(): void {
    const droppedAtMs = this.#droppedAtMs;
    this.#droppedAtMs = undefined;
    if (droppedAtMs === undefined || this.#turnId === undefined || this.outcome !== undefined) return;
    const gap = { threadId: this.threadId, turnId: this.#turnId, droppedAtMs, resumedAtMs: Date.now() };
    this.#gaps.push(gap);
    this.#deliver({ method: "sdk/connectionGap", params: gap });
  }

  /** Every drop of the connection the turn lived through, in order. */
  get gaps(): readonly ConnectionGapEvent["params"][] {
    return this.#gaps;
  }

  /** After a reconnect: the server no longer runs the turn (it ended, or the server restarted), so it settles with `error`. */
  lostInGap(error: TransportClosedError): void {
    this.#droppedAtMs = undefined;
    this.#settle({ ok: false, error: closeErrorForTurn(error, this.threadId, this.#turnId) });
  }

  /** Binds to the turn that `turn/start` answers with (or settles with its error). */
  bind(reply: Promise<TurnStartResponse>): void {
    reply.then(
      (response) => this.#bind(response.turn),
      (error: unknown) => this.#settle({ ok: false, error }),
    );
  }

  /**
   * Follows a turn the server started itself (a goal's continuation, say): binds to the turn of its
   * `turn/started` at once, with that notification as the turn's first event. Call it after
   * `open()`, from the listener that received the notification.
   */
  adopt(started: TypedNotification<"turn/started">): void {
    this.#bind(started.params.turn);
    this.#onNotification(started);
  }

  /**
   * The turn's notifications as they arrive; see `TurnHandle.stream()`. Throws a `TypeError` for
   * bad options, when called twice, or after `run()` took over.
   */
  events(options?: unknown): AsyncIterableIterator<TurnEvent> {
    const { highWaterMark, gaps } = checkStreamOptions(options);
    if (this.#reader === "stream") {
      throw new TypeError("stream() was already called on this TurnHandle; a turn's events can be read by one loop only.");
    }
    if (this.#reader === "released") {
      throw new TypeError(
        "This TurnHandle's events are no longer buffered: run() is consuming them or an earlier stream() loop ended. " +
          "Call stream() once, before run(), to read every event.",
      );
    }
    this.#reader = "stream";
    this.#withGaps = gaps === true;
    if (highWaterMark !== undefined) this.#buffer!.highWaterMark = highWaterMark;
    return {
      next: () => this.#next(),
      return: () => {
        this.#release();
        return Promise.resolve(DONE);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Resolves with the `TurnResult`, or rejects with the outcome's error; see `TurnHandle.run()`. */
  result(): Promise<TurnResult> {
    if (this.#result === undefined) {
      if (this.#reader === "unclaimed") this.#release();
      this.#result = new Promise<TurnResult>((resolve, reject) => {
        const deliver = (outcome: TurnOutcome) => (outcome.ok ? resolve(outcome.turn) : reject(outcome.error));
        const outcome = this.outcome;
        if (outcome !== undefined) deliver(outcome);
        else this.#outcomeListeners.push(deliver);
      });
    }
    return this.#result;
  }

  /**
   * Asks the server to stop the turn (`turn/interrupt`); it then completes as `interrupted`. A
   * turn that has ended already is not an error. When the server says it runs no such turn any
   * more although it never reported its end, the turn settles as `interrupted`.
   */
  async interrupt(options?: RequestOptions): Promise<void> {
    checkRequestOptions('"turn/interrupt"', options);
    const turnId = this.#turnId ?? (await this.#bound);
    if (turnId === undefined || this.#isSettled()) return;
    try {
      await this.#link.request("turn/interrupt", { threadId: this.threadId, turnId }, options);
    } catch (error) {
      if (!(error instanceof InvalidRequestError && /no active turn/i.test(error.serverMessage))) throw error;
      if (this.#isSettled()) return;
      this.#logger.warn?.(`The server no longer runs turn ${turnId} but never reported its end; it counts as interrupted.`, {
        threadId: this.threadId,
        turnId,
      });
      this.#complete({ ...this.#startedTurn!, status: "interrupted" });
    }
  }

  #bind(turn: Turn): void {
    if (this.#phase.name === "settled") return;
    this.#turnId = turn.id;
    this.#startedTurn = turn;
    if (this.#phase.name === "starting") this.#phase = { name: "running" };
    const early = this.#early ?? [];
    this.#early = undefined;
    this.#resolveStarted(turn.id);
    this.#resolveBound(turn.id);
    for (const notification of early) {
      if (this.#isSettled()) break;
      this.#onNotification(notification);
    }
  }

  #isSettled(): boolean {
    return this.#phase.name === "settled";
  }

  #onNotification(notification: ServerNotification): void {
    if (this.#phase.name === "settled") return;
    if (this.#turnId === undefined) {
      this.#early?.push(notification);
      return;
    }
    const params: unknown = notification.params;
    if (!isPlainObject(params)) return;
    const turnId = params.turnId ?? (isPlainObject(params.turn) ? params.turn.id : undefined);
    if (turnId != null && turnId !== this.#turnId) return;
    if (this.#options.idleTimeoutMs !== undefined) this.#lastEventAt = Date.now();

    let completed: Turn | undefined;
    switch (notification.method) {
      case "item/completed":
        if (isPlainObject(params.item)) this.#items.push(params.item as unknown as ThreadItem);
        break;
      case "thread/tokenUsage/updated": {
        const usage = params.tokenUsage;
        if (isPlainObject(usage) && isPlainObject(usage.total) && isPlainObject(usage.last)) {
          this.#usage.add(usage.total as unknown as TokenUsageBreakdown, usage.last as unknown as TokenUsageBreakdown);
        }
        break;
      }
      case "warning":
        if (typeof params.message === "string") this.#warnings.push(params.message);
        break;
      case "turn/completed":
        if (isPlainObject(params.turn) && typeof params.turn.status === "string") completed = params.turn as unknown as Turn;
        else this.#logger.warn?.("Ignored a turn/completed without a turn.", { threadId: this.threadId, turnId: this.#turnId });
        break;
    }
    if (this.outcome === undefined) this.#deliver(notification);
    if (completed !== undefined) this.#complete(completed);
  }

  #deliver(notification: TurnEvent): void {
    if (notification.method === "sdk/connectionGap" && this.#reader === "stream" && !this.#withGaps) return;
    const reader = this.#readers.shift();
    if (reader !== undefined) reader.resolve({ value: notification, done: false });
    else this.#buffer?.push(notification);
  }

  #complete(turn: Turn): void {
    const result = turnResultOf(turn, this.#items, this.#usage.value, this.#warnings);
    this.#completed = result;
    if (turn.status === "failed") {
      this.#settle({ ok: false, error: new TurnFailedError(undefined, { turn: result, turnError: turn.error ?? null }) });
    } else {
      this.#settle({ ok: true, turn: result });
    }
  }

  /** Decides the outcome (unless a stop already did) and ends the stream: the thread is free. */
  #settle(outcome: TurnOutcome): void {
    const phase = this.#phase;
    if (phase.name === "settled") return;
    const decided = phase.name === "stopping" ? phase.outcome : outcome;
    this.#phase = { name: "settled", outcome: decided };
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    this.#idleTimer?.cancel();
    this.#idleTimer = undefined;
    this.#early = undefined;
    this.#buffer?.finish(this.#turnId);
    this.#resolveBound(undefined);
    for (const listener of this.#settledListeners.splice(0)) listener();
    if (phase.name !== "stopping") this.#announce(decided);
    this.#markSettled();
  }

  /**
   * Ends the turn for its readers with `error` at once (abort, idle timeout), then interrupts it on
   * the server in the background and frees the thread once it has ended (or after a grace period).
   */
  #stop(error: unknown, why: string): void {
    const phase = this.#phase;
    if (phase.name !== "starting" && phase.name !== "running") return;
    const outcome: TurnOutcome = { ok: false, error };
    this.#phase = { name: "stopping", outcome };
    this.#idleTimer?.cancel();
    this.#idleTimer = undefined;
    this.#announce(outcome);
    void this.interrupt()
      .catch((interruptError: unknown) =>
        this.#logger.warn?.(`Could not interrupt a turn after ${why}.`, {
          threadId: this.threadId,
          turnId: this.#turnId,
          error: errorMessage(interruptError),
        }),
      )
      .then(() => settleWithin(this.settled, COMPLETION_AFTER_INTERRUPT_MS))
      .then(() => this.#settle(outcome));
  }

  /** Tells the readers how the turn ended: `started`, the `run()` promise and waiting `stream()` reads. */
  #announce(outcome: TurnOutcome): void {
    if (!outcome.ok && this.#turnId === undefined) this.#rejectStarted(outcome.error);
    for (const listener of this.#outcomeListeners.splice(0)) listener(outcome);
    const streamEndsQuietly = outcome.ok || outcome.error instanceof TurnFailedError;
    for (let reader = this.#readers.shift(); reader !== undefined; reader = this.#readers.shift()) {
      if (streamEndsQuietly || this.#errorReported) reader.resolve(DONE);
      else {
        this.#errorReported = true;
        reader.reject(outcome.error);
      }
    }
  }

  #next(): Promise<IteratorResult<TurnEvent>> {
    let value = this.#buffer?.shift();
    while (value?.method === "sdk/connectionGap" && !this.#withGaps) value = this.#buffer?.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    const outcome = this.outcome;
    if (this.#buffer === undefined || outcome !== undefined) {
      if (outcome === undefined || outcome.ok || outcome.error instanceof TurnFailedError || this.#errorReported) {
        return Promise.resolve(DONE);
      }
      this.#errorReported = true;
      return Promise.reject(outcome.error);
    }
    return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
  }

  /** Stops buffering events for `stream()`; the stream keeps tracking the turn's items and end. */
  #release(): void {
    this.#reader = "released";
    this.#buffer?.finish(this.#turnId);
    this.#buffer = undefined;
    for (let reader = this.#readers.shift(); reader !== undefined; reader = this.#readers.shift()) reader.resolve(DONE);
  }

  #armIdleTimer(delay: number): void {
    this.#idleTimer = startTimer(delay, () => this.#onIdleTimer());
  }

  #onIdleTimer(): void {
    const limit = this.#options.idleTimeoutMs!;
    this.#idleTimer = undefined;
    if (this.outcome !== undefined || this.#phase.name === "settled") return;
    const idle = Date.now() - this.#lastEventAt;
    if (idle < limit) {
      this.#armIdleTimer(limit - idle);
      return;
    }
    const error = new TurnTimeoutError(undefined, {
      threadId: this.threadId,
      turnId: this.#turnId ?? "(not started)",
      idleTimeoutMs: limit,
    });
    this.#stop(error, "an idle timeout");
  }
}
