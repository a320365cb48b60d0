import { Codex } from "../sdk.js";
import { workerSetup, type OfflineSetup } from "../offline-setup.js";
import { RawClient } from "../raw-client.js";
import type { Scenario } from "../scenario.js";
import { median } from "../stats.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const CYCLES = 3;

interface Client {
  close(): Promise<void>;
}

const starters: Record<string, (setup: OfflineSetup) => Promise<Client>> = {
  sdk: (setup) => Codex.start(setup.sdk),
  raw: (setup) => RawClient.start(setup.raw),
};

/** Scenario 1: spawn to initialized, and close to process gone. */
export const startClose: Scenario = {
  id: "start-close",
  title: "1. Start and close",
  summary:
    `\`Codex.start()\` until it resolves (spawn, \`initialize\`, \`initialized\`) and \`close()\` until the process is gone, ` +
    `against the raw client doing the same. Each run starts once unmeasured, then takes the median of ${CYCLES} ` +
    "start/close cycles (each worker keeps one `CODEX_HOME`, whose databases its warm-up run created).",
  reps: 7,
  runners: ["sdk", "raw"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw },
  runTimeoutMs: 60_000,
  profileRunner: "sdk",
  metrics: [
    { key: "totalMs", label: "start + close", unit: "ms", digits: 1, comparisons: [{ of: "sdk", vs: "raw", target: { max: 1.05, text: "within 5%" } }] },
    { key: "startMs", label: "start", unit: "ms", digits: 1, comparisons: [{ of: "sdk", vs: "raw" }] },
    { key: "closeMs", label: "close", unit: "ms", digits: 1, comparisons: [{ of: "sdk", vs: "raw" }] },
  ],
  async run(runner, context) {
    const start = starters[runner]!;
    const setup = await workerSetup(context.mock);
    await (await start(setup)).close();
    const cycles = await context.measured(async () => {
      const measured: { startMs: number; closeMs: number }[] = [];
      for (let cycle = 0; cycle < (context.warmup ? 1 : CYCLES); cycle++) {
        const started = performance.now();
        const client = await start(setup);
        const ready = performance.now();
        await client.close();
        measured.push({ startMs: ready - started, closeMs: performance.now() - ready });
      }
      return measured;
    });
    const startMs = median(cycles.map((cycle) => cycle.startMs));
    const closeMs = median(cycles.map((cycle) => cycle.closeMs));
    return { [runner]: { startMs, closeMs, totalMs: median(cycles.map((cycle) => cycle.startMs + cycle.closeMs)) } };
  },
};
