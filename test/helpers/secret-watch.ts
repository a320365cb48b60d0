import { inspect } from "node:util";
import type { Logger } from "../../src/index.js";

/**
 * Records every log line (message and details, fully inspected) and every error it is shown
 * (message, stack, fields and causes), so a test can check that no secret appears in any of them.
 */
export class SecretWatch {
  readonly #texts: string[] = [];

  /** A logger that records all four levels. */
  readonly logger: Logger = {
    debug: (message, details) => this.#log("debug", message, details),
    info: (message, details) => this.#log("info", message, details),
    warn: (message, details) => this.#log("warn", message, details),
    error: (message, details) => this.#log("error", message, details),
  };

  /** How many texts were recorded. */
  get size(): number {
    return this.#texts.length;
  }

  /** Records an error (or anything thrown) with its causes; returns it. */
  error<T>(error: T): T {
    this.#texts.push(inspect(error, { depth: 10, showHidden: true }));
    for (let cause = (error as { cause?: unknown })?.cause; cause !== undefined; cause = (cause as { cause?: unknown })?.cause) {
      this.#texts.push(inspect(cause, { depth: 10, showHidden: true }));
    }
    return error;
  }

  /** Records any other text, e.g. a client's metadata. */
  text(value: unknown): void {
    this.#texts.push(typeof value === "string" ? value : inspect(value, { depth: 10 }));
  }

  /** How many recorded texts contain `fragment`. */
  count(fragment: string): number {
    return this.#texts.filter((text) => text.includes(fragment)).length;
  }

  /** The recorded texts that contain one of `secrets` (named by index, never quoted). */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    this.#texts.forEach((text, i) => {
      secrets.forEach((secret, j) => {
        if (text.includes(secret)) found.push(`secret #${j} in recorded text #${i} (${text.slice(0, 60).replaceAll(secret, "<secret>")}…)`);
      });
    });
    return found;
  }

  #log(level: string, message: string, details: Record<string, unknown> | undefined): void {
    this.#texts.push(`${level} ${message} ${details === undefined ? "" : inspect(details, { depth: 10 })}`);
  }
}
