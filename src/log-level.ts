import { consoleLogger } from "./console-logger.js";
import { silentLogger, type Logger } from "./logger.js";

/**
 * How much the built-in console logger prints: nothing (`"off"`), failures (`"error"`), also what
 * the SDK recovered from (`"warn"`), also lifecycle events (`"info"`), or everything, the runtime's
 * stderr lines included (`"debug"`).
 */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Every {@link LogLevel}, least to most verbose. */
export const LOG_LEVELS: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/**
 * The environment variable that switches the built-in console logger on without a code change: a
 * {@link LogLevel}, or `trace` for `debug` plus the wire trace.
 */
export const LOG_ENVIRONMENT_VARIABLE = "CODEX_SDK_LOG";

/** The options that decide where diagnostics go (a subset of `CodexOptions`). */
export interface DiagnosticsOptions {
  logger?: Logger;
  logLevel?: LogLevel;
  trace?: boolean;
}

/** What `CODEX_SDK_LOG` asks for. */
interface EnvironmentSwitch {
  level: LogLevel | undefined;
  trace: boolean;
  /** The value, when it is not one the SDK knows. */
  invalid?: string;
}

let reportedInvalid: string | undefined;

function readEnvironment(env: Readonly<Record<string, string | undefined>>): EnvironmentSwitch {
  const raw = env[LOG_ENVIRONMENT_VARIABLE];
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === "") return { level: undefined, trace: false };
  if (value === "trace") return { level: "debug", trace: true };
  if ((LOG_LEVELS as readonly string[]).includes(value)) return { level: value as LogLevel, trace: false };
  return { level: "warn", trace: false, invalid: raw };
}

/** The process environment, or none where there is no `process` (a browser). */
export function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return typeof process === "object" && process !== null && typeof process.env === "object" ? process.env : {};
}

/**
 * The logger a client uses. A `logger` the caller passes wins, unfiltered. Otherwise the built-in
 * console logger prints at `logLevel`, or else at the level `CODEX_SDK_LOG` names; with neither, at
 * `"debug"` when `trace` is on, and not at all by default.
 */
export function chooseLogger(options: DiagnosticsOptions, env = processEnvironment()): Logger {
  if (options.logger !== undefined) return options.logger;
  const fromEnvironment = readEnvironment(env);
  const level = options.logLevel ?? fromEnvironment.level ?? (options.trace === true ? "debug" : "off");
  const logger = level === "off" ? silentLogger : consoleLogger(level);
  if (fromEnvironment.invalid !== undefined && options.logLevel === undefined && reportedInvalid !== fromEnvironment.invalid) {
    reportedInvalid = fromEnvironment.invalid;
    logger.warn?.(
      `${LOG_ENVIRONMENT_VARIABLE} is ${JSON.stringify(fromEnvironment.invalid)}, which is not one of ${[...LOG_LEVELS, "trace"].join(", ")}; logging at "warn".`,
    );
  }
  return logger;
}

/** Whether the wire trace is on: the `trace` option when given, else `CODEX_SDK_LOG=trace`. */
export function wireTraceEnabled(options: DiagnosticsOptions, env = processEnvironment()): boolean {
  return options.trace ?? readEnvironment(env).trace;
}
