/**
 * A remote app-server over WebSocket: the server is started on its own (in production on another
 * machine or in a container; see docs/remote.md) with
 *
 *   codex app-server --listen ws://127.0.0.1:4500 --ws-auth capability-token --ws-token-file TOKEN_FILE
 *
 * and clients connect to it with `transport: { kind: "websocket", url, token }`. Threads and
 * turns work as over stdio; a wrong token is `CodexStartError` kind `"auth-failed"`; `close()`
 * disconnects and leaves the server running for the next client. Runs offline: the example starts
 * the server itself, on a free loopback port, configured for the testing kit's mock model.
 *
 *   node --import tsx examples/remote-websocket.ts
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Codex, CodexStartError, type ConfigOverrides } from "codex-app-server-sdk";
import { createOfflineHarness, type OfflineHarness } from "codex-app-server-sdk/testing";

/** A configuration as `-c key=value` flags (values as TOML literals), the way `codex` takes them. */
function configFlags(config: ConfigOverrides | { [key: string]: unknown }, prefix = ""): string[] {
  return Object.entries(config).flatMap(([key, value]) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? configFlags(value as { [key: string]: unknown }, `${prefix}${key}.`)
      : ["-c", `${prefix}${key}=${JSON.stringify(value)}`],
  );
}

/** Starts `codex app-server --listen ws://127.0.0.1:0` (a free port) and resolves with its URL once it is ready. */
async function startServer(harness: OfflineHarness, tokenFile: string): Promise<{ url: string; server: ChildProcess }> {
  const launcher = createRequire(import.meta.url).resolve("@openai/codex/bin/codex.js"); // the `codex` command
  const args = ["app-server", ...configFlags(harness.config), "--listen", "ws://127.0.0.1:0"];
  args.push("--ws-auth", "capability-token", "--ws-token-file", tokenFile);
  const server = spawn(process.execPath, [launcher, ...args], {
    cwd: harness.workspace,
    env: { ...process.env, ...harness.codexOptions.env }, // the harness's CODEX_HOME and egress trap
    stdio: ["ignore", "ignore", "pipe"],
  });
  let banner = "";
  for await (const chunk of server.stderr!) {
    banner += String(chunk);
    const url = /listening on: (ws:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    if (url === undefined) continue;
    server.stderr!.resume(); // keep draining its log
    while (!(await fetch(`${url.replace("ws:", "http:")}/readyz`).then((r) => r.ok, () => false))) await new Promise((r) => setTimeout(r, 20));
    return { url, server };
  }
  throw new Error(`The app-server exited before listening:\n${banner}`);
}

export async function main(): Promise<{ answers: (string | null)[]; wrongToken: string | undefined; serverRunning: boolean }> {
  await using harness = await createOfflineHarness();
  const token = randomBytes(32).toString("hex");
  const tokenFile = join(harness.root, "ws-token");
  await writeFile(tokenFile, token, { mode: 0o600 });
  const { url, server } = await startServer(harness, tokenFile);
  try {
    const answers: (string | null)[] = [];
    for (const client of ["first", "second"]) {
      await using codex = await Codex.start({ transport: { kind: "websocket", url, token } });
      const thread = await codex.threadStart({ ephemeral: true });
      const { finalResponse } = await thread.run(`Hello from the ${client} client. [[mock:text Hello, ${client} client.]]`);
      answers.push(finalResponse);
      console.log(`${url}: ${finalResponse}`);
    } // each client's close() disconnects; the server keeps running

    const wrongToken = await Codex.start({ transport: { kind: "websocket", url, token: "not-the-token" } }).then(
      async (codex) => void (await codex.close()),
      (error: unknown) => (error instanceof CodexStartError ? error.kind : undefined),
    );
    console.log(`wrong token: ${wrongToken}`);
    return { answers, wrongToken, serverRunning: server.exitCode === null };
  } finally {
    server.kill("SIGTERM");
    if (server.exitCode === null) await once(server, "exit");
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
