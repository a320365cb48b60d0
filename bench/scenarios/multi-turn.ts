import { workerSetup } from "../offline-setup.js";
import type { Scenario } from "../scenario.js";
import { timed } from "../timing.js";
import { startTurnClient, type TurnContestant } from "../turn-clients.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const SEQUENTIAL_TURNS = 10;
const THREADS = 4;
const TURNS_PER_THREAD = 5;
const PROMPT = "Say hello.";

const withinRaw = { of: "sdk", vs: "raw", target: { max: 1.05, text: "within 5%" } };

/** Scenario 4: whole conversations, from spawning the client to the last turn's completion. */
export const multiTurn: Scenario = {
  id: "multi-turn",
  title: "4. Multi-turn",
  summary:
    `${SEQUENTIAL_TURNS} sequential turns on one thread, and ${THREADS} threads x ${TURNS_PER_THREAD} sequential turns ` +
    "running concurrently on one client, each timed from spawning the client (spawn, `initialize`, `thread/start` " +
    "included) to the last completion, against the raw client and `@openai/codex-sdk` (which spawns `codex exec` for " +
    "every turn and resumes the thread from disk). A later turn is the mean of turns 2 to 10. The mock answers each " +
    'turn with "Hello from the mock model." (5 deltas).',
  reps: 7,
  runners: ["sdk", "raw", "official"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw, official: CONTESTANT_NAMES.official },
  runTimeoutMs: 120_000,
  profileRunner: "sdk",
  metrics: [
    {
      key: "sequentialMs",
      label: `${SEQUENTIAL_TURNS} sequential turns, total`,
      unit: "ms",
      digits: 0,
      comparisons: [withinRaw, { of: "official", vs: "sdk", target: { min: 2.5, text: "official at least 2.5x slower" } }],
    },
    {
      key: "laterTurnMs",
      label: "per later turn",
      unit: "ms",
      digits: 1,
      comparisons: [withinRaw, { of: "official", vs: "sdk", target: { min: 3, text: "official at least 3x slower" } }],
    },
    {
      key: "concurrentMs",
      label: `${THREADS} threads x ${TURNS_PER_THREAD} turns, total`,
      unit: "ms",
      digits: 0,
      comparisons: [withinRaw, { of: "official", vs: "sdk" }],
    },
    { key: "sequentialCpuMs", label: `${SEQUENTIAL_TURNS} sequential turns, client CPU`, unit: "ms", digits: 1, comparisons: [{ of: "sdk", vs: "raw" }] },
  ],
  async run(runner, context) {
    const contestant = runner as TurnContestant;
    const turns = context.warmup ? 2 : SEQUENTIAL_TURNS;
    const threads = context.warmup ? 2 : THREADS;
    const turnsPerThread = context.warmup ? 2 : TURNS_PER_THREAD;
    const setup = await workerSetup(context.mock);
    const clients: { close(): Promise<void> }[] = [];
    try {
      const { sequential, concurrent } = await context.measured(async () => {
        const turnMs: number[] = [];
        const sequential = await timed(async () => {
          const client = await startTurnClient(contestant, setup);
          clients.push(client);
          const thread = await client.startThread();
          for (let turn = 0; turn < turns; turn++) turnMs.push((await timed(() => thread.run(PROMPT))).ms);
        });
        const concurrent = await timed(async () => {
          const client = await startTurnClient(contestant, setup);
          clients.push(client);
          const conversation = async () => {
            const thread = await client.startThread();
            for (let turn = 0; turn < turnsPerThread; turn++) await thread.run(PROMPT);
          };
          await Promise.all(Array.from({ length: threads }, conversation));
        });
        return { sequential: { ...sequential, turnMs }, concurrent };
      });
      const later = sequential.turnMs.slice(1);
      return {
        [runner]: {
          sequentialMs: sequential.ms,
          laterTurnMs: later.reduce((sum, ms) => sum + ms, 0) / later.length,
          concurrentMs: concurrent.ms,
          sequentialCpuMs: sequential.cpuUs / 1000,
        },
      };
    } finally {
      for (const client of clients) await client.close();
    }
  },
};
