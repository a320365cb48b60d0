/**
 * Receives the SDK's diagnostics. The SDK never prints anything itself; pass a logger (for example
 * `console`) to see stderr lines of the runtime, skipped garbage lines and validation warnings.
 * Every method is optional.
 */
export interface Logger {
  /** Fine-grained tracing, e.g. each stderr line of the runtime. */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Lifecycle events worth knowing about. */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Something unexpected that the SDK recovered from (a garbage line, a validation failure). */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Something failed and the caller will see an error too. */
  error?(message: string, details?: Record<string, unknown>): void;
}

/** A logger that drops everything; the default. */
export const silentLogger: Logger = {};
