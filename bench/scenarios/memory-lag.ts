import { settledMemory } from "../heap.js";
import { workerSetup, type OfflineSetup } from "../offline-setup.js";
import type { Scenario } from "../scenario.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const DELTAS = 20_000;
const prompt = (deltas: number) => `Stream. [[mock:stream ${deltas}]]`;

/** A turn whose events pile up unread until it completes. */
interface LaggingTurn {
  /** Resolves once the turn has completed, its events still buffered. */
  completed: Promise<void>;
  /** Reads the buffered events and resolves with their count. */
  drain(): Promise<number>;
}

interface Lagger {
  start(deltas: number): Promise<LaggingTurn>;
  close(): Promise<void>;
}

const laggers: Record<string, (setup: OfflineSetup) => Promise<Lagger>> = {
  async sdk(setup) {
    const { Codex } = await import("../../src/index.js");
    const codex = await Codex.start(setup.sdk);
    const thread = await codex.threadStart();
    return {
      async start(deltas) {
        const completed = new Promise<void>((resolve) => {
          const listener = codex.onNotification("turn/completed", () => {
            listener.dispose();
            resolve();
          });
        });
        const handle = await thread.turn(prompt(deltas));
        // Claimed now and read later, so that every event is kept on its own (no merging past a mark):
        // what one costs is the figure.
        const events = handle.stream({ highWaterMark: Infinity });
        return {
          completed,
          async drain() {
            let count = 0;
            for await (const _ of events) count++;
            return count;
          },
        };
      },
      close: () => codex.close(),
    };
  },
  async raw(setup) {
    const { RawClient } = await import("../raw-client.js");
    const client = await RawClient.start(setup.raw);
    const { thread } = (await client.request("thread/start", {})) as { thread: { id: string } };
    return {
      async start(deltas) {
        // What a hand-written client keeps for a slow reader: the parsed messages of its thread, in a queue.
        const queue: unknown[] = [];
        let stop: () => void = () => undefined;
        const completed = new Promise<void>((resolve) => {
          stop = client.onNotification((message) => {
            if ((message.params as { threadId?: string } | undefined)?.threadId !== thread.id) return;
            queue.push(message);
            if (message.method === "turn/completed") resolve();
          });
        });
        await client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text: prompt(deltas) }] });
        return {
          completed,
          async drain() {
            stop();
            return queue.splice(0).length;
          },
        };
      },
      close: () => client.close(),
    };
  },
};

/** Scenario 7b: heap held per event while a consumer does not keep up. */
export const memoryLag: Scenario = {
  id: "memory-lag",
  group: "memory",
  title: "7b. Heap per buffered event",
  summary:
    `A ${DELTAS.toLocaleString("en")}-delta turn started with \`thread.turn()\` and read only after \`turn/completed\`, ` +
    "so every event waits in the handle's buffer (`stream({ highWaterMark: Infinity })`: none merged; the default mark " +
    "of 1,000 bounds it instead); the heap growth (after full garbage collection, fresh worker) divided " +
    "by the events then read. The raw client's figure is a queue of its parsed messages. The contestants run at the " +
    "same time, each against its own server.",
  reps: 3,
  runners: ["sdk", "raw"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw },
  freshWorkerPerRun: true,
  concurrentRunners: true,
  execArgv: ["--expose-gc"],
  runTimeoutMs: 120_000,
  metrics: [{ key: "bytesPerEvent", label: "heap per buffered event", unit: "B", digits: 0, comparisons: [{ of: "sdk", vs: "raw" }] }],
  async run(runner, context) {
    const setup = await workerSetup(context.mock);
    const lagger = await laggers[runner]!(setup);
    try {
      const deltas = context.warmup ? 1_000 : DELTAS;
      const { held, events } = await context.measured(async () => {
        const before = await settledMemory();
        const turn = await lagger.start(deltas);
        await turn.completed;
        const after = await settledMemory();
        const events = await turn.drain();
        return { held: after.heapUsedBytes - before.heapUsedBytes, events };
      });
      if (events < deltas) throw new Error(`${runner} buffered ${events} events for a ${deltas}-delta turn.`);
      return { [runner]: { bytesPerEvent: held / events } };
    } finally {
      await lagger.close();
    }
  },
};
