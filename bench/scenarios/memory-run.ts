import { mib, settledMemory } from "../heap.js";
import { workerSetup } from "../offline-setup.js";
import type { Scenario } from "../scenario.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const DELTAS = 200_000;
/** The answer comes as this many messages: one mock message stops at about 120,000 deltas (see mock-process.ts). */
const MESSAGES = 4;
const SAMPLE_EVERY_MS = 100;

/** Scenario 7c: what `run()` keeps of a long turn. */
export const memoryRun: Scenario = {
  id: "memory-run",
  group: "memory",
  title: "7c. Heap after a 200,000-delta turn read by run()",
  summary:
    `One ${DELTAS.toLocaleString("en")}-delta turn (${MESSAGES} answer messages) through \`thread.run()\` in a fresh worker: the heap still held ` +
    "(after full garbage collection, with the returned `Turn` alive) and the peak heap during the turn (sampled every " +
    `${SAMPLE_EVERY_MS} ms), both above the heap before the turn. \`run()\` keeps items, not deltas: the answer's text ` +
    "costs about 8 bytes per delta, a buffered delta event hundreds (7b).",
  reps: 3,
  runners: ["sdk"],
  contestants: { sdk: CONTESTANT_NAMES.sdk },
  freshWorkerPerRun: true,
  execArgv: ["--expose-gc"],
  runTimeoutMs: 180_000,
  metrics: [
    {
      key: "retainedBytesPerDelta",
      label: "heap held after the turn, per delta",
      unit: "B",
      digits: 1,
      targets: [{ contestant: "sdk", max: 64, text: "keeps items, not deltas (under 64 B per delta)" }],
    },
    { key: "retainedMiB", label: "heap held after the turn", unit: "MiB", digits: 2 },
    { key: "peakMiB", label: "peak heap growth during the turn", unit: "MiB", digits: 1 },
  ],
  async run(runner, context) {
    const deltas = context.warmup ? 2_000 : DELTAS;
    const { Codex } = await import("../../src/index.js");
    const setup = await workerSetup(context.mock);
    const codex = await Codex.start(setup.sdk);
    try {
      const thread = await codex.threadStart();
      const before = await settledMemory();
      let peak = before.heapUsedBytes;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), SAMPLE_EVERY_MS);
      const prompt = `Stream. [[bench:messages ${MESSAGES} x ${deltas / MESSAGES}]]`;
      const turn = await context.measured(() => thread.run(prompt)).finally(() => clearInterval(sampler));
      const after = await settledMemory();
      const answers = turn.items.filter((item) => item.type === "agentMessage");
      const last = answers.at(-1);
      if (answers.length !== MESSAGES || last?.type !== "agentMessage" || !last.text.endsWith(` m${MESSAGES}w${deltas / MESSAGES}`)) {
        throw new Error(`run() returned ${answers.length} of ${MESSAGES} answer messages, or an incomplete last one.`);
      }
      const retained = after.heapUsedBytes - before.heapUsedBytes;
      return { [runner]: { retainedBytesPerDelta: retained / deltas, retainedMiB: mib(retained), peakMiB: mib(peak - before.heapUsedBytes) } };
    } finally {
      await codex.close();
    }
  },
};
