import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { codexVersion, nativeCodexBinary } from "./native-binary.js";
import type { RunEnvironment } from "./results.js";

/** The installed version of a dependency (read from node_modules: not every package exports its package.json). */
function packageVersion(name: string): string {
  const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function commit(): string {
  try {
    const sha = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "generated", "package.json"], { encoding: "utf8" }).trim();
    return dirty ? `${sha} with uncommitted changes` : sha;
  } catch {
    return "unknown";
  }
}

/** The machine and the versions of everything measured. */
export async function describeEnvironment(): Promise<RunEnvironment> {
  const sdk = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return {
    machine: {
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      cpus: cpus().length,
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      os: `${type()} ${release()}`,
    },
    versions: {
      node: process.version,
      runtime: await codexVersion(nativeCodexBinary()),
      sdk: sdk.version,
      sdkCommit: commit(),
      officialSdk: packageVersion("@openai/codex-sdk"),
      vscodeJsonrpc: packageVersion("vscode-jsonrpc"),
    },
  };
}
