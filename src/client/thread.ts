import type {
  Thread as ProtocolThread,
  ThreadCompactStartResponse,
  ThreadGoal,
  ThreadGoalSetParams,
  ThreadReadResponse,
  ThreadSetNameResponse,
} from "../../generated/protocol.js";
import type { Subscription } from "../internal/listeners.js";
import { settleWithin } from "../internal/timers.js";
import type { RequestOptions } from "../rpc/connection.js";
import { checkRequestOptions } from "../rpc/request-checks.js";
import type { ClientCore } from "./client-core.js";
import { findStoredClientMessage } from "./client-message-lookup.js";
import type { LoggedEvent } from "./event-log.js";
import type { RunInput } from "./inputs.js";
import type { GoalChange, OpenThread } from "./open-threads.js";
import {
  checkFindTurnOptions,
  checkGoalOptions,
  checkGoalUpdate,
  checkThreadEventsOptions,
  checkThreadReadOptions,
  func,
  nonEmptyString,
  string,
} from "./option-checks.js";
import type { FindTurnOptions, GoalOptions, GoalUpdate, ThreadEventsOptions, ThreadReadOptions, TurnOptions } from "./options.js";
import type { ToolSet } from "./tools.js";
import { turnHandleFor, type TurnHandle } from "./turn-handle.js";
import type { FromSchema, JsonSchema } from "./json-schema.js";
import { checkOutputSchema } from "./structured-output.js";
import type { StructuredTurnResult, TurnResult } from "./turn-result.js";
import { TurnStream } from "./turn-stream.js";
import { turnStartParams } from "./wire-params.js";

/** How long `close()` gives a running turn to end after its interrupt. */
const INTERRUPT_ON_CLOSE_MS = 2_000;
/**
 * How long `close()` of a thread whose goal is active, between two of its turns, waits for the
 * server to start the next one (to interrupt it). The server starts it within a few milliseconds
 * of the previous turn's end, and within about 300 ms of a goal being set.
 */
const NEXT_GOAL_TURN_MS = 1_000;
/** How many of the latest turns `findTurnByClientUserMessageId()` looks through by default. */
const DEFAULT_FIND_TURNS = 100;

/**
 * A conversation: the state that successive turns build on. Get one from `Codex.threadStart()`,
 * `threadResume()`, `threadFork()` or `threadUnarchive()`; each `run()`/`turn()` is one model
 * execution on it, seeing the earlier turns.
 *
 * ```ts
 * const thread = await codex.threadStart();
 * const first = await thread.run("Pick a number between 1 and 10");
 * const second = await thread.run("Double it");
 * ```
 */
export class Thread {
  /** The thread id; pass it to `Codex.threadResume()` to continue the thread later. */
  readonly id: string;
  readonly #core: ClientCore;
  readonly #open: OpenThread;
  #closed = false;

  /** Threads come only from the `Codex` thread lifecycle methods. */
  private constructor(core: ClientCore, open: OpenThread) {
    this.#core = core;
    this.#open = open;
    this.id = open.id;
  }

  /**
   * Runs one turn to completion: `turn(input, options)` then `run()` on its handle. Resolves with the
   * `TurnResult` (the public `Turn` with every item the turn completed, `finalResponse`, the turn's
   * own `usage` and the server's `warnings`); rejects with `TurnFailedError` when the turn fails.
   *
   * With an `outputSchema`, the result also has `output`: the answer parsed as JSON and checked
   * against the schema, typed from the schema when it is a literal (or `as const`), or by the type
   * parameter `run<MyType>(...)`. An answer that is not JSON, or does not match, rejects with
   * `StructuredOutputError`.
   */
  run<const S extends JsonSchema>(input: RunInput, options: TurnOptions & { outputSchema: S }): Promise<StructuredTurnResult<FromSchema<S>>>;
  /**
   * Runs one turn to completion with an `outputSchema` that is not a literal (loaded at run time,
   * say): `output` has the type given as `Output`, and is still checked against the schema.
   * Rejects with `StructuredOutputError` when the answer is not JSON or does not match.
   */
  run<Output>(input: RunInput, options: TurnOptions & { outputSchema: JsonSchema }): Promise<StructuredTurnResult<Output>>;
  /**
   * Runs one turn to completion: `turn(input, options)` then `run()` on its handle. Resolves with the
   * `TurnResult` (the public `Turn` with every item the turn completed, `finalResponse`, the turn's
   * own `usage` and the server's `warnings`); rejects with `TurnFailedError` when the turn fails.
   */
  run(input: RunInput, options?: TurnOptions): Promise<TurnResult>;
  async run(input: RunInput, options?: TurnOptions): Promise<TurnResult> {
    const handle = await this.turn(input, options);
    return handle.run();
  }

  /**
   * Starts a turn (`turn/start`) and returns its handle once the server has accepted it; the handle
   * has buffered the turn's events from the moment the request was sent. Input and options are
   * checked first (TypeError, nothing sent). Rejects with `ThreadBusyError` while another turn
   * runs on the thread (started through this client, or by the server for the thread's goal): add
   * input to that turn with its `steer()` instead (the server would otherwise merge the new input
   * into the running turn).
   *
   * `clientUserMessageId` is recorded as the user message's `clientId`; the server does not
   * deduplicate on it (a repeat starts another turn, or is merged into the running one). To retry
   * a `turn/start` whose reply was lost, check {@link Thread.findTurnIdByClientUserMessageId} first.
   */
  turn<const S extends JsonSchema>(input: RunInput, options: TurnOptions & { outputSchema: S }): Promise<TurnHandle<FromSchema<S>>>;
  /**
   * Starts a turn with an `outputSchema` that is not a literal: its handle's `run()` resolves with
   * `output` of the type given as `Output` (still checked against the schema).
   */
  turn<Output>(input: RunInput, options: TurnOptions & { outputSchema: JsonSchema }): Promise<TurnHandle<Output>>;
  /**
   * Starts a turn (`turn/start`) and returns its handle once the server has accepted it; the handle
   * has buffered the turn's events from the moment the request was sent. Rejects with
   * `ThreadBusyError` while another turn runs on the thread: add input to that one with its `steer()`.
   */
  turn(input: RunInput, options?: TurnOptions): Promise<TurnHandle>;
  async turn(input: RunInput, options?: TurnOptions): Promise<TurnHandle<unknown>> {
    this.#checkOpen("turn()");
    const params = turnStartParams(this.id, input, options);
    if (options?.outputSchema !== undefined) await checkOutputSchema(options.outputSchema);
    const { link, logger, turns } = this.#core;
    const signal = options?.signal;
    signal?.throwIfAborted();
    const { idleTimeoutMs, serverRequests } = options ?? {};
    const stream = new TurnStream(link, this.id, logger, { signal, idleTimeoutMs, serverRequests });
    await turns.claim(stream, signal);
    stream.open();
    stream.bind(link.request("turn/start", params));
    const turnId = await stream.started;
    const handle = turnHandleFor(stream, link, turnId, options?.outputSchema);
    this.#open.announceTurn(handle);
    return handle;
  }

  /**
   * Calls `listener` with the `TurnHandle` of every turn of this thread from now on: those started
   * with `turn()`/`run()` (the same handle `turn()` resolves with) and those the server starts by
   * itself, such as a goal's continuation turns. It is called as the turn starts, before any of its
   * events has been read, so a listener that wants them calls `stream()` (one loop per handle) or
   * `run()` right away; `thread.events()` follows every turn without owning one.
   */
  onTurn(listener: (turn: TurnHandle) => void): Subscription {
    this.#checkOpen("onTurn()");
    func(listener, "onTurn() listener");
    return this.#open.onTurn(listener);
  }

  /**
   * Sets the thread's goal (`thread/goal/set`) and resolves with it. While a goal is active the
   * server works towards it on its own: it starts turn after turn on the thread (each one reported
   * to `onTurn()`), until the model marks the goal complete (or blocked, or paused), the
   * `tokenBudget` runs out (`budgetLimited`), or the goal is paused or cleared. Interrupting one of
   * those turns (and `close()`) halts the loop for now but leaves the goal active: resuming the
   * thread later restarts it. Ephemeral threads have no goals (the server refuses).
   */
  async setGoal(objective: string, options?: GoalOptions, call?: RequestOptions): Promise<ThreadGoal> {
    this.#checkOpen("setGoal()");
    nonEmptyString(objective, "setGoal() objective");
    const checked = checkGoalOptions(options);
    return this.#setGoal({ objective, ...(checked.tokenBudget !== undefined ? { tokenBudget: checked.tokenBudget } : {}) }, call);
  }

  /**
   * Changes the thread's goal (`thread/goal/set`): its `status` (`"paused"` stops the server's
   * turns, `"active"` resumes them), `objective` or `tokenBudget`; the rest stays. Rejects with the
   * server's error when the thread has no goal.
   */
  async updateGoal(changes: GoalUpdate, call?: RequestOptions): Promise<ThreadGoal> {
    this.#checkOpen("updateGoal()");
    const checked = checkGoalUpdate(changes);
    const params: Omit<ThreadGoalSetParams, "threadId"> = {};
    if (checked.objective !== undefined) params.objective = checked.objective;
    if (checked.status !== undefined) params.status = checked.status;
    if (checked.tokenBudget !== undefined) params.tokenBudget = checked.tokenBudget;
    if (Object.keys(params).length === 0) throw new TypeError("updateGoal() needs something to change: objective, status or tokenBudget.");
    return this.#setGoal(params, call);
  }

  /** Reads the thread's goal (`thread/goal/get`): its objective, status, budget and usage so far, or `null` when it has none. */
  async goal(call?: RequestOptions): Promise<ThreadGoal | null> {
    const { goal } = await this.#core.link.request("thread/goal/get", { threadId: this.id }, call);
    this.#open.noteGoal(goal ?? null);
    return goal ?? null;
  }

  /** Clears the thread's goal (`thread/goal/clear`), which stops the server's turns; resolves with whether there was one. */
  async clearGoal(call?: RequestOptions): Promise<boolean> {
    this.#checkOpen("clearGoal()");
    const { cleared } = await this.#core.link.request("thread/goal/clear", { threadId: this.id }, call);
    this.#open.noteGoal(null);
    return cleared;
  }

  /**
   * Calls `listener` on every change of the thread's goal from now on (`thread/goal/updated` and
   * `thread/goal/cleared`): set or changed by a client, progress after each of its turns
   * (`turnId` names the turn), and its end (`goal.status` `"complete"`, `"budgetLimited"`, ...; or
   * `goal: null` once cleared).
   */
  onGoal(listener: (change: GoalChange) => void): Subscription {
    this.#checkOpen("onGoal()");
    func(listener, "onGoal() listener");
    return this.#open.onGoal(listener);
  }

  /**
   * The thread's notifications from its event log (`CodexOptions.eventLog`), numbered per thread:
   * those after `after` that are still held, then each new one as it arrives, across turns, until
   * the thread (or the client) is closed. For a UI that detaches and comes back: remember the last
   * `seq` shown, and pass it as `after` to replay exactly what was missed. When more events
   * arrived meanwhile than the log keeps, the first `seq` read is above `after + 1`: the events
   * between are gone, so reload the thread's state (`read()`) instead. Any number of loops can
   * read at once; each is only a position in the log. Throws a `TypeError` without the option.
   */
  events(options?: ThreadEventsOptions): AsyncIterableIterator<LoggedEvent> {
    const checked = checkThreadEventsOptions(options);
    const log = this.#open.log;
    if (log === undefined) {
      throw new TypeError(
        "thread.events() needs the client's event log: create the client with new Codex({ eventLog: { maxEventsPerThread: 1000 } }).",
      );
    }
    checked.signal?.throwIfAborted();
    return log.read(checked.after ?? 0, checked.signal);
  }

  /**
   * The id of the turn that took the user message sent with `clientUserMessageId`
   * (`turn(input, { clientUserMessageId })`), or `null` when no turn did. The server records the
   * id as the message's `clientId` and does not deduplicate on it, so before retrying a
   * `turn/start` whose reply was lost (a `RequestTimeoutError` with `sent: true`, or a connection
   * lost after sending), look the id up: when a turn holds it, the server took the message (its
   * turn may still be running), and sending it again would repeat it.
   *
   * It looks first at what this client saw live on the thread since it was opened (the latest 256
   * ids), then through the stored history of the latest `maxTurns` turns (default 100) with
   * `thread/turns/list`. The stored history lags a running turn by a moment (about 100 ms), so a
   * new client (after a reconnect, say) should look up an id only once the lost request's timeout
   * has passed.
   */
  async findTurnIdByClientUserMessageId(clientUserMessageId: string, options?: FindTurnOptions, call?: RequestOptions): Promise<string | null> {
    nonEmptyString(clientUserMessageId, "findTurnIdByClientUserMessageId() id");
    const { maxTurns = DEFAULT_FIND_TURNS } = checkFindTurnOptions(options);
    const seen = this.#open.turnOfClientMessage(clientUserMessageId);
    if (seen !== undefined) return seen;
    return findStoredClientMessage(this.#core.link, this.id, clientUserMessageId, maxTurns, call);
  }

  /**
   * Reads the thread (`thread/read`). With `includeTurns: true` the response also holds the
   * thread's turns and their items from its stored history (default `false`).
   */
  async read(options?: ThreadReadOptions, call?: RequestOptions): Promise<ThreadReadResponse> {
    const checked = checkThreadReadOptions(options);
    const params: { threadId: string; includeTurns?: boolean } = { threadId: this.id };
    if (checked.includeTurns !== undefined) params.includeTurns = checked.includeTurns;
    return this.#core.link.request("thread/read", params, call);
  }

  /** Names the thread (`thread/name/set`). */
  async setName(name: string, call?: RequestOptions): Promise<ThreadSetNameResponse> {
    string(name, "setName() name");
    return this.#core.link.request("thread/name/set", { threadId: this.id, name }, call);
  }

  /** Starts compacting the thread's history (`thread/compact/start`); progress arrives as notifications. */
  async compact(call?: RequestOptions): Promise<ThreadCompactStartResponse> {
    return this.#core.link.request("thread/compact/start", { threadId: this.id }, call);
  }

  /** True once `close()` was called on this object. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Stops following the thread (`thread/unsubscribe`): a running turn is interrupted first (one
   * started here, or by the server for the thread's goal: that also halts the goal's loop, and a
   * turn the server starts while the thread closes is interrupted too), then this client releases
   * everything it holds for the thread (its server-request handlers, tools, listeners, event log,
   * buffers) and the server stops sending its events to this client. Afterwards this object refuses
   * new turns; `codex.threadResume(id)` gives a working `Thread` again. It is not a lifecycle call:
   * the thread stays stored (a goal stays active: resuming restarts its loop; clear or pause it to
   * stop it for good), and the server unloads it once it has had no subscriber and no activity for
   * a while (about a minute). Calling it again does nothing.
   */
  async close(call?: RequestOptions): Promise<void> {
    checkRequestOptions("close()", call);
    if (this.#closed) return;
    this.#closed = true;
    const { link, scopes } = this.#core;
    const open = this.#open;
    open.beginClosing();
    try {
      await this.#interruptRunning(call);
      if (open.expectsGoalTurn && this.#core.turns.runningOn(this.id) === undefined) {
        // Between two turns of an active goal: the next one is interrupted as soon as it starts.
        await open.nextTurnStart(NEXT_GOAL_TURN_MS);
        const next = this.#core.turns.runningOn(this.id);
        if (next !== undefined) await settleWithin(next.settled, INTERRUPT_ON_CLOSE_MS);
      }
      scopes.setThread(this.id, undefined);
      if (!link.lostError) await link.request("thread/unsubscribe", { threadId: this.id }, call);
    } finally {
      open.close();
    }
  }

  async #interruptRunning(call: RequestOptions | undefined): Promise<void> {
    const { logger, turns } = this.#core;
    const running = turns.runningOn(this.id);
    if (running === undefined) return;
    await running.interrupt(call).catch((error: unknown) => logger.debug?.("Could not interrupt a turn while closing its thread.", { threadId: this.id, error }));
    await settleWithin(running.settled, INTERRUPT_ON_CLOSE_MS);
  }

  async #setGoal(params: Omit<ThreadGoalSetParams, "threadId">, call: RequestOptions | undefined): Promise<ThreadGoal> {
    const { goal } = await this.#core.link.request("thread/goal/set", { threadId: this.id, ...params }, call);
    this.#open.noteGoal(goal);
    return goal;
  }

  #checkOpen(call: string): void {
    if (this.#closed) {
      throw new TypeError(
        `${call} was called on thread ${this.id} after its close(); resume it with codex.threadResume("${this.id}") to run turns again.`,
      );
    }
  }
}

/**
 * The `Thread` for a thread the server returned, opened in the client (with `tools` answering its
 * tool calls, when given). Internal: threads are made only by `Codex`.
 */
export function threadFor(core: ClientCore, thread: ProtocolThread, tools?: ToolSet): Thread {
  const open = core.threads.open(thread.id);
  if (tools !== undefined) open.setTools(tools);
  const ThreadClass = Thread as unknown as new (core: ClientCore, open: OpenThread) => Thread;
  return new ThreadClass(core, open);
}
