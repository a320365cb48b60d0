/**
 * `npm run bench`: notifications per second from raw JSONL bytes to the consumer, measured side by
 * side in one process and reported as ratios to the bare cost of splitting and parsing the same
 * bytes (these machines are noisy; ratios of interleaved rounds are what to compare). Writes
 * bench/results.json.
 */
import { writeFileSync } from "node:fs";
import { createMessageConnection, AbstractMessageReader, AbstractMessageWriter, type DataCallback, type Message } from "vscode-jsonrpc/node";
import { Codex } from "../src/index.js";
import { LineSplitter } from "../src/transport/line-splitter.js";
import { pumpChunks, ScriptedServer, turnStream } from "./scripted-server.js";

const DELTAS = Number(process.env.BENCH_DELTAS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const bytes = turnStream(DELTAS);

type Case = () => Promise<number>; // resolves with elapsed ms

/** Splitting and JSON.parse only: the floor every client pays. */
const parseOnly: Case = async () => {
  let count = 0;
  const splitter = new LineSplitter((line) => {
    JSON.parse(line);
    count++;
  });
  const started = performance.now();
  await pumpChunks(bytes, splitter);
  if (count !== DELTAS + 1) throw new Error(`parse-only saw ${count}`);
  return performance.now() - started;
};

/** vscode-jsonrpc's own notification dispatch from the same parsed messages. */
const vscodeJsonrpc: Case = async () => {
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
  if (count !== DELTAS + 1) throw new Error(`vscode-jsonrpc saw ${count}`);
  return elapsed;
};

async function startedTurn() {
  const server = new ScriptedServer();
  const codex = await Codex.start({ transport: server });
  const thread = await codex.threadStart();
  const handle = await thread.turn("go");
  return { server, codex, handle };
}

/** The SDK: a global `"*"` listener on Codex. */
const sdkGlobalListener: Case = async () => {
  const server = new ScriptedServer();
  const codex = await Codex.start({ transport: server });
  let count = 0;
  codex.onNotification("*", () => count++);
  const started = performance.now();
  await server.play(bytes);
  const elapsed = performance.now() - started;
  await codex.close();
  if (count !== DELTAS + 1) throw new Error(`global listener saw ${count}`);
  return elapsed;
};

/** The SDK: a TurnHandle's `stream()`, consumed with `for await`. */
const sdkTurnStream: Case = async () => {
  const { server, codex, handle } = await startedTurn();
  let count = 0;
  const started = performance.now();
  const consume = (async () => {
    for await (const n of handle.stream()) if (n.method === "item/agentMessage/delta") count++;
  })();
  await server.play(bytes);
  await consume;
  const elapsed = performance.now() - started;
  await codex.close();
  if (count !== DELTAS) throw new Error(`stream() saw ${count}`);
  return elapsed;
};

/** The SDK: a TurnHandle's `run()`. */
const sdkTurnRun: Case = async () => {
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
  sdkGlobalListener,
  sdkTurnStream,
  sdkTurnRun,
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const ratios: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const run of Object.values(cases)) await run(); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const elapsed: Record<string, number> = {};
    for (const [name, run] of Object.entries(cases)) elapsed[name] = await run();
    for (const name of Object.keys(cases)) {
      samples[name]!.push(elapsed[name]!);
      ratios[name]!.push(elapsed[name]! / elapsed.parseOnly!);
    }
  }
  const results = Object.fromEntries(
    Object.keys(cases).map((name) => [
      name,
      {
        notificationsPerSecond: Math.round((DELTAS + 1) / (median(samples[name]!) / 1000)),
        costVsParseOnly: Number(median(ratios[name]!).toFixed(2)),
      },
    ]),
  );
  const report = {
    what: "notifications/s from JSONL bytes to the consumer; costVsParseOnly = median over rounds of (case time / parse-only time in the same round)",
    deltas: DELTAS,
    rounds: ROUNDS,
    node: process.version,
    results,
  };
  writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.table(Object.fromEntries(Object.entries(results)));
}

await main();
