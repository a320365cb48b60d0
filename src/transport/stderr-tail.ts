const DEFAULT_MAX_CHARS = 16_384;
const MAX_LINE_CHARS = 4_096;
/** Terminal control sequences (colours, cursor moves) the runtime writes when it thinks stderr is a terminal. */
const ANSI_SEQUENCE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/** Keeps the last lines written to stderr, bounded by total size (a ring of recent lines). */
export class StderrTail {
  readonly #maxChars: number;
  #lines: string[] = [];
  #head = 0;
  #chars = 0;

  constructor(maxChars: number = DEFAULT_MAX_CHARS) {
    this.#maxChars = maxChars;
  }

  /** Adds one line (colour codes removed, truncated when very long), dropping the oldest lines beyond the bound. */
  add(line: string): void {
    const plain = line.includes("\u001b") ? line.replace(ANSI_SEQUENCE, "") : line;
    const kept = plain.length > MAX_LINE_CHARS ? `${plain.slice(0, MAX_LINE_CHARS)}…` : plain;
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
