import type { Scenario } from "../scenario.js";

/**
 * Every scenario, in the order they run and are reported, each loaded only when asked for: a
 * worker then holds only its own scenario's code (memory figures depend on it).
 */
const LOADERS: Readonly<Record<string, () => Promise<Scenario>>> = {
  "start-close": async () => (await import("./start-close.js")).startClose,
  roundtrip: async () => (await import("./round-trip.js")).roundTrip,
  streaming: async () => (await import("./streaming.js")).streaming,
  "multi-turn": async () => (await import("./multi-turn.js")).multiTurn,
  concurrency: async () => (await import("./concurrency.js")).concurrency,
  dispatch: async () => (await import("./dispatch.js")).dispatch,
  "memory-turns": async () => (await import("./memory-turns.js")).memoryTurns,
  "memory-lag": async () => (await import("./memory-lag.js")).memoryLag,
  "memory-run": async () => (await import("./memory-run.js")).memoryRun,
  import: async () => (await import("./import-cost.js")).importCost,
  bundle: async () => (await import("./bundle-size.js")).bundleSize,
  "pool-throughput": async () => (await import("./pool.js")).poolThroughput,
  "pool-overhead": async () => (await import("./pool.js")).poolOverhead,
};

/** The scenario ids in run order. */
export const SCENARIO_IDS: readonly string[] = Object.keys(LOADERS);

/** Loads the scenario with this id; throws naming the known ids otherwise. */
export async function loadScenario(id: string): Promise<Scenario> {
  const load = LOADERS[id];
  if (load === undefined) throw new Error(`No scenario "${id}"; the scenarios are ${SCENARIO_IDS.join(", ")}.`);
  const scenario = await load();
  if (scenario.id !== id) throw new Error(`The scenario registered as "${id}" calls itself "${scenario.id}".`);
  return scenario;
}
