import type { Thread } from "../../src/index.js";
import { Codex } from "../sdk.js";
import { workerSetup, type OfflineSetup } from "../offline-setup.js";
import { RawClient } from "../raw-client.js";
import type { Comparison, Metric, Scenario } from "../scenario.js";
import { timed } from "../timing.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const SIZES = [5_000, 50_000] as const;
const WARMUP_DELTAS = 1_000;
const DELTA = "item/agentMessage/delta";

/** Runs one turn of `deltas` deltas and resolves with the number its consumer saw. */
type StreamTurn = (deltas: number) => Promise<number>;

interface Streamer {
  turn: StreamTurn;
  close(): Promise<void>;
}

const prompt = (deltas: number) => `Stream. [[mock:stream ${deltas}]]`;

async function sdkThread(setup: OfflineSetup): Promise<{ codex: Codex; thread: Thread }> {
  const codex = await Codex.start(setup.sdk);
  return { codex, thread: await codex.threadStart() };
}

/** A turn read by a notification listener on the whole connection: it counts deltas until `turn/completed`. */
function listenerTurn(listen: (listener: (method: string) => void) => void, startTurn: (text: string) => Promise<unknown>): StreamTurn {
  let seen = 0;
  let completed: (() => void) | undefined;
  listen((method) => {
    if (method === DELTA) seen++;
    else if (method === "turn/completed") completed?.();
  });
  return async (deltas) => {
    seen = 0;
    const done = new Promise<void>((resolve) => (completed = resolve));
    await startTurn(prompt(deltas));
    await done;
    return seen;
  };
}

const streamers: Record<string, (setup: OfflineSetup) => Promise<Streamer>> = {
  async sdkStream(setup) {
    const { codex, thread } = await sdkThread(setup);
    const turn: StreamTurn = async (deltas) => {
      let seen = 0;
      const handle = await thread.turn(prompt(deltas));
      // Every delta on its own, as the raw client gets them, even when the reader falls behind.
      for await (const notification of handle.stream({ highWaterMark: Infinity })) if (notification.method === DELTA) seen++;
      return seen;
    };
    return { turn, close: () => codex.close() };
  },
  async sdkRun(setup) {
    const { codex, thread } = await sdkThread(setup);
    const turn: StreamTurn = async (deltas) => {
      const result = await thread.run(prompt(deltas));
      const answer = result.items.find((item) => item.type === "agentMessage");
      // run() shows no deltas; a complete answer proves they all arrived.
      return answer?.type === "agentMessage" && answer.text.endsWith(` w${deltas}`) ? deltas : 0;
    };
    return { turn, close: () => codex.close() };
  },
  async sdkGlobal(setup) {
    const { codex, thread } = await sdkThread(setup);
    const turn = listenerTurn(
      (listener) => codex.onNotification("*", (notification) => listener(notification.method)),
      (text) => codex.request("turn/start", { threadId: thread.id, input: [{ type: "text", text }] }),
    );
    return { turn, close: () => codex.close() };
  },
  async raw(setup) {
    const client = await RawClient.start(setup.raw);
    const { thread } = (await client.request("thread/start", {})) as { thread: { id: string } };
    const turn = listenerTurn(
      (listener) => client.onNotification((message) => listener(message.method!)),
      (text) => client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text }] }),
    );
    return { turn, close: () => client.close() };
  },
};

const SDK_MODES = ["sdkStream", "sdkRun", "sdkGlobal"] as const;
const rate: Comparison[] = SDK_MODES.map((mode) => ({ of: mode, vs: "raw", target: { min: 0.95, text: "within 5%" } }));
const cpu: Comparison[] = SDK_MODES.map((mode) => ({ of: mode, vs: "raw", target: { max: 1.15, text: "within 15%" } }));

const sizeLabel = (deltas: number) => `${deltas / 1000}k`;
const metrics: Metric[] = SIZES.flatMap((deltas): Metric[] => [
  { key: `rate${sizeLabel(deltas)}`, label: `${deltas.toLocaleString("en")} deltas: delivered rate`, unit: "deltas/s", digits: 0, comparisons: rate },
  { key: `cpu${sizeLabel(deltas)}`, label: `${deltas.toLocaleString("en")} deltas: client CPU per delta`, unit: "us", digits: 2, comparisons: cpu },
]);

/** Scenario 3: one turn's deltas delivered to the consumer, through each SDK path and the raw client. */
export const streaming: Scenario = {
  id: "streaming",
  title: "3. Streaming",
  summary:
    `A ${SIZES.map((size) => size.toLocaleString("en")).join("- and a ")}-delta turn (\`[[mock:stream N]]\`) on one thread, ` +
    "after an unmeasured 1,000-delta turn, consumed through `TurnHandle.stream()`, `TurnHandle.run()` and " +
    '`codex.onNotification("*")` (with `codex.request("turn/start")`), against the raw client counting deltas in its ' +
    "notification listener. Rate: deltas / (`turn/start` sent until the consumer has the completion); client CPU " +
    "of the same span divided by the deltas.",
  reps: 7,
  runners: [...SDK_MODES, "raw"],
  contestants: {
    sdkStream: "this SDK, stream()",
    sdkRun: "this SDK, run()",
    sdkGlobal: 'this SDK, onNotification("*")',
    raw: CONTESTANT_NAMES.raw,
  },
  runTimeoutMs: 120_000,
  profileRunner: "sdkStream",
  metrics,
  async run(runner, context) {
    const setup = await workerSetup(context.mock);
    const streamer = await streamers[runner]!(setup);
    try {
      await streamer.turn(WARMUP_DELTAS);
      const sizes = context.warmup ? [WARMUP_DELTAS] : SIZES;
      const turns = await context.measured(async () => {
        const measured = [];
        for (const deltas of sizes) measured.push({ deltas, ...(await timed(() => streamer.turn(deltas))) });
        return measured;
      });
      const sample: Record<string, number> = {};
      for (const { deltas, value: seen, ms, cpuUs } of turns) {
        if (seen !== deltas) throw new Error(`${runner} saw ${seen} of ${deltas} deltas.`);
        sample[`rate${sizeLabel(deltas)}`] = deltas / (ms / 1000);
        sample[`cpu${sizeLabel(deltas)}`] = cpuUs / deltas;
      }
      return { [runner]: sample };
    } finally {
      await streamer.close();
    }
  },
};
