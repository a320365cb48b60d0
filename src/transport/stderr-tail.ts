const DEFAULT_MAX_CHARS = 16_384;
const MAX_LINE_CHARS = 4_096;

/** Keeps the last lines written to stderr, bounded by total size (a ring of recent lines). */
export class StderrTail {
  readonly #maxChars: number;
  #lines: string[] = [];
  #head = 0;
  #chars = 0;

  constructor(maxChars: number = DEFAULT_MAX_CHARS) {
    this.#maxChars = maxChars;
  }

  /** Adds one line (truncated when very long), dropping the oldest lines beyond the bound. */
  add(line: string): void {
    const kept = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    this.#lines.push(kept);
    this.#chars += kept.length + 1;
    while (this.#chars > this.#maxChars && this.#head < this.#lines.length - 1) {
      this.#chars -= this.#lines[this.#head]!.length + 1;
      this.#head++;
    }
    if (this.#head > 256) {
      this.#lines = this.#lines.slice(this.#head);
      this.#head = 0;
    }
  }

  /** The kept lines, joined with `\n`. */
  text(): string {
    return this.#lines.slice(this.#head).join("\n");
  }
}
