import type {
  Thread as ProtocolThread,
  ThreadCompactStartResponse,
  ThreadReadResponse,
  ThreadSetNameResponse,
  Turn,
} from "../../generated/protocol.js";
import type { ClientCore } from "./client-core.js";
import type { RunInput } from "./inputs.js";
import { checkThreadReadOptions, string } from "./option-checks.js";
import type { ThreadReadOptions, TurnOptions } from "./options.js";
import { turnHandleFor, type TurnHandle } from "./turn-handle.js";
import { TurnStream } from "./turn-stream.js";
import { turnStartParams } from "./wire-params.js";

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

  /** Threads come only from the `Codex` thread lifecycle methods. */
  private constructor(core: ClientCore, id: string) {
    this.#core = core;
    this.id = id;
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
    const { connection, logger, turns } = this.#core;
    const signal = options?.signal;
    signal?.throwIfAborted();
    const stream = new TurnStream(connection, this.id, logger, { signal, idleTimeoutMs: options?.idleTimeoutMs });
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
  async read(options?: ThreadReadOptions): Promise<ThreadReadResponse> {
    const checked = checkThreadReadOptions(options);
    const params: { threadId: string; includeTurns?: boolean } = { threadId: this.id };
    if (checked.includeTurns !== undefined) params.includeTurns = checked.includeTurns;
    return this.#core.connection.request("thread/read", params);
  }

  /** Names the thread (`thread/name/set`). */
  async setName(name: string): Promise<ThreadSetNameResponse> {
    string(name, "setName() name");
    return this.#core.connection.request("thread/name/set", { threadId: this.id, name });
  }

  /** Starts compacting the thread's history (`thread/compact/start`); progress arrives as notifications. */
  async compact(): Promise<ThreadCompactStartResponse> {
    return this.#core.connection.request("thread/compact/start", { threadId: this.id });
  }
}

/** The `Thread` for a thread the server returned. Internal: threads are made only by `Codex`. */
export function threadFor(core: ClientCore, thread: ProtocolThread): Thread {
  const ThreadClass = Thread as unknown as new (core: ClientCore, id: string) => Thread;
  return new ThreadClass(core, thread.id);
}
