import { describe, expect, it } from "vitest";
import { setup, wire } from "./fake-peer.js";

/**
 * Notifications per second through a TurnHandle over an in-memory transport, delivered in batches
 * (as a socket delivers chunks), compared with a bare thread listener on the same connection.
 */
const N = 200_000;
const BATCH = 64;

function delta(i: number) {
  return {
    method: "item/agentMessage/delta",
    params: { threadId: "thr_1", turnId: "turn_1", itemId: "msg_1", delta: `t${i} ` },
    emittedAtMs: 1795500311727,
  };
}

async function pump(emit: (message: unknown) => void, messages: unknown[]): Promise<void> {
  for (let i = 0; i < messages.length; i += BATCH) {
    const end = Math.min(i + BATCH, messages.length);
    for (let j = i; j < end; j++) emit(messages[j]);
    if ((i / BATCH) % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function startTurn() {
  const env = setup();
  env.peer.responders.set("turn/start", () => ({ turn: wire.turn("turn_1") }));
  const handle = await env.thread.turn("go");
  return { ...env, handle };
}

function messages() {
  const list: unknown[] = [];
  for (let i = 0; i < N; i++) list.push(delta(i));
  list.push({ method: "turn/completed", params: { threadId: "thr_1", turn: wire.turn("turn_1", "completed") } });
  return list;
}

describe("TurnHandle throughput", () => {
  it("routes deltas into stream() and run() cheaply", async () => {
    const input = messages();
    const rates: Record<string, number> = {};

    for (let round = 0; round < 2; round++) {
      {
        const { peer, connection } = setup();
        let count = 0;
        connection.onThreadNotification("thr_1", () => count++);
        const started = performance.now();
        await pump((m) => peer.send(m), input);
        rates.bareListener = Math.round(N / ((performance.now() - started) / 1000));
        expect(count).toBe(N + 1);
      }
      {
        const { peer, handle } = await startTurn();
        let count = 0;
        const started = performance.now();
        const consume = (async () => {
          for await (const n of handle.stream()) if (n.method === "item/agentMessage/delta") count++;
        })();
        await pump((m) => peer.send(m), input);
        await consume;
        rates.stream = Math.round(N / ((performance.now() - started) / 1000));
        expect(count).toBe(N);
      }
      {
        const { peer, handle } = await startTurn();
        const started = performance.now();
        const result = handle.run();
        await pump((m) => peer.send(m), input);
        await result;
        rates.run = Math.round(N / ((performance.now() - started) / 1000));
      }
    }
    console.log(`notifications/s (N=${N}): ${JSON.stringify(rates)}`);
    expect(rates.stream).toBeGreaterThan(100_000);
    expect(rates.run).toBeGreaterThan(100_000);
  });
});
