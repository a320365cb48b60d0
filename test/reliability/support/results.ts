import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeTracked } from "./hostile.js";
import { leakSnapshot, leakedSince } from "./leaks.js";
import { TRIALS } from "./scale.js";

/**
 * Faults of the real runtime that a scenario's figure covers: it drops replies when too many
 * requests are in flight, it ignores `$/cancelRequest` (so an abort must settle on the client's own
 * clock), and it never answers some malformed requests (so only a client-side bound ends the wait).
 */
export const RUNTIME_FAULT = {
  dropsReplies: "drops replies under bursts",
  ignoresCancel: "ignores $/cancelRequest",
  silentOnMalformed: "never answers malformed requests",
} as const;

/** One of {@link RUNTIME_FAULT}. */
export type RuntimeFault = (typeof RUNTIME_FAULT)[keyof typeof RUNTIME_FAULT];

/** What a scenario is, for the report. */
export interface ScenarioInfo {
  /** Stable id, e.g. `kill-mid-turn`. */
  id: string;
  /** The group of the report it belongs to. */
  group: "crash" | "waiting" | "half-open" | "memory" | "signals" | "errors" | "wire" | "exits" | "kill" | "freeze" | "model" | "load" | "input" | "secrets";
  /** One sentence: what is done to the SDK. */
  fault: string;
  /** One sentence: what the SDK promises. */
  promise: string;
  /** Faults of the real runtime that this scenario covers. */
  covers?: readonly RuntimeFault[];
}

/** The figures one trial reports. */
export interface TrialFigures {
  /** Time from the fault (kill, freeze, abort, timeout firing) to the last pending call settling, in ms. */
  settleMs?: number;
  /** Requests sent, and how many of them completed successfully. */
  sent?: number;
  completed?: number;
  /** What was left behind once the client was closed. */
  leakedChildren?: number;
  leakedTimers?: number;
  leakedListeners?: number;
  /** Memory held, in bytes, and per buffered event. */
  heldBytes?: number;
  bytesPerEvent?: number;
  /** Anything else worth reporting, by name. */
  [figure: string]: number | undefined;
}

/** One scenario's line in results.json. */
export interface ScenarioResult extends ScenarioInfo {
  trials: number;
  held: number;
  failures: string[];
  figures: Record<string, { worst: number; median: number; values: number[] }>;
}

/** Figures where a larger value is worse; for the others (`completed`) the smallest is the worst. */
const SMALLER_IS_WORSE = new Set(["completed"]);

/**
 * Runs a scenario `TRIALS` times (once in the bounded suite). Each trial reports its figures (by
 * returning them, or through `record` before an assertion that may fail it); a trial that throws
 * counts as not held. With `RELIABILITY_RESULTS_DIR` set (by the stress config)
 * the scenario's result is written there as `<id>.json`. Rethrows the first failure, so the test
 * fails as it would without the wrapper.
 */
export async function scenario(
  info: ScenarioInfo,
  trial: (index: number, record: (figures: TrialFigures) => void) => Promise<TrialFigures | void>,
  trials = TRIALS,
): Promise<void> {
  const failures: unknown[] = [];
  const collected: Record<string, number[]> = {};
  let held = 0;
  const add = (name: string, value: unknown) => {
    if (typeof value === "number" && Number.isFinite(value)) (collected[name] ??= []).push(value);
  };
  for (let index = 0; index < trials; index++) {
    const before = leakSnapshot();
    // Figures recorded as the trial goes count even when a later assertion fails it.
    let figures: TrialFigures = {};
    const record = (recorded: TrialFigures) => void (figures = { ...figures, ...recorded });
    let failure: unknown;
    try {
      record((await trial(index, record)) ?? {});
    } catch (error) {
      failure = error;
    }
    // What the trial started is closed now, so whatever is still there is a leak.
    await closeTracked();
    await new Promise((resolve) => setImmediate(resolve));
    const leaked = leakedSince(before);
    for (const [name, value] of Object.entries(figures)) add(name, value);
    add("leakedChildren", Math.max(leaked.children.length, figures.leakedChildren ?? 0));
    add("leakedTimers", leaked.timers);
    if (failure === undefined && leaked.children.length > 0) {
      failure = new Error(`${leaked.children.length} runtime process(es) outlived close(): ${leaked.children.join(", ")}`);
    }
    if (failure === undefined) held++;
    else failures.push(failure);
  }
  record(info, trials, held, failures, collected);
  if (failures.length > 0) throw failures[0];
}

function record(info: ScenarioInfo, trials: number, held: number, failures: unknown[], collected: Record<string, number[]>): void {
  const dir = process.env.RELIABILITY_RESULTS_DIR;
  if (!dir) return;
  const figures: ScenarioResult["figures"] = {};
  for (const [name, values] of Object.entries(collected)) {
    const sorted = [...values].sort((a, b) => a - b);
    const worst = SMALLER_IS_WORSE.has(name) ? sorted[0]! : sorted.at(-1)!;
    figures[name] = { worst, median: sorted[Math.floor((sorted.length - 1) / 2)]!, values };
  }
  const result: ScenarioResult = {
    ...info,
    covers: info.covers ?? [],
    trials,
    held,
    failures: failures.map((error) => (error instanceof Error ? error.message.split("\n")[0]! : String(error))),
    figures,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${info.id}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
