import { createMessageConnection, AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Message } from "vscode-jsonrpc/node";
import type { ValidationMode } from "../../src/index.js";
import { Codex } from "../sdk.js";
import { LineSplitter } from "../../src/transport/line-splitter.js";
import type { Scenario, Sample } from "../scenario.js";
import { pumpChunks, ScriptedServer, turnStream } from "../scripted-server.js";

const DELTAS = 100_000;
const WARMUP_DELTAS = 10_000;

/** Resolves with the elapsed milliseconds of delivering `bytes` (`deltas` deltas and a completion). */
type Case = (bytes: Buffer, deltas: number) => Promise<number>;

/** Splitting and JSON.parse only: the floor every client pays. */
const parseOnly: Case = async (bytes, deltas) => {
  let count = 0;
  const splitter = new LineSplitter((line) => {
    JSON.parse(line);
    count++;
  });
  const started = performance.now();
  await pumpChunks(bytes, splitter);
  if (count !== deltas + 1) throw new Error(`parse-only saw ${count}`);
  return performance.now() - started;
};

/** vscode-jsonrpc's own notification dispatch from the same parsed messages. */
const vscodeJsonrpc: Case = async (bytes, deltas) => {
  let emit: DataCallback | undefined;
  class Reader extends AbstractMessageReader {
    listen(callback: DataCallback) {
      emit = callback;
      return { dispose() {} };
    }
  }
  class Writer extends AbstractMessageWriter {
    async write(_message: Message) {}
    end() {}
  }
  const connection = createMessageConnection(new Reader(), new Writer());
  let count = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  connection.onNotification((method) => {
    count++;
    if (method === "turn/completed") done();
  });
  connection.listen();
  const splitter = new LineSplitter((line) => emit!(JSON.parse(line)));
  const started = performance.now();
  await pumpChunks(bytes, splitter);
  await finished;
  const elapsed = performance.now() - started;
  connection.dispose();
  if (count !== deltas + 1) throw new Error(`vscode-jsonrpc saw ${count}`);
  return elapsed;
};

/** The SDK: a global `"*"` listener on Codex, with the given validation. */
const sdkGlobalListener =
  (validate: ValidationMode): Case =>
  async (bytes, deltas) => {
    const server = new ScriptedServer();
    const codex = await Codex.start({ transport: server, validate, logger: {} });
    let count = 0;
    codex.onNotification("*", () => count++);
    const started = performance.now();
    await server.play(bytes);
    const elapsed = performance.now() - started;
    await codex.close();
    if (count !== deltas + 1) throw new Error(`global listener (validate ${validate}) saw ${count}`);
    return elapsed;
  };

async function startedTurn() {
  const server = new ScriptedServer();
  const codex = await Codex.start({ transport: server });
  const thread = await codex.threadStart();
  const handle = await thread.turn("go");
  return { server, codex, handle };
}

/** The SDK: a TurnHandle's `stream()`, consumed with `for await`. */
const sdkTurnStream: Case = async (bytes, deltas) => {
  const { server, codex, handle } = await startedTurn();
  let count = 0;
  const started = performance.now();
  const consume = (async () => {
    // The replay outruns any reader, so with the default mark the stream would merge deltas: every
    // event is delivered on its own here, the work the bare-parsing baseline does.
    for await (const n of handle.stream({ highWaterMark: Infinity })) if (n.method === "item/agentMessage/delta") count++;
  })();
  await server.play(bytes);
  await consume;
  const elapsed = performance.now() - started;
  await codex.close();
  if (count !== deltas) throw new Error(`stream() saw ${count}`);
  return elapsed;
};

/** The SDK: a TurnHandle's `run()`. */
const sdkTurnRun: Case = async (bytes) => {
  const { server, codex, handle } = await startedTurn();
  const started = performance.now();
  const result = handle.run();
  await server.play(bytes);
  const turn = await result;
  const elapsed = performance.now() - started;
  await codex.close();
  if (turn.status !== "completed") throw new Error(`run() ended ${turn.status}`);
  return elapsed;
};

const cases: Record<string, Case> = {
  parseOnly,
  vscodeJsonrpc,
  sdkGlobalListener: sdkGlobalListener("off"),
  sdkGlobalValidated: sdkGlobalListener("warn"),
  sdkTurnStream,
  sdkTurnRun,
};
const SDK_CASES = ["sdkGlobalListener", "sdkGlobalValidated", "sdkTurnStream", "sdkTurnRun"];

const payloads = new Map<number, Buffer>();
let round = 0;

/** Scenario 6: the SDK's own dispatch cost, without a server, on replayed bytes. */
/** How close to bare parsing each SDK path must stay (time ratio to split + JSON.parse of the same bytes). */
const DISPATCH_TARGETS: Record<string, { max: number; text: string } | undefined> = {
  sdkGlobalListener: { max: 1.2, text: "at most 1.20x" },
  sdkTurnStream: { max: 1.4, text: "at most 1.40x" },
  sdkTurnRun: { max: 1.3, text: "at most 1.30x" },
};

export const dispatch: Scenario = {
  id: "dispatch",
  title: "6. SDK-bound dispatch",
  summary:
    `${DELTAS.toLocaleString("en")} \`item/agentMessage/delta\` lines shaped like the real server's (about 225 bytes, ` +
    "two UUIDs, an item id, `emittedAtMs`) and a `turn/completed`, fed in 64 KiB chunks through a scripted in-process " +
    "transport: bare splitting and `JSON.parse`, vscode-jsonrpc 10's own notification dispatch, and the SDK's " +
    'Connection (a `"*"` listener without and with schema validation, `stream()`, `run()`). All cases run back to back ' +
    "in one worker in each repetition, in a rotating order; the ratio to the parse-only time of the same repetition is " +
    "what to compare.",
  reps: 7,
  runners: ["dispatch"],
  contestants: {
    parseOnly: "split + JSON.parse",
    vscodeJsonrpc: "vscode-jsonrpc dispatch",
    sdkGlobalListener: 'SDK onNotification("*")',
    sdkGlobalValidated: 'SDK onNotification("*"), validate "warn"',
    sdkTurnStream: "SDK stream()",
    sdkTurnRun: "SDK run()",
  },
  runTimeoutMs: 120_000,
  profileRunner: "dispatch",
  metrics: [
    {
      key: "rate",
      label: "notifications per second",
      unit: "1/s",
      digits: 0,
      targets: SDK_CASES.filter((name) => name !== "sdkGlobalValidated").map((contestant) => ({
        contestant,
        min: 200_000,
        text: "at least 200k/s (design goal)",
      })),
    },
    {
      key: "ms",
      label: "time",
      unit: "ms",
      digits: 1,
      comparisons: ["vscodeJsonrpc", ...SDK_CASES].map((of) => ({ of, vs: "parseOnly", target: DISPATCH_TARGETS[of] })),
    },
  ],
  async run(_runner, context) {
    const deltas = context.warmup ? WARMUP_DELTAS : DELTAS;
    let bytes = payloads.get(deltas);
    if (bytes === undefined) payloads.set(deltas, (bytes = turnStream(deltas)));
    const names = Object.keys(cases);
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    round++;
    const samples: Record<string, Sample> = {};
    await context.measured(async () => {
      for (const name of order) {
        const ms = await cases[name]!(bytes, deltas);
        samples[name] = { ms, rate: (deltas + 1) / (ms / 1000) };
      }
    });
    return samples;
  },
};
