import type { ServerNotification } from "../../generated/methods.js";
import { onAbort } from "../internal/abort.js";
import { Fifo } from "../internal/fifo.js";
import type { Subscription } from "../internal/listeners.js";

/** One notification of a thread as its event log holds it. */
export interface LoggedEvent {
  /** Its place in the thread's log: 1 for the first notification logged, then one more for each. */
  readonly seq: number;
  /** The notification, as the server sent it. */
  readonly notification: ServerNotification;
}

interface Reader {
  resolve(result: IteratorResult<LoggedEvent>): void;
  reject(error: unknown): void;
}

const DONE: IteratorResult<LoggedEvent> = { value: undefined, done: true };

/**
 * The last `capacity` notifications of one thread, numbered in arrival order, in a ring that
 * never grows past `capacity` entries whatever the number of readers: each reader is only a
 * cursor into it. A reader that falls more than `capacity` events behind skips to the oldest one
 * held, which its next `seq` shows.
 */
export class EventLog {
  readonly #capacity: number;
  readonly #ring: LoggedEvent[] = [];
  #nextSeq = 1;
  #closed = false;
  /** Called on every append and on close; each waiting reader's wake-up. */
  readonly #wakers = new Set<() => void>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** How many events are held (at most the capacity). */
  get size(): number {
    return this.#ring.length;
  }

  /** The `seq` of the newest event, 0 before the first. */
  get lastSeq(): number {
    return this.#nextSeq - 1;
  }

  /** The `seq` of the oldest event held (the next one to be logged while the log is empty). */
  get firstSeq(): number {
    return this.#nextSeq - this.#ring.length;
  }

  /** Logs a notification as the next event. Ignored once closed. */
  append(notification: ServerNotification): void {
    if (this.#closed) return;
    const event: LoggedEvent = { seq: this.#nextSeq++, notification };
    if (this.#ring.length < this.#capacity) this.#ring.push(event);
    else this.#ring[(event.seq - 1) % this.#capacity] = event;
    this.#wake();
  }

  /** Stops logging: readers get what is held, then end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake();
  }

  /**
   * The events after `after` that are still held, then each new one as it is logged, until the
   * log closes. Leaving the loop (or `return()`) ends the reader; aborting `signal` rejects its
   * pending read with the signal's reason.
   */
  read(after: number, signal: AbortSignal | undefined): AsyncIterableIterator<LoggedEvent> {
    let cursor = after + 1;
    let ended = false;
    const readers = new Fifo<Reader>();
    let abort: Subscription | undefined;
    const take = (): LoggedEvent | undefined => {
      cursor = Math.max(cursor, this.firstSeq);
      if (cursor > this.lastSeq) return undefined;
      return this.#at(cursor++);
    };
    const end = () => {
      ended = true;
      this.#wakers.delete(wake);
      abort?.dispose();
      for (let reader = readers.shift(); reader !== undefined; reader = readers.shift()) reader.resolve(DONE);
    };
    const wake = () => {
      for (let reader = readers.peek(); reader !== undefined; reader = readers.peek()) {
        const event = take();
        if (event === undefined) {
          if (this.#closed) end();
          return;
        }
        readers.shift();
        reader.resolve({ value: event, done: false });
      }
      this.#wakers.delete(wake);
    };
    if (signal !== undefined) {
      abort = onAbort(signal, () => {
        const waiting = readers.drain();
        end();
        for (const reader of waiting) reader.reject(signal.reason);
      });
    }
    return {
      next: () => {
        if (signal?.aborted) {
          end();
          return Promise.reject(signal.reason);
        }
        if (ended) return Promise.resolve(DONE);
        if (readers.length === 0) {
          const event = take();
          if (event !== undefined) return Promise.resolve({ value: event, done: false });
          if (this.#closed) {
            end();
            return Promise.resolve(DONE);
          }
        }
        return new Promise((resolve, reject) => {
          readers.push({ resolve, reject });
          this.#wakers.add(wake);
        });
      },
      return: () => {
        end();
        return Promise.resolve(DONE);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  // While the ring fills, event `seq` sits at `seq - 1`; once full, each new event replaces the oldest there.
  #at(seq: number): LoggedEvent {
    return this.#ring[(seq - 1) % this.#capacity]!;
  }

  #wake(): void {
    if (this.#wakers.size === 0) return;
    for (const wake of [...this.#wakers]) wake();
  }
}
