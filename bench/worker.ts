/**
 * A worker process of the bench runner: it measures one scenario's runner (a contestant, usually)
 * on request, so each contestant's CPU time and memory are its own process's. Started by
 * worker-process.ts with the scenario id and the mock's endpoint in its environment.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { disposeWorkerSetup, type MockEndpoint } from "./offline-setup.js";
import type { RunContext, RunSamples } from "./scenario.js";
import { loadScenario } from "./scenarios/index.js";

/** A request from the runner: a run, or `exit` (clean up, then exit). */
export type WorkerCommand =
  | {
      type: "run";
      runner: string;
      warmup: boolean;
      /** Write a CPU profile of the measured section here. */
      profilePath?: string;
    }
  | { type: "exit" };

/** The answer to a {@link WorkerCommand}, or `ready` once the worker has loaded its scenario. */
export type WorkerReply = { type: "ready" } | { type: "result"; samples: RunSamples } | { type: "error"; message: string };

const scenario = await loadScenario(process.env.BENCH_SCENARIO ?? "");
const mock = JSON.parse(process.env.BENCH_MOCK ?? "null") as MockEndpoint;

interface CallFrame {
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/** Points the frames of TypeScript files at their source lines (the worker runs them transpiled, with source maps). */
function mapToSources(profile: { nodes: { callFrame: CallFrame }[] }): void {
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.endsWith(".ts") || callFrame.lineNumber < 0) continue;
    const entry = findSourceMap(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (entry === undefined || !("originalLine" in entry)) continue;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
}

async function profiled<T>(path: string, section: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  try {
    return await section();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    mapToSources(profile);
    await writeFile(path, JSON.stringify(profile));
  }
}

async function execute(command: Extract<WorkerCommand, { type: "run" }>): Promise<WorkerReply> {
  let sections = 0;
  const context: RunContext = {
    mock,
    warmup: command.warmup,
    profiling: command.profilePath !== undefined,
    measured: (section) => {
      if (++sections > 1) throw new Error(`${scenario.id} measured more than one section in a run.`);
      return command.profilePath === undefined ? section() : profiled(command.profilePath, section);
    },
  };
  try {
    return { type: "result", samples: await scenario.run(command.runner, context) };
  } catch (error) {
    return { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

process.on("message", (command: WorkerCommand) => {
  if (command.type === "exit") void disposeWorkerSetup().finally(() => process.exit(0));
  else void execute(command).then((reply) => process.send!(reply));
});
process.on("disconnect", () => process.exit(0));
process.send!({ type: "ready" } satisfies WorkerReply);
