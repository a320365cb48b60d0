import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { CodexStartError, ProcessExitError, TransportClosedError } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { startTimer } from "../internal/timers.js";
import { buildEnv, checkCwd } from "./child-env.js";
import { configToFlags, type ConfigOverrides } from "./config-flags.js";
import { LineSplitter } from "./line-splitter.js";
import { checkCodexBin, resolveCodexBinary } from "./resolve-runtime.js";
import { StderrTail } from "./stderr-tail.js";
import type { JsonRpcMessage, Transport, TransportSink } from "./transport.js";

/**
 * Options of the stdio transport, which spawns the runtime as a child process. `CodexOptions` takes
 * `codexBin`, `cwd`, `env`, `replaceEnv`, `config`, `args` and `maxMessageBytes` from it.
 */
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
  /** The longest message (one stdout line) accepted, in bytes; a longer one closes the transport. Default 64 MiB. */
  maxMessageBytes?: number;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 2_000;
/** The default limit on one incoming message: far above any real message, far below V8's string limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** After the process exits (or closes its stdout), how long to wait for the rest of the story before reporting the close. */
const DRAIN_AFTER_EXIT_MS = 500;
/** The most of a garbage line that is logged. */
const LOGGED_LINE_CHARS = 500;

/**
 * Runs `codex app-server --listen stdio://` as a child process (no shell) and exchanges JSON-RPC
 * messages with it as JSON lines. Lines that are not JSON are reported to the logger and skipped.
 * `send` honours the pipe's back-pressure: while the child is not reading, it returns a promise
 * that resolves once the pipe has drained.
 */
export class StdioTransport implements Transport {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #logger: Logger;
  readonly #closeTimeoutMs: number;
  readonly #stderr = new StderrTail();
  #sink: TransportSink | undefined;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Why the transport closed, once it has; set before the sink hears it. */
  #closeError: TransportClosedError | undefined;
  /** A reason to close that is not the process exit (stdout closed early, a message too long). */
  #failure: TransportClosedError | undefined;
  #drained: Promise<void> | undefined;
  /** Rejects once the close is reported; what a message sent while the process exits waits for. */
  #gone: Promise<void> | undefined;
  #watchingStdin = false;
  #closing: Promise<void> | undefined;
  readonly #closed: Promise<void>;
  #markClosed!: () => void;

  private constructor(child: ChildProcessWithoutNullStreams, logger: Logger, closeTimeoutMs: number, maxMessageBytes: number) {
    this.#child = child;
    this.#logger = logger;
    this.#closeTimeoutMs = closeTimeoutMs;
    this.#closed = new Promise((resolve) => (this.#markClosed = resolve));

    const stdout = new LineSplitter((line) => this.#onLine(line), {
      maxLineBytes: maxMessageBytes,
      onOverflow: (bytes) =>
        this.#fail(
          new TransportClosedError(
            `The app-server sent a message longer than ${maxMessageBytes} bytes (${bytes} so far), so the connection was closed ` +
              "and the process stopped. Raise maxMessageBytes if such messages are expected.",
          ),
        ),
    });
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stdout.on("end", () => {
      stdout.end();
      this.#afterStdoutEnd();
    });
    child.stdout.on("error", (error) => logger.debug?.("app-server stdout error", { error }));

    const stderr = new LineSplitter((line) => {
      this.#stderr.add(line);
      logger.debug?.(`app-server stderr: ${line}`, { line });
    });
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stderr.on("end", () => stderr.end());
    child.stderr.on("error", (error) => logger.debug?.("app-server stderr error", { error }));
    // EPIPE after the process died (or closed its stdin); the exit is reported through the sink.
    child.stdin.on("error", (error) => logger.debug?.("app-server stdin error", { error }));
    child.stdin.on("close", () => this.#afterStdinClose());

    child.on("exit", (code, signal) => {
      this.#exit = { code, signal };
      startTimer(DRAIN_AFTER_EXIT_MS, () => this.#reportClose());
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
    checkCwd(options.cwd);
    const env = buildEnv(options.env, options.replaceEnv === true);
    const closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;

    logger.debug?.("Spawning app-server", { bin, args, cwd: options.cwd });
    // Loaded on the first spawn: it brings `net` and the stream modules, which importing the SDK
    // then does not pay for, and a client of a remote server never needs it.
    const { spawn } = await import("node:child_process");
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
    return new StdioTransport(child, logger, closeTimeoutMs, options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The process id of the server (undefined only if it failed to start). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * Keeps the process alive while the client waits on the server (`true`), and lets it exit while
   * the client is idle (`false`): the child and its pipes are then unreferenced, and the runtime
   * exits on its own when the parent has gone and its stdin closes.
   */
  keepAlive(busy: boolean): void {
    const handles = [this.#child, this.#child.stdin, this.#child.stdout, this.#child.stderr] as { ref?(): void; unref?(): void }[];
    for (const handle of handles) {
      if (busy) handle.ref?.();
      else handle.unref?.();
    }
  }

  /** The last lines the server wrote to stderr (bounded, colour codes removed). */
  stderrTail(): string {
    return this.#stderr.text();
  }

  /** Delivers every message, then the close, to `sink`. */
  attach(sink: TransportSink): void {
    if (this.#sink) throw new TypeError("This transport already has a consumer; a transport serves one connection.");
    this.#sink = sink;
    if (this.#closeError) sink.close(this.#closeError);
  }

  /**
   * Writes one message as a JSON line. While the pipe is full (the server is not reading), returns
   * a promise that resolves when it has drained. While the process is exiting (its stdin closed, its
   * close not reported yet), returns a promise that rejects with the close's error once the close is
   * reported, so the connection closes with the exit (code, signal, stderr) rather than with a failed
   * write. Throws the close's `TransportClosedError` once the transport has closed.
   */
  send(message: JsonRpcMessage): void | Promise<void> {
    if (this.#closeError) throw this.#closeError;
    const stdin = this.#child.stdin;
    if (this.#exit || this.#failure || stdin.destroyed || stdin.writableEnded) return this.#untilGone();
    if (stdin.write(`${JSON.stringify(message)}\n`)) return this.#drained;
    this.#drained ??= new Promise<void>((resolve) => {
      const done = () => {
        stdin.off("drain", done);
        stdin.off("close", done);
        this.#drained = undefined;
        resolve();
      };
      stdin.on("drain", done);
      stdin.on("close", done);
    });
    return this.#drained;
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
      const steps: NodeJS.Signals[] = process.platform === "win32" ? ["SIGKILL"] : ["SIGTERM", "SIGKILL"];
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
      const timer = startTimer(ms, () => {
        this.#child.off("exit", onExit);
        resolve(false);
      });
      const onExit = () => {
        timer.cancel();
        resolve(true);
      };
      this.#child.once("exit", onExit);
    });
  }

  #onLine(line: string): void {
    if (line.length === 0 || this.#closeError) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      if (line.trim().length === 0) return;
      this.#logger.warn?.("Skipped a line from app-server that is not JSON.", {
        line: line.length > LOGGED_LINE_CHARS ? `${line.slice(0, LOGGED_LINE_CHARS)}…` : line,
      });
      return;
    }
    this.#sink?.message(message);
  }

  /**
   * Rejects with the close's error once the close is reported (which for a process that is exiting
   * takes a moment).
   */
  #untilGone(): Promise<void> {
    this.#afterStdinClose();
    this.#gone ??= new Promise<void>((_resolve, reject) => void this.#closed.then(() => reject(this.#closeError)));
    return this.#gone;
  }

  /** Stdin closed: normally the process is exiting; if it is still running after a while, it is broken. */
  #afterStdinClose(): void {
    if (this.#exit || this.#closing || this.#watchingStdin) return;
    this.#watchingStdin = true;
    startTimer(DRAIN_AFTER_EXIT_MS, () => {
      if (this.#exit || this.#closeError || this.#closing) return;
      this.#fail(
        new TransportClosedError(
          "The app-server closed its stdin but kept running, so nothing more can be sent to it; it was stopped. " +
            "Start a new client to continue.",
        ),
      );
    });
  }

  /** Stdout ended: normally the process is exiting; if it is still running after a while, it is broken. */
  #afterStdoutEnd(): void {
    if (this.#exit) return;
    startTimer(DRAIN_AFTER_EXIT_MS, () => {
      if (this.#exit || this.#closeError) return;
      this.#fail(
        new TransportClosedError(
          "The app-server closed its stdout but kept running, so nothing more can be read from it; it was stopped. " +
            "Start a new client to continue.",
        ),
      );
    });
  }

  /** Closes the transport for a reason other than the process exiting, and stops the process. */
  #fail(error: TransportClosedError): void {
    if (this.#closeError || this.#failure) return;
    this.#failure = error;
    this.#logger.error?.(error.message, { pid: this.pid });
    this.#report(error);
    void this.close();
  }

  /** The process is gone (its exit was seen, and its output read or given up on). */
  #reportClose(): void {
    if (!this.#exit) return;
    if (!this.#closeError) {
      this.#report(
        new ProcessExitError(undefined, {
          exitCode: this.#exit.code,
          signal: this.#exit.signal,
          stderrTail: this.#stderr.text(),
        }),
      );
    }
    this.#markClosed();
  }

  #report(error: TransportClosedError): void {
    this.#closeError = error;
    this.#sink?.close(error);
  }
}
