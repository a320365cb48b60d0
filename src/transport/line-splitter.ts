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
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) return this.#keep(chunk, 0);
    if (this.#pending + first > this.#maxLineBytes) return this.#overflow(this.#pending + first);
    if (this.#pieces.length > 0) {
      this.#pieces.push(chunk.subarray(0, first));
      this.#emitPieces();
    } else {
      this.#emit(chunk, 0, first);
    }
    if (this.#stopped) return;
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > first) {
      // The lines between are decoded in one go (a newline byte never occurs inside a UTF-8
      // sequence, so the text splits where the bytes do) unless one of them might be over the limit.
      if (last - first - 1 > this.#maxLineBytes) this.#emitEach(chunk, first + 1, last);
      else this.#emitText(chunk.toString("utf8", first + 1, last));
      if (this.#stopped) return;
    }
    this.#keep(chunk, last + 1);
  }

  /** Flushes an unterminated last line. */
  end(): void {
    if (this.#stopped || this.#pieces.length === 0) return;
    this.#emitPieces();
  }

  /** Emits the kept pieces as one line, joined once. */
  #emitPieces(): void {
    const joined = Buffer.concat(this.#pieces);
    this.#pieces = [];
    this.#pending = 0;
    this.#emit(joined, 0, joined.length);
  }

  /** Keeps the unterminated rest of a chunk, from `start`, for the line it begins. */
  #keep(chunk: Buffer, start: number): void {
    if (start >= chunk.length) return;
    this.#pending += chunk.length - start;
    if (this.#pending > this.#maxLineBytes) return this.#overflow(this.#pending);
    this.#pieces.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** The complete lines of `chunk` between `start` and the newline at `end`, each checked against the limit. */
  #emitEach(chunk: Buffer, start: number, end: number): void {
    while (start <= end && !this.#stopped) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline - start > this.#maxLineBytes) return this.#overflow(newline - start);
      this.#emit(chunk, start, newline);
      start = newline + 1;
    }
  }

  /** Complete lines, decoded, joined by `\n`. */
  #emitText(text: string): void {
    let start = 0;
    while (!this.#stopped) {
      const newline = text.indexOf("\n", start);
      let end = newline === -1 ? text.length : newline;
      if (end > start && text.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
      this.#onLine(text.slice(start, end));
      if (newline === -1) return;
      start = newline + 1;
    }
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
