import type { ServerNotificationMethod, TypedNotification } from "../../generated/methods.js";
import { Fifo } from "../internal/fifo.js";
import { isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { TurnEvent } from "./turn-events.js";

/** The default {@link TurnStreamOptions.highWaterMark}: at most about 300 KB of unread events before deltas merge. */
export const DEFAULT_STREAM_HIGH_WATER_MARK = 1_000;

/** Methods whose params carry a piece of one item's text in `delta`. */
type TextDeltaMethod = {
  [M in ServerNotificationMethod]: TypedNotification<M>["params"] extends { delta: string; itemId: string; turnId: string } ? M : never;
}[ServerNotificationMethod];

/** The text deltas of a turn's items: two in a row of one item (and part) concatenate to the same text. */
const TEXT_DELTAS: ReadonlySet<string> = new Set<TextDeltaMethod>([
  "item/agentMessage/delta",
  "item/plan/delta",
  "item/reasoning/summaryTextDelta",
  "item/reasoning/textDelta",
  "item/commandExecution/outputDelta",
  "item/fileChange/outputDelta",
]);

/** How many merged pieces are kept before they are joined into one string. */
const PIECES_PER_CHUNK = 256;

/** Deltas merged into one: the first notification's fields, with the text of all of them. */
class MergedDelta {
  readonly key: string;
  readonly #first: TurnEvent;
  readonly #chunks: string[] = [];
  #pieces: string[];

  constructor(key: string, first: TurnEvent, delta: string) {
    this.key = key;
    this.#first = first;
    this.#pieces = [delta];
  }

  add(delta: string): void {
    this.#pieces.push(delta);
    if (this.#pieces.length === PIECES_PER_CHUNK) {
      this.#chunks.push(this.#pieces.join(""));
      this.#pieces = [];
    }
  }

  text(): string {
    return this.#chunks.join("") + this.#pieces.join("");
  }

  /** One notification with the merged text, shaped like the first. */
  notification(): TurnEvent {
    return { ...this.#first, params: { ...this.#first.params, delta: this.text() } } as TurnEvent;
  }
}

type Entry = TurnEvent | MergedDelta;

/**
 * The unread events of one turn's `stream()`, in order, bounded by a high-water mark past which
 * text deltas of one item are merged (see {@link TurnStreamOptions.highWaterMark}). Internal.
 */
export class TurnEventBuffer {
  #entries = new Fifo<Entry>();
  /** The merged delta each item (and part) appends to, among the entries after the last structural event. */
  readonly #open = new Map<string, MergedDelta>();
  readonly #logger: Logger;
  readonly #threadId: string;
  #highWaterMark = DEFAULT_STREAM_HIGH_WATER_MARK;
  #merged = 0;
  #reported = false;

  constructor(logger: Logger, threadId: string) {
    this.#logger = logger;
    this.#threadId = threadId;
  }

  /** Unread entries (a merged delta counts once). */
  get length(): number {
    return this.#entries.length;
  }

  /** Sets the mark; what is already buffered past a lower mark is merged now. */
  set highWaterMark(mark: number) {
    this.#highWaterMark = mark;
    if (this.#entries.length <= mark) return;
    const entries = this.#entries.drain();
    this.#open.clear();
    for (const entry of entries) this.#add(entry);
  }

  /** Queues one event, merging it into an unread delta when past the mark. */
  push(notification: TurnEvent): void {
    this.#add(notification);
  }

  /** The next unread event, or `undefined`. */
  shift(): TurnEvent | undefined {
    const entry = this.#entries.shift();
    if (!(entry instanceof MergedDelta)) return entry;
    if (this.#open.get(entry.key) === entry) this.#open.delete(entry.key);
    return entry.notification();
  }

  /** Nothing more will be pushed: reports, once, how many deltas were merged. */
  finish(turnId: string | undefined): void {
    if (this.#reported || this.#merged === 0) return;
    this.#reported = true;
    this.#logger.warn?.(
      `A turn's stream() fell more than ${this.#highWaterMark} events behind, so ${this.#merged} text deltas were merged ` +
        "into the unread ones before them (no text was lost). Read the stream faster, or raise stream({ highWaterMark }).",
      { threadId: this.#threadId, turnId, highWaterMark: this.#highWaterMark, mergedDeltas: this.#merged },
    );
  }

  #add(entry: Entry): void {
    // Below the mark with no merged delta open, nothing can merge: the common case, kept cheap.
    if (this.#open.size === 0 && this.#entries.length < this.#highWaterMark) {
      this.#entries.push(entry);
      return;
    }
    const merged = entry instanceof MergedDelta;
    const key = merged ? entry.key : textDeltaKey(entry.method, entry.params);
    if (key === undefined) {
      // A structural event: no later delta is merged into one before it.
      this.#open.clear();
      this.#entries.push(entry);
      return;
    }
    if (this.#entries.length < this.#highWaterMark) {
      this.#open.delete(key);
      this.#entries.push(entry);
      return;
    }
    const text = merged ? entry.text() : (entry.params as { delta: string }).delta;
    const target = this.#open.get(key);
    if (target !== undefined) {
      target.add(text);
      this.#merged++;
      return;
    }
    const opened = merged ? entry : new MergedDelta(key, entry, text);
    this.#open.set(key, opened);
    this.#entries.push(opened);
  }
}

/**
 * What a text delta merges by: its method and every field but `delta` (thread, turn, item and
 * part). `undefined` for anything that is not a text delta with plain fields.
 */
function textDeltaKey(method: string, params: unknown): string | undefined {
  if (!TEXT_DELTAS.has(method) || !isPlainObject(params) || typeof params.delta !== "string") return undefined;
  let key = method;
  for (const name of Object.keys(params)) {
    if (name === "delta") continue;
    const value = params[name];
    if (value !== null && typeof value === "object") return undefined;
    key += `\u0000${name}=${String(value)}`;
  }
  return key;
}
