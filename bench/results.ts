/**
 * The model of bench/results.json and how a scenario's samples become it: spreads per contestant,
 * paired ratios per repetition with their median, and each target met or missed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { LoadFigures } from "./load-monitor.js";
import type { FileEntry, ProfileEntry } from "./profile-top.js";
import type { RunSamples, Scenario, Target } from "./scenario.js";
import { spread, type Spread } from "./stats.js";

/** Where results.json lives. */
export const RESULTS_FILE = new URL("./results.json", import.meta.url);

/** One contestant's values of a metric over the repetitions. */
export interface ContestantValues extends Spread {
  samples: number[];
}

/** A paired comparison over the repetitions: the spread of its ratios and whether the median meets the target. */
export interface ComparisonResult extends Spread {
  of: string;
  vs: string;
  ratios: number[];
  target?: Target;
  met?: boolean;
}

/** A bound on one contestant's median. */
export interface ValueTargetResult {
  contestant: string;
  target: Target;
  median: number;
  met: boolean;
}

/** One metric of a scenario. */
export interface MetricResult {
  key: string;
  label: string;
  unit: string;
  digits: number;
  values: Record<string, ContestantValues>;
  comparisons: ComparisonResult[];
  targets: ValueTargetResult[];
}

/** The hottest functions of a CPU profile of the SDK side. */
export interface ProfileSummary {
  runner: string;
  /** The .cpuprofile written (not committed). */
  file: string;
  /** CPU time sampled, excluding idle, in milliseconds. */
  totalMs: number;
  top: ProfileEntry[];
  /** Self time by file, dependencies as a whole. */
  byFile: FileEntry[];
}

/** What the mock model saw during a scenario. */
export interface EgressFigures {
  modelRequests: number;
  /** Attempts to reach the internet (must be none). */
  proxyAttempts: string[];
  unexpectedRequests: number;
}

/** One scenario's results. */
export interface ScenarioResult {
  id: string;
  group?: string;
  title: string;
  summary: string;
  reps: number;
  contestants: Record<string, string>;
  ranAt: string;
  durationS: number;
  load: LoadFigures;
  egress: EgressFigures;
  metrics: MetricResult[];
  profile?: ProfileSummary;
}

/** The machine and versions of a run. */
export interface RunEnvironment {
  machine: { cpuModel: string; cpus: number; memoryGiB: number; os: string };
  versions: { node: string; runtime: string; sdk: string; sdkCommit: string; officialSdk: string; vscodeJsonrpc: string };
}

/** bench/results.json. */
export interface BenchResults extends RunEnvironment {
  date: string;
  durationS: number;
  scenarios: ScenarioResult[];
}

/** Whether `value` lies within `target`. */
export function meets(value: number, target: Target): boolean {
  return (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min);
}

/** Summarizes the samples of every repetition (`reps[i]` is repetition i's samples by contestant). */
export function summarizeMetrics(scenario: Scenario, reps: readonly RunSamples[]): MetricResult[] {
  return scenario.metrics.map((metric) => {
    const values: Record<string, ContestantValues> = {};
    for (const contestant of Object.keys(scenario.contestants)) {
      const samples = reps.map((rep) => rep[contestant]?.[metric.key]).filter((value): value is number => value !== undefined);
      if (samples.length > 0) values[contestant] = { samples, ...spread(samples) };
    }
    const comparisons = (metric.comparisons ?? []).map((comparison): ComparisonResult => {
      const ratios = reps
        .map((rep) => {
          const of = rep[comparison.of]?.[metric.key];
          const vs = rep[comparison.vs]?.[metric.key];
          return of === undefined || vs === undefined ? undefined : of / vs;
        })
        .filter((ratio): ratio is number => ratio !== undefined);
      if (ratios.length === 0) throw new Error(`${scenario.id}: no samples to compare ${comparison.of} with ${comparison.vs} on ${metric.key}.`);
      const ratioSpread = spread(ratios);
      const met = comparison.target === undefined ? undefined : meets(ratioSpread.median, comparison.target);
      return { of: comparison.of, vs: comparison.vs, ratios, ...ratioSpread, target: comparison.target, met };
    });
    const targets = (metric.targets ?? []).map(({ contestant, ...target }): ValueTargetResult => {
      const value = values[contestant];
      if (value === undefined) throw new Error(`${scenario.id}: no ${metric.key} samples of ${contestant}.`);
      return { contestant, target, median: value.median, met: meets(value.median, target) };
    });
    return { key: metric.key, label: metric.label, unit: metric.unit, digits: metric.digits ?? 2, values, comparisons, targets };
  });
}

/** Reads results.json, or `undefined` when there is none. */
export function readResults(): BenchResults | undefined {
  try {
    return JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as BenchResults;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes results.json. */
export function writeResults(results: BenchResults): void {
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

/** `previous` with the scenarios of `update` replaced or added (in `order`), and `update`'s environment. */
export function mergeResults(previous: BenchResults | undefined, update: BenchResults, order: readonly string[]): BenchResults {
  const byId = new Map((previous?.scenarios ?? []).map((scenario) => [scenario.id, scenario]));
  for (const scenario of update.scenarios) byId.set(scenario.id, scenario);
  const scenarios = [...byId.values()].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return { ...update, scenarios };
}
