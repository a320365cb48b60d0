import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { statSync } from "node:fs";
import { CodexStartError, ProcessExitError, TransportClosedError } from "../errors.js";
import { callListeners } from "../listeners.js";
import { silentLogger, type Logger } from "../logger.js";
import { configToFlags, type ConfigOverrides } from "./config-flags.js";
import { LineSplitter } from "./line-splitter.js";
import { checkCodexBin, resolveCodexBinary } from "./resolve-runtime.js";
import { StderrTail } from "./stderr-tail.js";
import type { Disposable, JsonRpcMessage, Transport } from "./transport.js";

/** Options of {@link StdioTransport.spawn}. */
export interface StdioTransportOptions {
  /** Path to a `codex` binary to run instead of the pinned runtime; checked before spawning. */
  codexBin?: string;
  /** Working directory of the server. */
  cwd?: string;
  /** Environment variables, merged over `process.env` unless `replaceEnv`; `undefined` removes one. */
  env?: Record<string, string | undefined>;
  /** Use `env` as the whole environment. */
  replaceEnv?: boolean;
  /** Configuration overrides, sent as `-c key=value` flags. */
  config?: ConfigOverrides;
  /** Extra `app-server` arguments, e.g. `["--strict-config"]`. */
  args?: readonly string[];
  /** Receives each stderr line (debug) and skipped garbage lines (warn). */
  logger?: Logger;
  /** How long each step of `close()` waits for the process to exit, in milliseconds. Default 2,000. */
  closeTimeoutMs?: number;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 2_000;
/** After the process exits, how long to wait for the rest of its stdout before reporting the close. */
const DRAIN_AFTER_EXIT_MS = 500;

/**
 * Runs `codex app-server --listen stdio://` as a child process (no shell) and exchanges JSON-RPC
 * messages with it as JSON lines. Lines that are not JSON are reported to the logger and skipped.
 */
export class StdioTransport implements Transport {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #logger: Logger;
  readonly #closeTimeoutMs: number;
  readonly #stderr = new StderrTail();
  #messageListeners: ((message: unknown) => void)[] = [];
  #closeListeners: ((error: Error) => void)[] = [];
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #closeError: ProcessExitError | undefined;
  #closing: Promise<void> | undefined;
  readonly #closed: Promise<void>;
  #markClosed!: () => void;

  private constructor(child: ChildProcessWithoutNullStreams, logger: Logger, closeTimeoutMs: number) {
    this.#child = child;
    this.#logger = logger;
    this.#closeTimeoutMs = closeTimeoutMs;
    this.#closed = new Promise((resolve) => (this.#markClosed = resolve));

    const stdout = new LineSplitter((line) => this.#onLine(line));
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stdout.on("end", () => stdout.end());
    child.stdout.on("error", (error) => logger.debug?.("app-server stdout error", { error }));

    const stderr = new LineSplitter((line) => {
      this.#stderr.add(line);
      logger.debug?.(`app-server stderr: ${line}`, { line });
    });
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stderr.on("end", () => stderr.end());
    child.stderr.on("error", (error) => logger.debug?.("app-server stderr error", { error }));
    // EPIPE after the process died; the exit is reported through onClose.
    child.stdin.on("error", (error) => logger.debug?.("app-server stdin error", { error }));

    child.on("exit", (code, signal) => {
      this.#exit = { code, signal };
      const timer = setTimeout(() => this.#reportClose(), DRAIN_AFTER_EXIT_MS);
      timer.unref?.();
    });
    child.on("close", () => this.#reportClose());
  }

  /**
   * Spawns the app-server. Throws `CodexStartError` kind `"codex-bin-not-found"` when `codexBin`
   * is not an executable file, or `"runtime-not-found"` when the pinned runtime is not installed.
   */
  static async spawn(options: StdioTransportOptions = {}): Promise<StdioTransport> {
    const logger = options.logger ?? silentLogger;
    const bin = options.codexBin !== undefined ? checkCodexBin(options.codexBin) : resolveCodexBinary();
    const args = ["app-server", "--listen", "stdio://", ...configToFlags(options.config ?? {}), ...(options.args ?? [])];
    if (options.cwd !== undefined && !isDirectory(options.cwd)) {
      throw new TypeError(`cwd ${options.cwd} is not an existing directory; pass the directory the server should run in.`);
    }
    const env = buildEnv(options.env, options.replaceEnv === true);
    const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;

    logger.debug?.("Spawning app-server", { bin, args, cwd: options.cwd });
    const child = spawn(bin, args, {
      cwd: options.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      shell: false,
      windowsHide: true,
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        child.off("spawn", onSpawn);
        reject(
          new CodexStartError(`Could not start ${bin}: ${error.message}. Check codexBin and cwd.`, {
            kind: options.codexBin !== undefined ? "codex-bin-not-found" : "runtime-not-found",
            cause: error,
          }),
        );
      };
      const onSpawn = () => {
        child.off("error", onError);
        resolve();
      };
      child.once("error", onError);
      child.once("spawn", onSpawn);
    });
    child.on("error", (error) => logger.warn?.("app-server process error", { error }));
    return new StdioTransport(child, logger, closeTimeoutMs);
  }

  /** The process id of the server (undefined only if it failed to start). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** The last lines the server wrote to stderr (bounded). */
  stderrTail(): string {
    return this.#stderr.text();
  }

  /** Writes one message as a JSON line. Throws `TransportClosedError` once the process is gone. */
  send(message: JsonRpcMessage): void {
    if (this.#closeError) throw this.#closeError;
    const stdin = this.#child.stdin;
    if (this.#exit || stdin.destroyed || stdin.writableEnded) {
      throw new TransportClosedError("The app-server's stdin is closed; the process is exiting. Start a new client.");
    }
    stdin.write(`${JSON.stringify(message)}\n`);
  }

  /** Registers a listener for every message the server sends, in order. */
  onMessage(listener: (message: unknown) => void): Disposable {
    this.#messageListeners = [...this.#messageListeners, listener];
    return {
      dispose: () => {
        this.#messageListeners = this.#messageListeners.filter((l) => l !== listener);
      },
    };
  }

  /** Registers a listener called once with `ProcessExitError` when the process is gone (at once if it already is). */
  onClose(listener: (error: Error) => void): Disposable {
    if (this.#closeError) {
      listener(this.#closeError);
      return { dispose() {} };
    }
    this.#closeListeners = [...this.#closeListeners, listener];
    return {
      dispose: () => {
        this.#closeListeners = this.#closeListeners.filter((l) => l !== listener);
      },
    };
  }

  /**
   * Stops the server: ends its stdin (it exits on EOF), then after `closeTimeoutMs` sends SIGTERM,
   * then SIGKILL (on Windows: ends stdin, then kills). Resolves once the process is gone.
   */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    if (!this.#exit) {
      this.#child.stdin.end();
      const steps: (NodeJS.Signals | undefined)[] = process.platform === "win32" ? ["SIGKILL"] : ["SIGTERM", "SIGKILL"];
      for (const signal of steps) {
        if (await this.#exitedWithin(this.#closeTimeoutMs)) break;
        this.#logger.debug?.(`app-server did not exit; sending ${signal}`, { pid: this.pid });
        this.#child.kill(signal);
      }
    }
    await this.#closed;
  }

  #exitedWithin(ms: number): Promise<boolean> {
    if (this.#exit) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#child.off("exit", onExit);
        resolve(false);
      }, ms);
      const onExit = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#child.once("exit", onExit);
    });
  }

  #onLine(line: string): void {
    if (line.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      if (line.trim().length === 0) return;
      this.#logger.warn?.("Skipped a line from app-server that is not JSON.", {
        line: line.length > 500 ? `${line.slice(0, 500)}…` : line,
      });
      return;
    }
    callListeners(this.#messageListeners, message, this.#logger, "A message listener");
  }

  #reportClose(): void {
    if (this.#closeError || !this.#exit) return;
    const error = new ProcessExitError(undefined, {
      exitCode: this.#exit.code,
      signal: this.#exit.signal,
      stderrTail: this.#stderr.text(),
    });
    this.#closeError = error;
    this.#messageListeners = [];
    const listeners = this.#closeListeners;
    this.#closeListeners = [];
    callListeners(listeners, error, this.#logger, "A close listener");
    this.#markClosed();
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function buildEnv(env: Record<string, string | undefined> | undefined, replace: boolean): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = replace ? {} : { ...process.env };
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}
