import type {
  Thread as ProtocolThread,
  ThreadCompactStartResponse,
  ThreadReadResponse,
  ThreadSetNameResponse,
  Turn,
} from "../../generated/protocol.js";
import { ThreadBusyError } from "../errors.js";
import type { ClientContext } from "./client-context.js";
import type { RunInput } from "./inputs.js";
import { checkOptions, boolean } from "./option-checks.js";
import { turnStartParams, type TurnOptions } from "./thread-options.js";
import { TurnHandle, startTurn, turnStarted } from "./turn-handle.js";

const READ_CHECKS = { includeTurns: boolean };

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

  readonly #context: ClientContext;

  /**
   * @internal Threads come only from the `Codex` thread lifecycle methods.
   */
  constructor(context: ClientContext, thread: ProtocolThread) {
    this.#context = context;
    this.id = thread.id;
  }

  /**
   * Runs one turn to completion: `turn(input, options)` then `run()` on its handle. Resolves with the
   * public `Turn`, its `items` being every item the turn completed (the final agent message
   * included); rejects with `TurnFailedError` when the turn fails.
   */
  async run(input: RunInput, options?: TurnOptions): Promise<Turn> {
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
    const params = turnStartParams(this.id, input, options);
    const signal = options?.signal;
    signal?.throwIfAborted();
    // The check and the registration (in the TurnHandle constructor) must not be split by an await.
    for (let active = this.#context.activeTurns.get(this.id); active !== undefined; ) {
      await this.#rejectIfRunning(active);
      signal?.throwIfAborted();
      active = this.#context.activeTurns.get(this.id);
    }
    const handle = new TurnHandle(this.#context, this.id, {
      signal,
      idleTimeoutMs: options?.idleTimeoutMs,
    });
    await startTurn(handle, params);
    return handle;
  }

  /**
   * Reads the thread (`thread/read`). With `includeTurns: true` the response also holds the
   * thread's turns and their items from its stored history (default `false`).
   */
  async read(options: { includeTurns?: boolean } = {}): Promise<ThreadReadResponse> {
    const checked = checkOptions("read()", options, READ_CHECKS) as { includeTurns?: boolean };
    const params: { threadId: string; includeTurns?: boolean } = { threadId: this.id };
    if (checked.includeTurns !== undefined) params.includeTurns = checked.includeTurns;
    return this.#context.connection.request("thread/read", params);
  }

  /** Names the thread (`thread/name/set`). */
  async setName(name: string): Promise<ThreadSetNameResponse> {
    if (typeof name !== "string") throw new TypeError(`setName() needs the name as a string, got ${typeof name}.`);
    return this.#context.connection.request("thread/name/set", { threadId: this.id, name });
  }

  /** Starts compacting the thread's history (`thread/compact/start`); progress arrives as notifications. */
  compact(): Promise<ThreadCompactStartResponse> {
    return this.#context.connection.request("thread/compact/start", { threadId: this.id });
  }

  /**
   * Throws `ThreadBusyError` if `active` (a turn started through this client on this thread) is
   * running. A turn whose `turn/start` is still in flight is waited for first, so the error can name
   * its id; if that start fails, the thread is free again.
   */
  async #rejectIfRunning(active: TurnHandle): Promise<void> {
    let activeTurnId: string;
    try {
      activeTurnId = await turnStarted(active);
    } catch {
      return;
    }
    if (this.#context.activeTurns.get(this.id) !== active) return;
    throw new ThreadBusyError(
      `Thread ${this.id} is already running turn ${activeTurnId}. A turn/start now would be merged into it; ` +
        "add input to the running turn with its handle's steer(), interrupt() it, or wait for it to finish " +
        "(await handle.run()) before starting another turn.",
      { threadId: this.id, activeTurnId },
    );
  }
}
