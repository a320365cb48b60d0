import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, type CodexOptions } from "../../src/index.js";
import { createOfflineHarness, type OfflineHarness } from "../../src/testing/index.js";
import { tomlLiteral } from "../../src/transport/config-flags.js";
import { resolveCodexBinary } from "../../src/transport/resolve-runtime.js";
import { acceptingApprovals, runTransportScenario } from "../helpers/remote-scenario.js";
import { SecretWatch } from "../helpers/secret-watch.js";

// The daemon transport against a real `codex app-server daemon`, confined to the test's own
// CODEX_HOME. Starting one copies the runtime (~424 MB) into that home and takes seconds, so the
// whole file starts it once. The daemon reads config.toml (not -c flags), and its updater process
// survives `daemon stop` and would try to reach the internet five minutes later: the test stops
// the daemon with `daemon stop` and ends the updater by the pid it records.

const run = promisify(execFile);
let harness: OfflineHarness;
const watch = new SecretWatch();
let daemonOptions: Pick<CodexOptions, "env" | "cwd" | "logger">;

/** Runs `codex app-server daemon <command>` in the harness's environment. */
async function daemon(command: "stop" | "version"): Promise<{ code: number; status: Record<string, unknown> | undefined }> {
  const env = { ...process.env, ...harness.codexOptions.env } as NodeJS.ProcessEnv;
  const result = await run(resolveCodexBinary(), ["app-server", "daemon", command], { env, cwd: harness.workspace }).then(
    (done) => ({ code: 0, stdout: done.stdout }),
    (failed: { code?: number; stdout?: string }) => ({ code: failed.code ?? 1, stdout: failed.stdout ?? "" }),
  );
  const line = result.stdout.trim().split("\n").at(-1);
  return { code: result.code, status: line ? (JSON.parse(line) as Record<string, unknown>) : undefined };
}

/** Pids of live processes whose command line mentions the harness directory. */
function processesOfHarness(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(harness.root);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Ends the daemon's updater, which `daemon stop` leaves running, by the pid it records. */
function stopUpdater(): void {
  const file = join(harness.home, "app-server-daemon", "daemon-updater.pid");
  if (!existsSync(file)) return;
  const { pid } = JSON.parse(readFileSync(file, "utf8")) as { pid: number };
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
}

beforeAll(async () => {
  harness = await createOfflineHarness();
  const lines = Object.entries(harness.config).map(([key, value]) => `${key} = ${tomlLiteral(value, key)}`);
  // Without this the daemon (started with analytics on by default) tries to reach the internet.
  lines.push("analytics = { enabled = false }");
  await writeFile(join(harness.home, "config.toml"), `${lines.join("\n")}\n`);
  daemonOptions = { env: harness.codexOptions.env, cwd: harness.workspace, logger: watch.logger };
});

afterAll(async () => {
  if (harness === undefined) return;
  await daemon("stop").catch(() => undefined);
  stopUpdater();
  await harness.close();
  harness.mock.assertNoEgress();
});

describe("the daemon transport", () => {
  it("fails with connect-failed when no daemon runs and start is not asked for", async () => {
    const error = await Codex.start({ ...daemonOptions, transport: { kind: "daemon" } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "CodexStartError", kind: "connect-failed" });
    expect((error as Error).message).toContain(`No app-server daemon is running for CODEX_HOME ${harness.home}`);
    expect((error as Error).message).toContain("start: true");
  });

  it("starts the daemon, passes the scenario over it, and close() leaves it running", async () => {
    const commands: string[] = [];
    const codex = await Codex.start({ ...daemonOptions, transport: { kind: "daemon", start: true }, serverRequests: acceptingApprovals(commands) });
    try {
      const started = await codex.request("thread/start", { ephemeral: true });
      // The daemon took the mock provider from config.toml (it starts without --strict-config, so check).
      expect({ model: started.model, modelProvider: started.modelProvider }).toEqual({ model: "mock-model", modelProvider: "mock" });
      await runTransportScenario(codex, commands);
    } finally {
      await codex.close();
    }
    const version = await daemon("version");
    expect(version.code).toBe(0);
    expect(version.status).toMatchObject({ status: "running", appServerVersion: codex.runtimeVersion });

    // A client without start attaches to the running daemon, and reports its version in the log.
    const attached = await Codex.start({ ...daemonOptions, transport: { kind: "daemon" } });
    await expect(attached.threadList({ limit: 1 })).resolves.toHaveProperty("data");
    await attached.close();
    expect(watch.count(`The app-server daemon is started: version ${codex.runtimeVersion}, socket ${String(version.status?.socketPath)}`)).toBe(1);
    expect(watch.count(`The app-server daemon is running: version ${codex.runtimeVersion}, socket ${String(version.status?.socketPath)}`)).toBe(1);
  });

  it("daemon stop ends it; with its updater ended too, nothing of it is left", async () => {
    const { status } = await daemon("version");
    const socketPath = String(status?.socketPath);
    const physical = join("/tmp", `codex-daemon-${process.getuid!()}`, createHash("sha256").update(socketPath).digest("hex"));
    expect(existsSync(physical)).toBe(true);
    const stopped = await daemon("stop");
    expect(stopped.status).toMatchObject({ status: "stopped" });
    stopUpdater();
    await expect.poll(() => processesOfHarness(), { timeout: 5_000 }).toEqual([]);
    expect(existsSync(physical)).toBe(false);
    expect(existsSync(socketPath)).toBe(false);
  });
});
