import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioResult } from "./results.js";

const fragments = fileURLToPath(new URL("../.results", import.meta.url));
const output = fileURLToPath(new URL("../results.json", import.meta.url));
const repository = fileURLToPath(new URL("../../..", import.meta.url));

/** The merged results of one stress run: the machine, the versions, and every scenario. */
export interface ReliabilityResults {
  generatedAt: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  /** The machine's load average (1, 5 and 15 minutes) when the run ended: other work on it skews the times. */
  loadAverage: number[];
  runtimeVersion: string;
  sdkVersion: string;
  commit: string | null;
  trialsPerScenario: number;
  scenarios: ScenarioResult[];
}

/** Clears the fragments of an earlier run. */
export function setup(): void {
  rmSync(fragments, { recursive: true, force: true });
  mkdirSync(fragments, { recursive: true });
}

/** Merges the scenario fragments the test files wrote into results.json. */
export function teardown(): void {
  const scenarios = readdirSync(fragments)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(readFileSync(join(fragments, name), "utf8")) as ScenarioResult)
    .sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id));
  const json = (path: string) => JSON.parse(readFileSync(join(repository, path), "utf8")) as { version: string };
  let commit: string | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repository, encoding: "utf8" }).trim();
  } catch {
    commit = null;
  }
  const results: ReliabilityResults = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    runtimeVersion: json("schema/runtime-version.json").version,
    sdkVersion: json("package.json").version,
    commit,
    trialsPerScenario: Number(process.env.RELIABILITY_TRIALS ?? 3),
    scenarios,
  };
  writeFileSync(output, `${JSON.stringify(results, null, 2)}\n`);
  rmSync(fragments, { recursive: true, force: true });
}
