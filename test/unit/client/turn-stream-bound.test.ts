import { describe, expect, it } from "vitest";
import type { ServerNotification } from "../../../generated/methods.js";
import type { TurnEvent } from "../../../src/client/turn-events.js";
import { TurnEventBuffer } from "../../../src/client/turn-event-buffer.js";
import type { Logger } from "../../../src/logger.js";
import { setup, wire } from "./fake-peer.js";

type Warning = { message: string; details: Record<string, unknown> | undefined };

function warningsLogger(): Logger & { warnings: Warning[] } {
  const warnings: Warning[] = [];
  return { warnings, warn: (message, details) => warnings.push({ message, details }) };
}

const base = { threadId: "thr_1", turnId: "turn_1" };

function delta(itemId: string, text: string, method = "item/agentMessage/delta", extra: Record<string, unknown> = {}): ServerNotification {
  return { method, params: { ...base, itemId, delta: text, ...extra } } as ServerNotification;
}

function event(method: string, params: Record<string, unknown> = {}): ServerNotification {
  return { method, params: { ...base, ...params } } as ServerNotification;
}

function drain(buffer: TurnEventBuffer): TurnEvent[] {
  const out: TurnEvent[] = [];
  for (let next = buffer.shift(); next !== undefined; next = buffer.shift()) out.push(next);
  return out;
}

/** The events as `method:itemId:delta` (or just the method), for comparing orders. */
function shapes(events: readonly TurnEvent[]): string[] {
  return events.map((n) => {
    const params = n.params as { itemId?: string; delta?: string };
    return params.delta === undefined ? n.method : `${n.method}:${params.itemId}:${params.delta}`;
  });
}

function buffer(highWaterMark: number, logger: Logger = {}): TurnEventBuffer {
  const result = new TurnEventBuffer(logger, "thr_1");
  result.highWaterMark = highWaterMark;
  return result;
}

describe("TurnEventBuffer", () => {
  it("keeps every event as it is below the mark", () => {
    const logger = warningsLogger();
    const events = [event("item/started"), delta("m", "a"), delta("m", "b"), event("item/completed")];
    const b = buffer(10, logger);
    for (const n of events) b.push(n);
    expect(drain(b)).toEqual(events);
    b.finish("turn_1");
    expect(logger.warnings).toEqual([]);
  });

  it("past the mark, merges consecutive deltas of one item into one with all of their text", () => {
    const b = buffer(2);
    b.push(event("item/started"));
    b.push(delta("m", "a"));
    for (const text of ["b", "c", "d"]) b.push(delta("m", text));
    b.push(event("item/completed"));
    expect(b.length).toBe(4);
    expect(shapes(drain(b))).toEqual(["item/started", "item/agentMessage/delta:m:a", "item/agentMessage/delta:m:bcd", "item/completed"]);
  });

  it("never merges across a structural event, nor drops one", () => {
    const b = buffer(1);
    b.push(delta("m", "a"));
    b.push(delta("m", "b"));
    b.push(event("serverRequest/resolved", { requestId: 1 }));
    b.push(delta("m", "c"));
    b.push(delta("m", "d"));
    b.push(event("turn/completed"));
    expect(shapes(drain(b))).toEqual([
      "item/agentMessage/delta:m:a",
      "item/agentMessage/delta:m:b",
      "serverRequest/resolved",
      "item/agentMessage/delta:m:cd",
      "turn/completed",
    ]);
  });

  it("keeps each item's and part's text apart and in order when deltas interleave", () => {
    const b = buffer(1);
    b.push(event("item/started"));
    const pushed = [
      delta("m", "1"),
      delta("r", "x", "item/reasoning/summaryTextDelta", { summaryIndex: 0 }),
      delta("m", "2"),
      delta("r", "y", "item/reasoning/summaryTextDelta", { summaryIndex: 1 }),
      delta("r", "z", "item/reasoning/summaryTextDelta", { summaryIndex: 0 }),
      delta("m", "3"),
    ];
    for (const n of pushed) b.push(n);
    const events = drain(b);
    const textOf = (method: string, itemId: string, summaryIndex?: number) =>
      events
        .filter((n) => {
          const params = n.params as { itemId?: string; summaryIndex?: number };
          return n.method === method && params.itemId === itemId && params.summaryIndex === summaryIndex;
        })
        .map((n) => (n.params as { delta: string }).delta)
        .join("");
    expect(textOf("item/agentMessage/delta", "m")).toBe("123");
    expect(textOf("item/reasoning/summaryTextDelta", "r", 0)).toBe("xz");
    expect(textOf("item/reasoning/summaryTextDelta", "r", 1)).toBe("y");
    expect(events[0]!.method).toBe("item/started");
    expect(events.length).toBe(4);
  });

  it("merges every kind of item text delta, and nothing else", () => {
    for (const method of [
      "item/agentMessage/delta",
      "item/plan/delta",
      "item/reasoning/textDelta",
      "item/commandExecution/outputDelta",
      "item/fileChange/outputDelta",
    ]) {
      const b = buffer(1);
      b.push(delta("i", "a", method));
      b.push(delta("i", "b", method));
      b.push(delta("i", "c", method));
      expect(shapes(drain(b)), method).toEqual([`${method}:i:a`, `${method}:i:bc`]);
    }
    const b = buffer(1);
    const audio = [1, 2, 3].map((i) => ({ method: "thread/realtime/outputAudio/delta", params: { threadId: "thr_1", delta: `A${i}=` } }));
    for (const n of audio) b.push(n as unknown as ServerNotification);
    expect(drain(b)).toEqual(audio);
  });

  it("reports the merge once, with the count, when the stream finishes", () => {
    const logger = warningsLogger();
    const b = buffer(1, logger);
    for (let i = 0; i < 50; i++) b.push(delta("m", `${i} `));
    expect(logger.warnings).toEqual([]);
    b.finish("turn_1");
    b.finish("turn_1");
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]!.message).toMatch(/48 text deltas were merged.*no text was lost.*highWaterMark/);
    expect(logger.warnings[0]!.details).toMatchObject({ threadId: "thr_1", turnId: "turn_1", highWaterMark: 1, mergedDeltas: 48 });
    const text = drain(b).map((n) => (n.params as { delta: string }).delta).join("");
    expect(text).toBe(Array.from({ length: 50 }, (_, i) => `${i} `).join(""));
  });

  it("merges what is already buffered when the mark is lowered", () => {
    const b = buffer(1_000);
    b.push(event("turn/started"));
    for (let i = 0; i < 600; i++) b.push(delta("m", "x"));
    b.highWaterMark = 10;
    expect(b.length).toBeLessThanOrEqual(11);
    const events = drain(b);
    expect(events[0]!.method).toBe("turn/started");
    expect(events.map((n) => (n.params as { delta?: string }).delta ?? "").join("")).toBe("x".repeat(600));
  });

  it("never merges with an Infinity mark", () => {
    const b = buffer(Infinity);
    for (let i = 0; i < 5_000; i++) b.push(delta("m", "x"));
    expect(b.length).toBe(5_000);
  });

  it("starts a new run after the merged delta was read, so text never goes back in time", () => {
    const b = buffer(1);
    b.push(delta("m", "a"));
    b.push(delta("m", "b"));
    b.push(delta("m", "c"));
    expect(shapes([b.shift()!, b.shift()!])).toEqual(["item/agentMessage/delta:m:a", "item/agentMessage/delta:m:bc"]);
    b.push(delta("m", "d"));
    b.push(delta("m", "e"));
    b.push(delta("m", "f"));
    expect(shapes(drain(b))).toEqual(["item/agentMessage/delta:m:d", "item/agentMessage/delta:m:ef"]);
  });

  it("leaves the notifications it merged untouched (other listeners share them)", () => {
    const b = buffer(1);
    const first = delta("m", "a");
    const second = delta("m", "b");
    const third = delta("m", "c");
    for (const n of [first, second, third]) b.push(n);
    drain(b);
    expect([first, second, third].map((n) => (n.params as { delta: string }).delta)).toEqual(["a", "b", "c"]);
  });
});

describe("TurnHandle.stream({ highWaterMark })", () => {
  async function runningTurn(logger: Logger = {}) {
    const env = await setup("thr_1", { logger });
    const request = env.peer.waitForRequest("turn/start");
    const pending = env.thread.turn("hello");
    env.peer.respond((await request).id, { turn: wire.turn("turn_1") });
    return { ...env, handle: await pending };
  }

  it("rejects options that are not a positive count with a TypeError, and the stream stays readable", async () => {
    const { handle } = await runningTurn();
    for (const options of [{ highWaterMark: 0 }, { highWaterMark: -1 }, { highWaterMark: 1.5 }, { highWaterMark: "8" }, { highwatermark: 8 }, 8]) {
      expect(() => handle.stream(options as never), JSON.stringify(options)).toThrow(TypeError);
    }
    expect(() => handle.stream({ highWaterMark: Infinity })).not.toThrow();
  });

  it("merges the deltas of an unread stream past the mark; run() and the text are unaffected", async () => {
    const logger = warningsLogger();
    const { peer, handle } = await runningTurn(logger);
    const stream = handle.stream({ highWaterMark: 8 });
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("turn_1") });
    peer.notify("item/started", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m", "") });
    let text = "";
    for (let i = 0; i < 1_000; i++) {
      text += `w${i} `;
      peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: `w${i} ` });
    }
    peer.notify("item/completed", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m", text) });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    const turn = await handle.run();
    expect(turn.status).toBe("completed");
    expect(handle.finalResponse).toBe(text);
    expect(logger.warnings).toHaveLength(1);

    const events: ServerNotification[] = [];
    for await (const n of stream) events.push(n);
    const deltas = events.filter((n) => n.method === "item/agentMessage/delta");
    expect(deltas.length).toBeLessThanOrEqual(8);
    expect(deltas.map((n) => (n.method === "item/agentMessage/delta" ? n.params.delta : "")).join("")).toBe(text);
    expect(events.map((n) => n.method).filter((m) => m !== "item/agentMessage/delta")).toEqual([
      "turn/started",
      "item/started",
      "item/completed",
      "turn/completed",
    ]);
  });

  it("bounds the buffer of a handle nobody has read yet with the default mark (1,000)", async () => {
    const { peer, handle } = await runningTurn();
    for (let i = 0; i < 5_000; i++) {
      peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "x" });
    }
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) events.push(n);
    expect(events.length).toBeLessThanOrEqual(1_002);
    expect(events.map((n) => (n.method === "item/agentMessage/delta" ? n.params.delta : "")).join("")).toBe("x".repeat(5_000));
  });
});
