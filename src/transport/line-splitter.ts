const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into UTF-8 lines on `\n` (dropping a trailing `\r`). Pieces of a line that
 * spans chunks are kept and joined once, so long lines cost linear time.
 */
export class LineSplitter {
  readonly #onLine: (line: string) => void;
  #pieces: Buffer[] = [];

  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }

  /** Feeds a chunk; calls `onLine` for every line it completes. */
  push(chunk: Buffer): void {
    let start = 0;
    let end = chunk.indexOf(NEWLINE);
    while (end !== -1) {
      if (this.#pieces.length > 0) {
        this.#pieces.push(chunk.subarray(start, end));
        const joined = Buffer.concat(this.#pieces);
        this.#pieces = [];
        this.#emit(joined, 0, joined.length);
      } else {
        this.#emit(chunk, start, end);
      }
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }
    if (start < chunk.length) this.#pieces.push(start === 0 ? chunk : chunk.subarray(start));
  }

  /** Flushes an unterminated last line. */
  end(): void {
    if (this.#pieces.length === 0) return;
    const joined = Buffer.concat(this.#pieces);
    this.#pieces = [];
    this.#emit(joined, 0, joined.length);
  }

  #emit(buffer: Buffer, start: number, end: number): void {
    if (end > start && buffer[end - 1] === CARRIAGE_RETURN) end--;
    this.#onLine(buffer.toString("utf8", start, end));
  }
}
