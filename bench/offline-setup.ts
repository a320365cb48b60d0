import { rmSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodexOptions as OfficialCodexOptions, ThreadOptions as OfficialThreadOptions } from "@openai/codex-sdk";
import type { CodexOptions, ConfigOverrides } from "../src/index.js";
import { nativeCodexBinary } from "./native-binary.js";
import type { RawSpawnOptions } from "./raw-client.js";

/** The mock model, as the runner tells the workers about it. */
export interface MockEndpoint {
  /** The provider `base_url`. */
  url: string;
  /** The environment that routes outbound HTTP(S) through the mock's egress trap. */
  proxyEnv: Record<string, string>;
  /** The server configuration that points at the mock (the testing kit's `mockProviderConfig`). */
  config: ConfigOverrides;
}

/**
 * One isolated, offline runtime setup (its own `CODEX_HOME`, `HOME`, `TMPDIR` and workspace, the
 * mock provider, the egress trap), expressed as each contestant's options so all three run the
 * same binary with the same configuration and environment.
 */
export interface OfflineSetup {
  /** The directory holding everything below; {@link dispose} removes it. */
  readonly root: string;
  /** The empty working directory of the server. */
  readonly workspace: string;
  /** Options of this SDK's `Codex.start()`. */
  readonly sdk: CodexOptions;
  /** Options of {@link RawClient.start}. */
  readonly raw: RawSpawnOptions;
  /** Options of the official SDK's `new Codex()`. */
  readonly official: OfficialCodexOptions;
  /** Thread options of the official SDK (it runs `codex exec`, which wants a git repository unless told otherwise). */
  readonly officialThread: OfficialThreadOptions;
  /** Removes the directory. */
  dispose(): Promise<void>;
}

let shared: Promise<OfflineSetup> | undefined;

/**
 * The setup of this worker process, created on first use: the runs of one worker share a
 * `CODEX_HOME`, so only the first start pays for creating its databases. {@link disposeWorkerSetup}
 * removes it; so does the process's exit, as a last resort.
 */
export function workerSetup(mock: MockEndpoint): Promise<OfflineSetup> {
  shared ??= createOfflineSetup(mock).then((setup) => {
    process.once("exit", () => rmSync(setup.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 }));
    return setup;
  });
  return shared;
}

/** Removes this worker's setup, if it made one (a server's helpers may still be finishing writes in it). */
export async function disposeWorkerSetup(): Promise<void> {
  const setup = await shared;
  shared = undefined;
  await setup?.dispose();
}

/** Creates a fresh setup against `mock`. */
export async function createOfflineSetup(mock: MockEndpoint): Promise<OfflineSetup> {
  const root = await realpath(await mkdtemp(join(tmpdir(), "codex-bench-")));
  const home = join(root, "home");
  const workspace = join(root, "workspace");
  await mkdir(join(home, "tmp"), { recursive: true });
  await mkdir(workspace, { recursive: true });
  const bin = nativeCodexBinary();
  const config = mock.config;
  const overrides = { CODEX_HOME: home, HOME: home, TMPDIR: join(home, "tmp"), ...mock.proxyEnv };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== "OPENAI_API_KEY" && key !== "CODEX_API_KEY") env[key] = value;
  }
  Object.assign(env, overrides);
  return {
    root,
    workspace,
    sdk: { codexBin: bin, cwd: workspace, env, replaceEnv: true, config, args: ["--strict-config"] },
    raw: { bin, cwd: workspace, env, args: [...configFlags(config), "--strict-config"] },
    official: { codexPathOverride: bin, env, config: config as OfficialCodexOptions["config"] },
    officialThread: { skipGitRepoCheck: true, workingDirectory: workspace, sandboxMode: "read-only", approvalPolicy: "never" },
    dispose: () => rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}

/** `-c dotted.key=<TOML literal>` flags for the scalar leaves of `config`. */
function configFlags(config: ConfigOverrides, prefix = ""): string[] {
  const flags: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (typeof value === "object" && !Array.isArray(value)) flags.push(...configFlags(value as ConfigOverrides, `${prefix}${key}.`));
    else flags.push("-c", `${prefix}${key}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`);
  }
  return flags;
}
