import type { Logger } from "./logger.js";

/** The levels the built-in console logger can print, least to most verbose. */
export type ConsoleLogLevel = "error" | "warn" | "info" | "debug";

const RANK: Readonly<Record<ConsoleLogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Where the console logger writes: `console`, or anything with its `error` and `warn` methods. */
export interface ConsoleSink {
  error(...data: unknown[]): void;
  warn(...data: unknown[]): void;
}

/**
 * The built-in logger: prints messages at `level` and above as `[codex-app-server-sdk] warn: …`,
 * with their details as a second argument for the console to format. Errors go to `console.error`
 * and everything else to `console.warn`, so in Node all of it is on stderr and a program's stdout
 * stays its own.
 */
export function consoleLogger(level: ConsoleLogLevel, sink: ConsoleSink = console): Logger {
  const at = (name: ConsoleLogLevel) => {
    if (RANK[name] > RANK[level]) return undefined;
    const write = name === "error" ? sink.error.bind(sink) : sink.warn.bind(sink);
    const prefix = `[codex-app-server-sdk] ${name}:`;
    return (message: string, details?: Record<string, unknown>) => {
      if (details === undefined) write(prefix, message);
      else write(prefix, message, details);
    };
  };
  const logger: Logger = {};
  for (const name of ["error", "warn", "info", "debug"] as const) {
    const method = at(name);
    if (method !== undefined) logger[name] = method;
  }
  return logger;
}
