import type { Logger } from "../../../src/index.js";
import { observeLog } from "./secrets.js";

/** One call the SDK made on its logger. */
export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  details: Record<string, unknown> | undefined;
}

/** A logger that keeps every line (for assertions and for the secrets scan of the suite). */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];

  debug(message: string, details?: Record<string, unknown>): void {
    this.#add("debug", message, details);
  }

  info(message: string, details?: Record<string, unknown>): void {
    this.#add("info", message, details);
  }

  warn(message: string, details?: Record<string, unknown>): void {
    this.#add("warn", message, details);
  }

  error(message: string, details?: Record<string, unknown>): void {
    this.#add("error", message, details);
  }

  /** Lines at `warn` or `error`. */
  get problems(): LogEntry[] {
    return this.entries.filter((entry) => entry.level === "warn" || entry.level === "error");
  }

  /** Lines whose message matches `pattern`. */
  matching(pattern: RegExp): LogEntry[] {
    return this.entries.filter((entry) => pattern.test(entry.message));
  }

  #add(level: LogEntry["level"], message: string, details: Record<string, unknown> | undefined): void {
    this.entries.push({ level, message, details });
    observeLog(level, message, details);
  }
}
