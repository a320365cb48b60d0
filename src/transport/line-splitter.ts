const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** The line limit of a {@link LineSplitter}. */
export interface LineLimit {
  /** The longest line accepted, in bytes. */
  maxLineBytes: number;
  /** Called once when a line grows past the limit; the splitter then drops all further input. */
  onOverflow(bytes: number): void;
}

/**
 * Splits a byte stream into UTF-8 lines on `\n` (dropping a trailing `\r`). Pieces of a line that
 * spans chunks are kept and joined once, so long lines cost linear time. A line longer than
 * `maxLineBytes` is never assembled: the splitter reports the overflow once and ignores the rest
 * of the stream.
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  readonly #limit: LineLimit | undefined;
  readonly #maxLineBytes: number;
  #pieces: Buffer[] = [];
  #pending = 0;
  #stopped = false;

  /** `onLine` gets each complete line, decoded as UTF-8, without its `\n` (or `\r\n`). */
  constructor(onLine: (line: string) => void, limit?: LineLimit) {
    this.#onLine = onLine;
    this.#limit = limit;
    this.#maxLineBytes = limit?.maxLineBytes ?? Infinity;
  }

  /** Feeds a chunk; calls `line` for every line it completes. */
  push(chunk: Buffer): void {
    if (this.#stopped) return;
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    while (end !== -1) {
      if (this.#pending + (end - start) > this.#maxLineBytes) return this.#overflow(this.#pending + (end - start));
      if (this.#pieces.length > 0) {
        this.#pieces.push(chunk.subarray(start, end));
        const joined = Buffer.concat(this.#pieces);
        this.#pieces = [];
        this.#pending = 0;
        this.#emit(joined, 0, joined.length);
      } else {
        this.#emit(chunk, start, end);
      }
      if (this.#stopped) return;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) {
      this.#pending += chunk.length - start;
      if (this.#pending > this.#maxLineBytes) return this.#overflow(this.#pending);
      this.#pieces.push(start === 0 ? chunk : chunk.subarray(start));
    }
  }

  /** Flushes an unterminated last line. */
  end(): void {
    if (this.#stopped || this.#pieces.length === 0) return;
    const joined = Buffer.concat(this.#pieces);
    this.#pieces = [];
    this.#pending = 0;
    this.#emit(joined, 0, joined.length);
  }

  #emit(buffer: Buffer, start: number, end: number): void {
    if (end > start && buffer[end - 1] === CARRIAGE_RETURN) end--;
    this.#onLine(buffer.toString("utf8", start, end));
  }

  #overflow(bytes: number): void {
    this.#stopped = true;
    this.#pieces = [];
    this.#pending = 0;
    this.#limit?.onOverflow(bytes);
  }
}
