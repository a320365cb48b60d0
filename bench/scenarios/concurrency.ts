import { workerSetup } from "../offline-setup.js";
import type { Scenario } from "../scenario.js";
import { timed } from "../timing.js";
import { startTurnClient, type TurnContestant } from "../turn-clients.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const THREADS = 32;
const PROMPT = "Say hello.";

/** Scenario 5: many turns in flight on one client. */
export const concurrency: Scenario = {
  id: "concurrency",
  title: "5. Concurrency",
  summary:
    `${THREADS} threads started at once on one client, then one turn on each, all ${THREADS} in flight together, against ` +
    "the raw client doing the same. Wall time of each phase and the client CPU of both.",
  reps: 7,
  runners: ["sdk", "raw"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw },
  runTimeoutMs: 120_000,
  profileRunner: "sdk",
  metrics: [
    { key: "threadsMs", label: `${THREADS} concurrent \`thread/start\``, unit: "ms", digits: 0, comparisons: [{ of: "sdk", vs: "raw" }] },
    { key: "turnsMs", label: `${THREADS} concurrent turns`, unit: "ms", digits: 0, comparisons: [{ of: "sdk", vs: "raw" }] },
    { key: "cpuMs", label: "client CPU, both phases", unit: "ms", digits: 1, comparisons: [{ of: "sdk", vs: "raw" }] },
  ],
  async run(runner, context) {
    const count = context.warmup ? 4 : THREADS;
    const setup = await workerSetup(context.mock);
    const client = await startTurnClient(runner as TurnContestant, setup);
    try {
      const { starts, turns } = await context.measured(async () => {
        const starts = await timed(() => Promise.all(Array.from({ length: count }, () => client.startThread())));
        const turns = await timed(() => Promise.all(starts.value.map((thread) => thread.run(PROMPT))));
        return { starts, turns };
      });
      return { [runner]: { threadsMs: starts.ms, turnsMs: turns.ms, cpuMs: (starts.cpuUs + turns.cpuUs) / 1000 } };
    } finally {
      await client.close();
    }
  },
};
