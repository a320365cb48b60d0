import type {
  Thread as ProtocolThread,
  ThreadCompactStartResponse,
  ThreadReadResponse,
  ThreadSetNameResponse,
} from "../../generated/protocol.js";
import { settleWithin } from "../internal/timers.js";
import type { RequestOptions } from "../rpc/connection.js";
import { checkRequestOptions } from "../rpc/request-checks.js";
import type { ClientCore } from "./client-core.js";
import type { RunInput } from "./inputs.js";
import { checkThreadReadOptions, string } from "./option-checks.js";
import type { ThreadReadOptions, TurnOptions } from "./options.js";
import { turnHandleFor, type TurnHandle } from "./turn-handle.js";
import type { TurnResult } from "./turn-result.js";
import { TurnStream } from "./turn-stream.js";
import { turnStartParams } from "./wire-params.js";

/** How long `close()` gives a running turn to end after its interrupt. */
const INTERRUPT_ON_CLOSE_MS = 2_000;

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
  #closed = false;

  /** Threads come only from the `Codex` thread lifecycle methods. */
  private constructor(core: ClientCore, id: string) {
    this.#core = core;
    this.id = id;
  }

  /**
   * Runs one turn to completion: `turn(input, options)` then `run()` on its handle. Resolves with the
   * `TurnResult` (the public `Turn` with every item the turn completed, `finalResponse`, the turn's
   * own `usage` and the server's `warnings`); rejects with `TurnFailedError` when the turn fails.
   */
  async run(input: RunInput, options?: TurnOptions): Promise<TurnResult> {
    const handle = await this.turn(input, options);
    return handle.run();
  }

  /**
   * Starts a turn (`turn/start`) and returns its handle once the server has accepted it; the handle
   * has buffered the turn's events from the moment the request was sent. Input and options are
   * checked first (TypeError, nothing sent). Rejects with `ThreadBusyError` while another turn
   * started through this client runs on the thread: add input to that turn with its `steer()`
   * instead (the server would otherwise merge the new input into the running turn).
   */
  async turn(input: RunInput, options?: TurnOptions): Promise<TurnHandle> {
    this.#checkOpen("turn()");
    const params = turnStartParams(this.id, input, options);
    const { connection, logger, turns } = this.#core;
    const signal = options?.signal;
    signal?.throwIfAborted();
    const { idleTimeoutMs, serverRequests } = options ?? {};
    const stream = new TurnStream(connection, this.id, logger, { signal, idleTimeoutMs, serverRequests });
    await turns.claim(stream, signal);
    stream.open();
    stream.bind(connection.request("turn/start", params));
    const turnId = await stream.started;
    return turnHandleFor(stream, connection, turnId);
  }

  /**
   * Reads the thread (`thread/read`). With `includeTurns: true` the response also holds the
   * thread's turns and their items from its stored history (default `false`).
   */
  async read(options?: ThreadReadOptions, call?: RequestOptions): Promise<ThreadReadResponse> {
    const checked = checkThreadReadOptions(options);
    const params: { threadId: string; includeTurns?: boolean } = { threadId: this.id };
    if (checked.includeTurns !== undefined) params.includeTurns = checked.includeTurns;
    return this.#core.connection.request("thread/read", params, call);
  }

  /** Names the thread (`thread/name/set`). */
  async setName(name: string, call?: RequestOptions): Promise<ThreadSetNameResponse> {
    string(name, "setName() name");
    return this.#core.connection.request("thread/name/set", { threadId: this.id, name }, call);
  }

  /** Starts compacting the thread's history (`thread/compact/start`); progress arrives as notifications. */
  async compact(call?: RequestOptions): Promise<ThreadCompactStartResponse> {
    return this.#core.connection.request("thread/compact/start", { threadId: this.id }, call);
  }

  /** True once `close()` was called on this object. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Stops following the thread (`thread/unsubscribe`): a running turn started here is interrupted
   * first, then this client releases everything it holds for the thread (its server-request
   * handlers, subscriptions, buffers) and the server stops sending its events to this client.
   * Afterwards this object refuses new turns; `codex.threadResume(id)` gives a working `Thread`
   * again. It is not a lifecycle call: the thread stays stored, and the server unloads it once it
   * has had no subscriber and no activity for a while (about a minute). Calling it again does nothing.
   */
  async close(call?: RequestOptions): Promise<void> {
    checkRequestOptions("close()", call);
    if (this.#closed) return;
    this.#closed = true;
    const { connection, logger, turns, scopes } = this.#core;
    const running = turns.runningOn(this.id);
    if (running !== undefined) {
      await running.interrupt(call).catch((error: unknown) => logger.debug?.("Could not interrupt a turn while closing its thread.", { threadId: this.id, error }));
      await settleWithin(running.settled, INTERRUPT_ON_CLOSE_MS);
    }
    scopes.setThread(this.id, undefined);
    if (!connection.isClosed) await connection.request("thread/unsubscribe", { threadId: this.id }, call);
  }

  #checkOpen(call: string): void {
    if (this.#closed) {
      throw new TypeError(
        `${call} was called on thread ${this.id} after its close(); resume it with codex.threadResume("${this.id}") to run turns again.`,
      );
    }
  }
}

/** The `Thread` for a thread the server returned. Internal: threads are made only by `Codex`. */
export function threadFor(core: ClientCore, thread: ProtocolThread): Thread {
  const ThreadClass = Thread as unknown as new (core: ClientCore, id: string) => Thread;
  return new ThreadClass(core, thread.id);
}
