import { CodexStartError } from "../errors.js";
import { buildEnv, checkCwd } from "./child-env.js";
import { runDaemonCommand, type DaemonCommandResult } from "./daemon-cli.js";
import type { DaemonTransportOptions, RemoteSettings } from "./remote-options.js";
import { checkCodexBin, resolveCodexBinary } from "./resolve-runtime.js";
import { connectUnixSocket } from "./unix.js";
import type { WebSocketTransport } from "./websocket-transport.js";

/** Where the daemon commands run: the options of a spawned runtime that apply to them. */
export interface DaemonSettings extends RemoteSettings {
  env?: Record<string, string | undefined>;
  replaceEnv?: boolean;
  cwd?: string;
}

/** The statuses of a daemon command that mean an app-server is listening on the control socket. */
const RUNNING = new Set(["running", "started", "alreadyRunning"]);

/**
 * Attaches to the local app-server daemon of the environment's `CODEX_HOME`: asks
 * `codex app-server daemon version` (or, with `start`, `codex app-server daemon start`, which
 * starts it when needed) for its control socket, then connects to that socket. The daemon's
 * version and socket are logged at `info`. Closing the transport leaves the daemon running.
 */
export async function attachToDaemon(options: DaemonTransportOptions, settings: DaemonSettings): Promise<WebSocketTransport> {
  const { logger } = settings;
  const bin = options.codexBin !== undefined ? checkCodexBin(options.codexBin) : resolveCodexBinary();
  checkCwd(settings.cwd);
  const env = buildEnv(settings.env, settings.replaceEnv === true);
  const command = options.start === true ? "start" : "version";
  const result = await runDaemonCommand(command, { bin, env, cwd: settings.cwd, logger });
  const status = result.status;
  if (result.exitCode !== 0 || status === undefined || !RUNNING.has(status.status)) {
    throw notRunning(command, result, env.CODEX_HOME);
  }
  const version = status.appServerVersion ?? "unknown";
  const managed = status.backend === undefined ? " (an app-server the daemon commands did not start)" : "";
  logger.info?.(`The app-server daemon is ${status.status === "started" ? "started" : "running"}${managed}: version ${version}, socket ${status.socketPath}`, {
    status: status.status,
    version,
    socketPath: status.socketPath,
    ...(status.pid === undefined ? {} : { pid: status.pid }),
  });
  return connectUnixSocket(
    { kind: "unix", path: status.socketPath },
    {
      ...(settings.maxMessageBytes === undefined ? {} : { maxMessageBytes: settings.maxMessageBytes }),
      logger,
      hint: "The daemon may have stopped meanwhile: check `codex app-server daemon version`.",
    },
  );
}

function notRunning(command: "start" | "version", result: DaemonCommandResult, codexHome: string | undefined): CodexStartError {
  const home = codexHome === undefined ? "the default CODEX_HOME (~/.codex)" : `CODEX_HOME ${codexHome}`;
  const said = whatItSaid(result);
  if (command === "version") {
    return new CodexStartError(
      `No app-server daemon is running for ${home}${said}. Start it with \`codex app-server daemon start\`, or pass ` +
        'start: true in the { kind: "daemon" } transport.',
      { kind: "connect-failed", exitCode: result.exitCode, stderrTail: result.stderr },
    );
  }
  return new CodexStartError(
    `\`codex app-server daemon start\` did not start the app-server daemon for ${home} ` +
      `(exit code ${result.exitCode ?? "none"}, status ${result.status?.status ?? "none"})${said}. ` +
      "Check its log in $CODEX_HOME/app-server-daemon/daemon.stderr.log and the config.toml there.",
    { kind: "connect-failed", exitCode: result.exitCode, stderrTail: result.stderr },
  );
}

/** The command's error, from its first `Error:` line on, as a clause. */
function whatItSaid(result: DaemonCommandResult): string {
  const lines = result.stderr.split("\n");
  const first = lines.findIndex((line) => line.startsWith("Error:"));
  if (first < 0) return "";
  const text = lines
    .slice(first)
    .map((line) => line.trim())
    .filter(Boolean)
    .join(" ");
  return ` (it says: ${text})`;
}
