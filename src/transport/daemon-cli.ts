import { spawn } from "node:child_process";
import { CodexStartError } from "../errors.js";
import type { Logger } from "../logger.js";
import { startTimer } from "../internal/timers.js";
import { errorMessage, isPlainObject } from "../internal/values.js";
import { LineSplitter } from "./line-splitter.js";
import { StderrTail } from "./stderr-tail.js";

/** What a `codex app-server daemon` lifecycle command reports (its one JSON line on stdout). */
export interface DaemonStatus {
  /** `"running"` (version), `"started"` or `"alreadyRunning"` (start), `"notRunning"`, `"stopped"`. */
  status: string;
  /** The control socket clients attach to. */
  socketPath: string;
  /** The version of the running app-server, when one runs. */
  appServerVersion?: string;
  /** How the daemon is managed (`"pid"`); absent for an app-server on the socket that the daemon commands did not start. */
  backend?: string;
  /** The daemon's process id, when this command started it. */
  pid?: number;
}

/** The outcome of one daemon command. */
export interface DaemonCommandResult {
  exitCode: number | null;
  /** The parsed status line, when the command printed one. */
  status: DaemonStatus | undefined;
  /** The last lines of its stderr. */
  stderr: string;
}

/** Where and how to run the daemon commands. */
export interface DaemonCommandSettings {
  bin: string;
  env: NodeJS.ProcessEnv;
  cwd: string | undefined;
  logger: Logger;
}

/**
 * How long each command may take. `start` installs a copy of the runtime into `CODEX_HOME` and
 * waits for the server (seconds); the commands serialize on a lock that they wait up to 75 s for.
 */
const TIMEOUT_MS: Record<"start" | "version", number> = { start: 120_000, version: 15_000 };

/** Runs `codex app-server daemon <command>` and reads its status line. */
export function runDaemonCommand(command: "start" | "version", settings: DaemonCommandSettings): Promise<DaemonCommandResult> {
  const { bin, env, cwd, logger } = settings;
  const args = ["app-server", "daemon", command];
  logger.debug?.(`Running ${bin} ${args.join(" ")}`, { bin, args });
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"], shell: false, windowsHide: true });
    let stdout = "";
    const stderr = new StderrTail();
    const stderrLines = new LineSplitter((line) => {
      stderr.add(line);
      logger.debug?.(`codex app-server daemon ${command}: ${line}`, { line });
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.on("data", (chunk: Buffer) => stderrLines.push(chunk));
    const timeoutMs = TIMEOUT_MS[command];
    const timer = startTimer(timeoutMs, () => {
      child.kill("SIGKILL");
      reject(
        new CodexStartError(
          `\`codex app-server daemon ${command}\` did not finish within ${timeoutMs} ms, so it was stopped. ` +
            "Another daemon command may hold its lock; check `codex app-server daemon version` by hand.",
          { kind: "connect-failed", stderrTail: stderr.text() },
        ),
      );
    });
    child.once("error", (error) => {
      timer.cancel();
      reject(
        new CodexStartError(`Could not run ${bin} app-server daemon ${command}: ${errorMessage(error)}. Check codexBin.`, {
          kind: "codex-bin-not-found",
          cause: error,
        }),
      );
    });
    child.once("close", (exitCode) => {
      timer.cancel();
      stderrLines.end();
      resolve({ exitCode, status: parseStatus(stdout), stderr: stderr.text() });
    });
  });
}

/** The last line of `stdout` that is a JSON status object with a socket path. */
function parseStatus(stdout: string): DaemonStatus | undefined {
  const lines = stdout.split("\n").map((line) => line.trim()).filter(Boolean).reverse();
  for (const line of lines) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (isPlainObject(value) && typeof value.status === "string" && typeof value.socketPath === "string") {
      return {
        status: value.status,
        socketPath: value.socketPath,
        ...(typeof value.appServerVersion === "string" ? { appServerVersion: value.appServerVersion } : {}),
        ...(typeof value.backend === "string" ? { backend: value.backend } : {}),
        ...(typeof value.pid === "number" ? { pid: value.pid } : {}),
      };
    }
  }
  return undefined;
}
