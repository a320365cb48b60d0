import type { TokenUsageBreakdown, TurnSteerResponse } from "../../generated/protocol.js";
import type { ServerNotification } from "../../generated/methods.js";
import type { RequestOptions } from "../rpc/connection.js";
import type { ServerLink } from "./client-link.js";
import type { ConnectionGapEvent, TurnEvent, TurnStreamOptions } from "./turn-events.js";
import { normalizeInput, type RunInput } from "./inputs.js";
import type { JsonSchema } from "./json-schema.js";
import { parseStructuredOutput } from "./structured-output.js";
import type { StructuredTurnResult, TurnResult } from "./turn-result.js";
import type { TurnStream } from "./turn-stream.js";

/** What `run()` of a handle resolves with: a `TurnResult`, with `output` when the turn has an `outputSchema`. */
export type TurnResultOf<Output> = [Output] extends [never] ? TurnResult : StructuredTurnResult<Output>;

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
export class TurnHandle<Output = never> {
  /** The id of the thread this turn runs on. */
  readonly threadId: string;
  /** The turn's id. */
  readonly id: string;
  readonly #stream: TurnStream;
  readonly #link: ServerLink;
  readonly #outputSchema: JsonSchema | undefined;
  #result: Promise<TurnResultOf<Output>> | undefined;

  /** Handles come from `Thread.turn()`. */
  private constructor(stream: TurnStream, link: ServerLink, turnId: string, outputSchema: JsonSchema | undefined) {
    this.#stream = stream;
    this.#link = link;
    this.#outputSchema = outputSchema;
    this.threadId = stream.threadId;
    this.id = turnId;
  }

  /** The turn's own token usage so far (every model request of the turn), or `null` before the server reported any. */
  get usage(): TokenUsageBreakdown | null {
    return this.#stream.usage;
  }

  /**
   * The final answer's text once the turn has completed (see `TurnResult.finalResponse`);
   * `undefined` until the turn completes.
   */
  get finalResponse(): string | null | undefined {
    return this.#stream.finalResponse;
  }

  /**
   * The turn's notifications as they arrive, typed by method (narrow on `n.method`): its items,
   * deltas, token usage and the thread-scoped events between (such as `serverRequest/resolved`),
   * ending after its `turn/completed`. One loop per handle (a second call is a `TypeError`);
   * leaving the loop early stops buffering events for it (the turn keeps running; `run()` still
   * resolves when it ends). Reads may overlap: each `next()` gets the next event in order.
   * Unread events are buffered up to `highWaterMark` (default 1,000), past which text deltas of one
   * item are merged without losing text (see {@link TurnStreamOptions.highWaterMark}).
   *
   * With `reconnect`, a turn survives a dropped connection; `stream({ gaps: true })` also yields an
   * `sdk/connectionGap` marker (a {@link ConnectionGapEvent}) where events may be missing.
   *
   * Throws (in the loop) `ProcessExitError`/`TransportClosedError` when the connection is lost, the
   * signal's reason when `signal` aborts, and `TurnTimeoutError` after `idleTimeoutMs` of silence. A
   * failed turn is not an error here: the loop yields its `turn/completed` (status `"failed"`).
   */
  stream(options?: TurnStreamOptions & { gaps?: false }): AsyncIterableIterator<ServerNotification>;
  /**
   * The turn's notifications as they arrive (see the other overload), and, where the connection
   * dropped and came back (with `reconnect`), an `sdk/connectionGap` marker: events may be missing
   * there.
   */
  stream(options: TurnStreamOptions & { gaps: true }): AsyncIterableIterator<TurnEvent>;
  /** The turn's events, with gap markers when `options.gaps` is `true` (a flag known only at run time). */
  stream(options?: TurnStreamOptions): AsyncIterableIterator<TurnEvent>;
  stream(options?: TurnStreamOptions): AsyncIterableIterator<TurnEvent> {
    return this.#stream.events(options);
  }

  /** Every drop of the connection this turn lived through (with `reconnect`), in order; empty otherwise. */
  get gaps(): readonly ConnectionGapEvent["params"][] {
    return this.#stream.gaps;
  }

  /**
   * Waits for the turn to end and resolves with its `TurnResult`: the public `Turn` from
   * `turn/completed`, its `items` being every item the turn completed, in order, plus
   * `finalResponse`, the turn's own `usage` and the server's `warnings`. Status `"completed"` and
   * `"interrupted"` resolve; `"failed"` rejects with `TurnFailedError` (carrying the result and the
   * turn's error). Also rejects with `ProcessExitError`/`TransportClosedError` if the connection
   * closes first, the signal's reason on abort, and `TurnTimeoutError` after `idleTimeoutMs` of
   * silence. With an `outputSchema`, the result has `output` (the answer parsed and checked), or
   * the call rejects with `StructuredOutputError` carrying the raw text and what did not match.
   * Calling it again gives the same result.
   */
  run(): Promise<TurnResultOf<Output>> {
    this.#result ??= this.#resultWithOutput();
    return this.#result;
  }

  /**
   * Adds input to this turn while it runs (`turn/steer` with `expectedTurnId`); the model sees it
   * at its next step. Rejects with the server's error if the turn has already ended.
   */
  async steer(input: RunInput, options?: RequestOptions): Promise<TurnSteerResponse> {
    const items = normalizeInput(input);
    return this.#link.request("turn/steer", { threadId: this.threadId, expectedTurnId: this.id, input: items }, options);
  }

  async #resultWithOutput(): Promise<TurnResultOf<Output>> {
    const result = await this.#stream.result();
    if (this.#outputSchema === undefined) return result as TurnResultOf<Output>;
    const output = await parseStructuredOutput(result.finalResponse, this.#outputSchema);
    return { ...result, output } as TurnResultOf<Output>;
  }

  /**
   * Asks the server to stop the turn (`turn/interrupt`). The turn then completes with status
   * `"interrupted"`. Interrupting a turn that has already ended is not an error.
   */
  interrupt(options?: RequestOptions): Promise<void> {
    return this.#stream.interrupt(options);
  }
}

/** The public handle of a started turn. Internal: handles are made only by `Thread`. */
export function turnHandleFor<Output>(
  stream: TurnStream,
  link: ServerLink,
  turnId: string,
  outputSchema: JsonSchema | undefined,
): TurnHandle<Output> {
  const Handle = TurnHandle as unknown as new (
    stream: TurnStream,
    link: ServerLink,
    turnId: string,
    outputSchema: JsonSchema | undefined,
  ) => TurnHandle<Output>;
  return new Handle(stream, link, turnId, outputSchema);
}
