import { spawn, type ChildProcess } from "node:child_process";
import { readlink, rm, writeFile } from "node:fs/promises";
import { get } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import type { OfflineHarness } from "../../src/testing/index.js";
import { configToFlags } from "../../src/transport/config-flags.js";
import { resolveCodexBinary } from "../../src/transport/resolve-runtime.js";

/** How a test server checks WebSocket clients. */
export type ServerAuth =
  | { kind: "capability-token"; token: string }
  | { kind: "signed-bearer-token"; secret: string; issuer?: string; audience?: string };

/** Where a test server listens. */
export type Listen = { kind: "websocket"; auth?: ServerAuth } | { kind: "unix"; path: string };

/** A real app-server the test started, listening for clients. */
export interface ListeningServer {
  /** `ws://127.0.0.1:PORT` for a WebSocket server. */
  readonly url: string | undefined;
  /** The port of a WebSocket server. */
  readonly port: number | undefined;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** Ends the server: SIGTERM, then SIGKILL after a second; removes a unix socket it leaves behind. Idempotent. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/**
 * Starts `codex app-server --listen …` in the harness's home and workspace, with the harness's
 * configuration as `-c` flags, and resolves once it accepts connections. A WebSocket server listens
 * on a free loopback port it picks itself (`ws://127.0.0.1:0`), read back from its banner (stderr
 * on 0.169.0 and 0.171.0; stdout is read too).
 */
export async function startListeningServer(harness: OfflineHarness, listen: Listen): Promise<ListeningServer> {
  const args = ["app-server", ...configToFlags(harness.config), ...(harness.codexOptions.args ?? [])];
  if (listen.kind === "unix") args.push("--listen", `unix://${listen.path}`);
  else args.push("--listen", "ws://127.0.0.1:0", ...(await authFlags(harness, listen.auth)));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(harness.codexOptions.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = spawn(resolveCodexBinary(), args, { cwd: harness.workspace, env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  let url: string | undefined;
  let port: number | undefined;
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`app-server exited before listening:\n${output}`);
      if (Date.now() > deadline) throw new Error(`app-server did not listen within ${READY_TIMEOUT_MS} ms:\n${output}`);
      if (listen.kind === "unix") {
        if (await canConnect(listen.path)) break;
      } else {
        const match = /listening on: (ws:\/\/127\.0\.0\.1:(\d+))/.exec(output);
        if (match && (await isReady(Number(match[2])))) {
          url = match[1]!;
          port = Number(match[2]);
          break;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT"); // in case a test stopped it
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 1_000);
        await exited;
        clearTimeout(timer);
      }
      if (listen.kind === "unix") await removeSocket(listen.path);
    })());
  return { url, port, pid: child.pid!, child, exited, stop };
}

async function authFlags(harness: OfflineHarness, auth: ServerAuth | undefined): Promise<string[]> {
  if (auth === undefined) return [];
  if (auth.kind === "capability-token") {
    const file = join(harness.root, "ws-token");
    await writeFile(file, `${auth.token}\n`, { mode: 0o600 });
    return ["--ws-auth", "capability-token", "--ws-token-file", file];
  }
  const file = join(harness.root, "ws-secret");
  await writeFile(file, auth.secret, { mode: 0o600 });
  return [
    "--ws-auth",
    "signed-bearer-token",
    "--ws-shared-secret-file",
    file,
    ...(auth.issuer === undefined ? [] : ["--ws-issuer", auth.issuer]),
    ...(auth.audience === undefined ? [] : ["--ws-audience", auth.audience]),
  ];
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** `GET /readyz` answers 200, on a connection of its own that closes after the answer. */
function isReady(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: "127.0.0.1", port, path: "/readyz", agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once("error", () => resolve(false));
  });
}

/** The socket path is a symlink into the shared `codex-daemon-<uid>` directory; remove both ends and the lock. */
async function removeSocket(path: string): Promise<void> {
  const target = await readlink(path).catch(() => undefined);
  if (target !== undefined) await Promise.all([rm(target, { force: true }), rm(`${target}.lock`, { force: true })]);
  await rm(path, { force: true });
}
