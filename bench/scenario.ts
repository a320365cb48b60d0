/**
 * What a benchmark scenario declares: its contestants, the metrics it reports with their targets,
 * and the measurement itself, which runs inside a worker process (see worker.ts).
 */
import type { MockEndpoint } from "./offline-setup.js";

/** One contestant's measured values in one repetition, by metric key. */
export type Sample = Record<string, number>;

/** What one measured run returns: samples by contestant (usually just the runner's own). */
export type RunSamples = Record<string, Sample>;

/** A bound on a ratio or a value; `text` states it as the plan does. */
export interface Target {
  /** The value must be at most this. */
  max?: number;
  /** The value must be at least this. */
  min?: number;
  /** E.g. `"within 5%"`. */
  text: string;
}

/** A paired comparison: `of`'s value divided by `vs`'s value in the same repetition. */
export interface Comparison {
  of: string;
  vs: string;
  target?: Target;
}

/** A bound on one contestant's own value (e.g. milliseconds added by an import). */
export interface ValueTarget extends Target {
  contestant: string;
}

/** One reported quantity. */
export interface Metric {
  key: string;
  label: string;
  unit: string;
  /** Decimals to print. Default 2. */
  digits?: number;
  comparisons?: readonly Comparison[];
  targets?: readonly ValueTarget[];
}

/** What a measurement receives from the worker. */
export interface RunContext {
  /** The mock model every server talks to. */
  readonly mock: MockEndpoint;
  /** A warm-up run: smaller, and its samples are discarded. */
  readonly warmup: boolean;
  /** A profile run: its samples are discarded, and a scenario may measure a longer section for a steadier profile. */
  readonly profiling: boolean;
  /**
   * Runs the measured section. With profiling on, the CPU profile covers exactly this section; a
   * measurement calls it once per run.
   */
  measured<T>(section: () => Promise<T>): Promise<T>;
}

/** A benchmark scenario. */
export interface Scenario {
  /** Used with `--only`. */
  id: string;
  /** Scenarios sharing a group are selected together by the group name. */
  group?: string;
  /** The heading in BENCHMARKS.md, numbered as in the plan. */
  title: string;
  /** What is measured and how, for BENCHMARKS.md. */
  summary: string;
  /** Repetitions; contestants are interleaved within each. */
  reps: number;
  /** The worker roles, run in a rotated order in each repetition. */
  runners: readonly string[];
  /** Display names of the contestants that appear in samples. */
  contestants: Readonly<Record<string, string>>;
  /** Spawn a new worker for every run (memory figures need a fresh process). */
  freshWorkerPerRun?: boolean;
  /** Run the runners of a repetition at the same time: only for figures that do not depend on time (memory). */
  concurrentRunners?: boolean;
  /** Node flags of the worker, e.g. `--expose-gc`. */
  execArgv?: readonly string[];
  /** How long one run may take before the worker is killed and the bench fails. */
  runTimeoutMs: number;
  metrics: readonly Metric[];
  /** The runner whose CPU profile `--profile` captures (the SDK side). */
  profileRunner?: string;
  /** The measurement, in the worker. */
  run(runner: string, context: RunContext): Promise<RunSamples>;
}
