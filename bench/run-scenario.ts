import { mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { monitorLoad } from "./load-monitor.js";
import type { MockHandle } from "./mock-handle.js";
import { topFiles, topFunctions } from "./profile-top.js";
import { summarizeMetrics, type ProfileSummary, type ScenarioResult } from "./results.js";
import type { RunSamples, Scenario } from "./scenario.js";
import { WorkerProcess } from "./worker-process.js";

/** Where `--profile` writes .cpuprofile files. */
export const PROFILE_DIR = fileURLToPath(new URL("./profiles/", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROFILE_TOP = 15;

/** How to run a scenario. */
export interface RunOptions {
  /** Repetitions instead of the scenario's own. */
  reps?: number;
  /** Capture a CPU profile of the scenario's profile runner after measuring. */
  profile: boolean;
  /** Profile this runner instead of the scenario's own choice. */
  profileRunner?: string;
  /** Receives progress lines. */
  log(line: string): void;
}

const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

async function profileRun(scenario: Scenario, runner: string, mock: MockHandle): Promise<ProfileSummary> {
  if (!scenario.runners.includes(runner)) throw new Error(`${scenario.id} has no runner "${runner}"; it has ${scenario.runners.join(", ")}.`);
  mkdirSync(PROFILE_DIR, { recursive: true });
  const file = join(PROFILE_DIR, `${scenario.id}-${runner}.cpuprofile`);
  const worker = WorkerProcess.spawn(scenario, mock.endpoint, true);
  try {
    if (!scenario.freshWorkerPerRun) await worker.run(runner, { warmup: true });
    await worker.run(runner, { profilePath: file });
  } finally {
    await worker.close();
  }
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const { totalMs, top } = topFunctions(profile, PROFILE_TOP);
  return { runner, file: relative(ROOT, file), totalMs, top, byFile: topFiles(profile, 8) };
}

/**
 * Runs a scenario: one warm-up run per persistent worker, then the repetitions, each running every
 * runner once in a rotated order, or all at once where the scenario allows it (fresh workers per run
 * where it asks for them); then the optional profile run. Records the load average and what the
 * mock saw meanwhile.
 */
export async function runScenario(scenario: Scenario, mock: MockHandle, options: RunOptions): Promise<ScenarioResult> {
  const reps = options.reps ?? scenario.reps;
  const started = performance.now();
  const ranAt = new Date().toISOString();
  const load = monitorLoad();
  const workers = new Map<string, WorkerProcess>();
  const samples: RunSamples[] = [];
  try {
    if (!scenario.freshWorkerPerRun) {
      for (const runner of scenario.runners) {
        const worker = WorkerProcess.spawn(scenario, mock.endpoint);
        workers.set(runner, worker);
        await worker.run(runner, { warmup: true });
      }
    }
    for (let rep = 0; rep < reps; rep++) {
      const timings: string[] = [];
      const runOnce = async (runner: string): Promise<RunSamples> => {
        const worker = workers.get(runner) ?? WorkerProcess.spawn(scenario, mock.endpoint);
        const runStarted = performance.now();
        try {
          return await worker.run(runner);
        } finally {
          if (scenario.freshWorkerPerRun) await worker.close();
          timings.push(`${runner} ${seconds(performance.now() - runStarted)}`);
        }
      };
      const order = rotate(scenario.runners, rep);
      const runs: RunSamples[] = [];
      if (scenario.concurrentRunners) runs.push(...(await Promise.all(order.map(runOnce))));
      else for (const runner of order) runs.push(await runOnce(runner));
      samples.push(Object.assign({}, ...runs) as RunSamples);
      options.log(`  ${scenario.id} ${rep + 1}/${reps}: ${timings.join(", ")}${scenario.concurrentRunners ? " (side by side)" : ""}`);
    }
  } finally {
    for (const worker of workers.values()) await worker.close();
  }
  const loadFigures = load.stop();
  let profile: ProfileSummary | undefined;
  const profileRunner = options.profileRunner ?? scenario.profileRunner;
  if (options.profile && profileRunner !== undefined) {
    options.log(`  ${scenario.id}: profiling ${profileRunner}`);
    profile = await profileRun(scenario, profileRunner, mock);
  }
  const report = await mock.report();
  return {
    id: scenario.id,
    group: scenario.group,
    title: scenario.title,
    summary: scenario.summary,
    reps,
    contestants: { ...scenario.contestants },
    ranAt,
    durationS: Math.round((performance.now() - started) / 100) / 10,
    load: loadFigures,
    egress: { modelRequests: report.requests, proxyAttempts: report.proxyAttempts, unexpectedRequests: report.unexpectedRequests },
    metrics: summarizeMetrics(scenario, samples),
    profile,
  };
}
