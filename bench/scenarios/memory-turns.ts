import { mib, settledMemory } from "../heap.js";
import { workerSetup } from "../offline-setup.js";
import type { Scenario } from "../scenario.js";
import { startTurnClient, type TurnContestant } from "../turn-clients.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const THREADS = 10;
const TURNS_PER_THREAD = 30;
const PROMPT = "Say hello.";

/** Scenario 7a: what a client holds after many turns. */
export const memoryTurns: Scenario = {
  id: "memory-turns",
  group: "memory",
  title: "7a. Memory after 300 turns",
  summary:
    `${THREADS * TURNS_PER_THREAD} turns (${THREADS} threads x ${TURNS_PER_THREAD} sequential turns, the threads ` +
    "concurrently) on one client in a fresh worker process (which loads only its own contestant's code): RSS after full " +
    "garbage collection, and the heap's growth since before the client started (compiled code and feedback included). " +
    "The contestants run at the same time, each against its own server: these figures do not depend on time.",
  reps: 3,
  runners: ["sdk", "raw"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw },
  freshWorkerPerRun: true,
  concurrentRunners: true,
  execArgv: ["--expose-gc"],
  runTimeoutMs: 180_000,
  metrics: [
    { key: "rssMiB", label: "RSS after the turns", unit: "MiB", digits: 1, comparisons: [{ of: "sdk", vs: "raw" }] },
    { key: "heapGrowthMiB", label: "heap growth", unit: "MiB", digits: 2, comparisons: [{ of: "sdk", vs: "raw" }] },
  ],
  async run(runner, context) {
    const turnsPerThread = context.warmup ? 2 : TURNS_PER_THREAD;
    const setup = await workerSetup(context.mock);
    const before = await settledMemory();
    const client = await startTurnClient(runner as TurnContestant, setup);
    try {
      await context.measured(async () => {
        const conversation = async () => {
          const thread = await client.startThread();
          for (let turn = 0; turn < turnsPerThread; turn++) await thread.run(PROMPT);
        };
        await Promise.all(Array.from({ length: THREADS }, conversation));
      });
      const after = await settledMemory();
      return {
        [runner]: {
          rssMiB: mib(after.rssBytes),
          heapGrowthMiB: mib(after.heapUsedBytes - before.heapUsedBytes),
        },
      };
    } finally {
      await client.close();
    }
  },
};
