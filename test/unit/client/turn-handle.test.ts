import type { TurnOptions } from "../../../src/client/options.js";
import { describe, expect, it, vi } from "vitest";
import type { ServerNotification } from "../../../generated/methods.js";
import type { ThreadItem } from "../../../generated/protocol.js";
import {
  InvalidRequestError,
  ProcessExitError,
  ThreadBusyError,
  TurnFailedError,
  TurnTimeoutError,
} from "../../../src/errors.js";
import { textInput } from "../../../src/client/inputs.js";
import { finalResponseOf } from "../../../src/client/turn-result.js";
import { fromFirstTurn, setup, setupReplay, transcript, wire } from "./fake-peer.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deltas(events: ServerNotification[]): string {
  return events.map((n) => (n.method === "item/agentMessage/delta" ? n.params.delta : "")).join("");
}

/** Starts a turn on a FakePeer thread whose turn/start the test answers with `turnId`. */
async function startedTurn(turnId = "turn_1", options?: TurnOptions) {
  const env = await setup();
  const request = env.peer.waitForRequest("turn/start");
  const pending = env.thread.turn("hello", options);
  const sent = await request;
  env.peer.respond(sent.id, { turn: wire.turn(turnId) });
  const handle = await pending;
  return { ...env, handle };
}

describe("TurnHandle over recorded transcripts", () => {
  it("streams a basic turn, including events sent before the turn/start response", async () => {
    const { replay, threads, core } = await setupReplay(fromFirstTurn(transcript("basic")));
    const handle = await threads[0].turn("Say hello.");
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) events.push(n);

    await replay;
    // thread/started and warning arrived before the turn/start response; both are thread-scoped.
    expect(events.slice(0, 3).map((n) => n.method)).toEqual(["thread/started", "warning", "thread/status/changed"]);
    expect(events.at(-1)?.method).toBe("turn/completed");
    expect(deltas(events)).toBe("Hello from the mock model, streamed in words.");
    expect(events.some((n) => n.method === "account/rateLimits/updated")).toBe(false); // global, not thread-scoped

    const turn = await handle.run();
    expect(turn.status).toBe("completed");
    expect(turn.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    expect(handle.finalResponse).toBe("Hello from the mock model, streamed in words.");
    expect(handle.usage?.totalTokens).toBe(18);
    expect(core.turns.size).toBe(0);
  });

  it("routes two interleaved turns on two threads to their own handles", async () => {
    const { replay, threads } = await setupReplay(fromFirstTurn(transcript("concurrent")));
    const [a, b] = await Promise.all([threads[0].turn("A"), threads[1].turn("B")]);
    expect(a.id).not.toBe(b.id);
    const collect = async (handle: typeof a) => {
      const events: ServerNotification[] = [];
      for await (const n of handle.stream()) events.push(n);
      return events;
    };
    const [eventsA, eventsB] = await Promise.all([collect(a), collect(b)]);
    await replay;
    for (const [handle, events] of [[a, eventsA], [b, eventsB]] as const) {
      for (const n of events) {
        const params = n.params as { threadId?: string; turnId?: string; turn?: { id: string } };
        expect(params.threadId).toBe(handle.threadId);
        const turnId = params.turnId ?? params.turn?.id;
        if (turnId !== undefined) expect(turnId).toBe(handle.id);
      }
      expect(deltas(events)).toBe(Array.from({ length: 20 }, (_, i) => `t${i} `).join(""));
      expect((await handle.run()).status).toBe("completed");
    }
  });

  it("rejects run() with TurnFailedError for a failed turn; stream() ends with the failed turn/completed", async () => {
    const firstTurn = fromFirstTurn(transcript("failures"), (m, dir) => dir === ">" && m.method === "thread/start");
    const { threads, replay } = await setupReplay(firstTurn);
    const handle = await threads[0].turn("[[mock:fail]]");
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) events.push(n);
    const last = events.at(-1);
    expect(last?.method === "turn/completed" && last.params.turn.status).toBe("failed");
    expect(events.some((n) => n.method === "error")).toBe(true);

    const error = await handle.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    const failed = error as TurnFailedError;
    expect(failed.turn.status).toBe("failed");
    expect(failed.turn.items.map((i) => i.type)).toEqual(["userMessage"]);
    expect(failed.turnError?.message).toBe("stream disconnected before completion: mock failure");
    expect(failed.message).toMatch(/mock failure/);
    await replay;
  });

  it("interrupts a streaming turn and resolves with status interrupted", async () => {
    // The recording ends with a second turn/interrupt, which the handle does not send for a finished turn.
    let interrupts = 0;
    const entries = fromFirstTurn(transcript("interrupt"), (m, dir) => dir === ">" && m.method === "turn/interrupt" && ++interrupts === 2);
    const { peer, threads, replay } = await setupReplay(entries);
    const handle = await threads[0].turn("[[mock:stream 100]]");
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) {
      events.push(n);
      if (n.method === "item/agentMessage/delta" && n.params.delta === "t5 ") await handle.interrupt();
    }
    const turn = await handle.run();
    expect(turn.status).toBe("interrupted");
    // The started agent message never completed: it is not in the items.
    expect(turn.items.map((i) => i.type)).toEqual(["userMessage"]);
    expect(handle.finalResponse).toBeNull();
    await handle.interrupt(); // already over: no request, no error
    await replay;
    expect(peer.sent.filter((m) => m.method === "turn/interrupt")).toHaveLength(1);
  });

  it("runs a turn with a command approval answered by a handler", async () => {
    const asked: string[] = [];
    const { peer, threads, replay } = await setupReplay(fromFirstTurn(transcript("approval-accept")), {
      serverRequests: {
        "item/commandExecution/requestApproval": (params) => {
          asked.push(params.command ?? "");
          return { decision: "accept" };
        },
      },
    });
    const handle = await threads[0].turn("Run echo.");
    const methods: string[] = [];
    for await (const n of handle.stream()) methods.push(n.method);
    const turn = await handle.run();
    await replay;
    expect(asked).toEqual(["/bin/bash -c 'echo hi'"]);
    expect(peer.sent).toContainEqual({ id: 0, result: { decision: "accept" } });
    expect(methods).toContain("serverRequest/resolved");
    expect(turn.items.map((i) => i.type)).toEqual(["userMessage", "commandExecution", "agentMessage"]);
  });
});

describe("TurnHandle buffering and routing", () => {
  it("buffers events that arrive before the turn/start response and drops other turns'", async () => {
    const { peer, thread } = await setup();
    const request = peer.waitForRequest("turn/start");
    const pending = thread.turn("hello");
    const sent = await request;
    expect(sent.params).toEqual({ threadId: "thr_1", input: [{ type: "text", text: "hello" }] });
    peer.notify("thread/status/changed", { threadId: "thr_1", status: { type: "active", activeFlags: [] } });
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("turn_1") });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "early " });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_other", itemId: "x", delta: "WRONG" });
    peer.notify("item/agentMessage/delta", { threadId: "thr_2", turnId: "turn_1", itemId: "x", delta: "WRONG" });
    await tick();
    peer.respond(sent.id, { turn: wire.turn("turn_1") });
    const handle = await pending;
    expect(handle.id).toBe("turn_1");
    expect(handle.threadId).toBe("thr_1");

    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "late" });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_other", itemId: "x", delta: "WRONG" });
    peer.notify("item/completed", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m", "early late") });
    peer.notify("serverRequest/resolved", { threadId: "thr_1", requestId: 3 });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "AFTER" });

    const methods: string[] = [];
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) {
      methods.push(n.method);
      events.push(n);
    }
    expect(methods).toEqual([
      "thread/status/changed",
      "turn/started",
      "item/agentMessage/delta",
      "item/agentMessage/delta",
      "item/completed",
      "serverRequest/resolved",
      "turn/completed",
    ]);
    expect(deltas(events)).toBe("early late");
    expect(handle.finalResponse).toBe("early late");
  });

  it("stream() yields events live and ends after turn/completed", async () => {
    const { peer, handle } = await startedTurn();
    const seen: string[] = [];
    const loop = (async () => {
      for await (const n of handle.stream()) seen.push(n.method);
    })();
    await tick();
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "a" });
    await tick();
    expect(seen).toEqual(["item/agentMessage/delta"]);
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    await loop;
    expect(seen).toEqual(["item/agentMessage/delta", "turn/completed"]);
  });

  it("allows one stream() per handle and none after run()", async () => {
    const first = await startedTurn();
    first.handle.stream();
    expect(() => first.handle.stream()).toThrow(TypeError);
    expect(() => first.handle.stream()).toThrow(/already called/);
    const second = await startedTurn();
    void second.handle.run();
    expect(() => second.handle.stream()).toThrow(TypeError);
    expect(() => second.handle.stream()).toThrow(/run\(\) is consuming them/);
  });

  it("queues overlapping next() calls in order, as an async generator would", async () => {
    const { peer, handle } = await startedTurn();
    const events = handle.stream();
    const first = events.next();
    const second = events.next();
    const third = events.next();
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "a" });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "b" });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    const results = await Promise.all([first, second, third, events.next()]);
    expect(results.map((r) => (r.done ? "done" : r.value.method === "item/agentMessage/delta" ? r.value.params.delta : r.value.method))).toEqual([
      "a",
      "b",
      "turn/completed",
      "done",
    ]);
  });

  it("overlapping next() calls pending when the connection closes: the first rejects, the others end", async () => {
    const { peer, handle } = await startedTurn();
    const events = handle.stream();
    const reads = [events.next(), events.next()].map((p) => p.then((r) => (r.done ? "done" : "value"), (e: unknown) => e));
    peer.die();
    const [first, second] = await Promise.all(reads);
    expect(first).toBeInstanceOf(ProcessExitError);
    expect(second).toBe("done");
  });

  it("treats idleTimeoutMs beyond Node's timer limit as no idle timeout, and prints no warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const { peer, handle } = await startedTurn("turn_1", { idleTimeoutMs: 2 ** 31 });
      const run = handle.run();
      await new Promise((resolve) => setTimeout(resolve, 30));
      peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
      await expect(run).resolves.toMatchObject({ status: "completed" });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("leaving the loop early stops buffering; the turn keeps running and run() still resolves", async () => {
    const { peer, handle, core } = await startedTurn();
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "a" });
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "b" });
    for await (const n of handle.stream()) {
      expect(n.method).toBe("item/agentMessage/delta");
      break;
    }
    expect(() => handle.stream()).toThrow(/no longer buffered/);
    expect(core.turns.runningOn("thr_1")?.turnId).toBe(handle.id); // still running
    expect(peer.requests("turn/interrupt")).toHaveLength(0);
    peer.notify("item/completed", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m", "ab") });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    const turn = await handle.run();
    expect(turn.items).toHaveLength(1);
    expect(core.turns.size).toBe(0);
  });

  it("run() returns every completed item in order, ignores items that never complete, and replaces the summary", async () => {
    const { peer, handle } = await startedTurn();
    const user = { type: "userMessage", id: "u", content: [] } as unknown as ThreadItem;
    peer.notify("item/started", { threadId: "thr_1", turnId: "turn_1", item: user });
    peer.notify("item/completed", { threadId: "thr_1", turnId: "turn_1", item: user });
    peer.notify("item/started", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m1", "") });
    peer.notify("item/started", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m2", "") });
    peer.notify("item/completed", { threadId: "thr_1", turnId: "turn_1", item: wire.agentMessage("m2", "answer") });
    peer.notify("thread/tokenUsage/updated", { threadId: "thr_1", turnId: "turn_1", tokenUsage: wire.usage(10) });
    peer.notify("thread/tokenUsage/updated", { threadId: "thr_1", turnId: "turn_x", tokenUsage: wire.usage(99) });
    peer.notify("thread/tokenUsage/updated", { threadId: "thr_1", turnId: "turn_1", tokenUsage: wire.usage(20) });
    const summary = wire.turn("turn_1", "completed", { items: [wire.agentMessage("m2", "answer")], itemsView: "summary" });
    peer.notify("turn/completed", { threadId: "thr_1", turn: summary });
    const turn = await handle.run();
    expect(turn.items.map((i) => i.id)).toEqual(["u", "m2"]);
    expect(turn.itemsView).toBe("summary");
    expect(turn.status).toBe("completed");
    expect(handle.usage?.totalTokens).toBe(20);
    expect(turn.usage?.totalTokens).toBe(20);
    expect(handle.finalResponse).toBe("answer");
    expect(turn.finalResponse).toBe("answer");
    expect(await handle.run()).toBe(turn);
  });

  it("usage is the turn's own: the growth of the thread's total over every request of the turn", async () => {
    const { peer, handle } = await startedTurn();
    const breakdown = (input: number, output: number) => ({
      totalTokens: input + output,
      inputTokens: input,
      cachedInputTokens: 0,
      outputTokens: output,
      reasoningOutputTokens: 0,
    });
    // The thread had used 1,520 tokens (1,400 in, 120 out) before this turn, which makes two model requests.
    const first = { total: breakdown(1500, 140), last: breakdown(100, 20), modelContextWindow: null };
    const second = { total: breakdown(1630, 170), last: breakdown(130, 30), modelContextWindow: null };
    peer.notify("thread/tokenUsage/updated", { threadId: "thr_1", turnId: "turn_1", tokenUsage: first });
    peer.notify("thread/tokenUsage/updated", { threadId: "thr_1", turnId: "turn_1", tokenUsage: second });
    peer.notify("warning", { threadId: "thr_1", message: "Model metadata for `mock-model` not found." });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    const result = await handle.run();
    expect(result.usage).toMatchObject({ totalTokens: 280, inputTokens: 230, outputTokens: 50 });
    expect(result.warnings).toEqual(["Model metadata for `mock-model` not found."]);
    expect(result.finalResponse).toBeNull();
  });

  it("reports usage as null and finalResponse as undefined until known", async () => {
    const { handle } = await startedTurn();
    expect(handle.usage).toBeNull();
    expect(handle.finalResponse).toBeUndefined();
  });
});

describe("TurnHandle failures", () => {
  it("rejects run() and stream() when the process dies", async () => {
    const { peer, handle, core } = await startedTurn();
    peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "a" });
    const run = handle.run();
    const exit = new ProcessExitError(undefined, { exitCode: 1, signal: null, stderrTail: "boom" });
    const streamed: string[] = [];
    const second = await startedTurn("turn_2");
    const loop = (async () => {
      for await (const n of second.handle.stream()) streamed.push(n.method);
    })();
    await tick();
    peer.die(exit);
    second.peer.die(exit);
    // Each turn's readers get a copy of the exit error that names their turn.
    const fields = { exitCode: 1, signal: null, stderrTail: "boom", threadId: "thr_1" };
    await expect(run).rejects.toSatisfy((error) => error instanceof ProcessExitError);
    await expect(run).rejects.toMatchObject({ ...fields, turnId: "turn_1", message: `Turn turn_1 on thread thr_1 was cut off: ${exit.message}` });
    await expect(loop).rejects.toSatisfy((error) => error instanceof ProcessExitError);
    await expect(loop).rejects.toMatchObject({ ...fields, turnId: "turn_2" });
    expect(exit).not.toHaveProperty("turnId");
    expect(core.turns.size).toBe(0);
  });

  it("rejects turn() with the server's error and leaves the thread free", async () => {
    const { peer, thread, core } = await setup();
    const request = peer.waitForRequest("turn/start");
    const pending = thread.turn("x");
    peer.fail((await request).id, -32600, "thread not loaded: thr_1");
    await expect(pending).rejects.toBeInstanceOf(InvalidRequestError);
    expect(core.turns.size).toBe(0);
  });

  it("rejects bad input and options before sending anything", async () => {
    const { peer, thread } = await setup();
    await expect(thread.turn([])).rejects.toThrow(TypeError);
    await expect(thread.turn("x", { sandbox: "nope" as never })).rejects.toThrow(/sandbox/);
    await expect(thread.run({ type: "text" } as never)).rejects.toThrow(/needs "text"/);
    expect(peer.sent).toHaveLength(0);
  });

  it("times out a silent turn with TurnTimeoutError and interrupts it", async () => {
    // Timers and the clock are faked (the peer answers through setImmediate), so the test is exact.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const { peer, handle, core } = await startedTurn("turn_1", { idleTimeoutMs: 60 });
      peer.responders.set("turn/interrupt", () => {
        setImmediate(() => peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "interrupted") }));
        return {};
      });
      let outcome: unknown = "pending";
      void handle.run().then(
        () => (outcome = "resolved"),
        (error: unknown) => (outcome = error),
      );
      // Events keep it alive: 4 × 50 ms is well past the 60 ms idle limit in all.
      for (let i = 0; i < 4; i++) {
        await vi.advanceTimersByTimeAsync(50);
        peer.notify("item/agentMessage/delta", { threadId: "thr_1", turnId: "turn_1", itemId: "m", delta: "x" });
      }
      await vi.advanceTimersByTimeAsync(59);
      expect(outcome).toBe("pending");
      expect(peer.requests("turn/interrupt")).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      for (let i = 0; i < 20 && outcome === "pending"; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(outcome).toBeInstanceOf(TurnTimeoutError);
      expect(outcome).toMatchObject({ threadId: "thr_1", turnId: "turn_1", idleTimeoutMs: 60 });
      expect(peer.requests("turn/interrupt")).toHaveLength(1);
      expect(core.turns.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("forgets a silent turn the server no longer runs", async () => {
    // Only timers and the clock are faked (the peer answers through setImmediate): the run must settle
    // without waiting out the completion grace period an acknowledged interrupt would wait for.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      const { peer, handle, core } = await startedTurn("turn_1", { idleTimeoutMs: 20 });
      peer.responders.set("turn/interrupt", () => {
        throw Object.assign(new Error("no active turn to interrupt"), { code: -32600 });
      });
      let outcome: unknown = "pending";
      void handle.run().then(
        () => (outcome = "resolved"),
        (error: unknown) => (outcome = error),
      );
      await vi.advanceTimersByTimeAsync(20);
      for (let i = 0; i < 20 && outcome === "pending"; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(outcome).toBeInstanceOf(TurnTimeoutError);
      expect(peer.requests("turn/interrupt")).toHaveLength(1);
      expect(core.turns.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects at once on idle timeout, and frees the thread after a grace period when the interrupted turn never completes", async () => {
    vi.useFakeTimers();
    try {
      const { peer, handle, core } = await startedTurn("turn_1", { idleTimeoutMs: 20 });
      peer.responders.set("turn/interrupt", () => ({}));
      const run = handle.run().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(25);
      expect(await run).toBeInstanceOf(TurnTimeoutError);
      expect(peer.requests("turn/interrupt")).toHaveLength(1);
      expect(core.turns.size).toBe(1); // still being interrupted
      await vi.advanceTimersByTimeAsync(2_000);
      expect(core.turns.size).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("TurnHandle control", () => {
  it("steer() sends turn/steer with expectedTurnId", async () => {
    const { peer, handle } = await startedTurn();
    peer.responders.set("turn/steer", () => ({ turnId: "turn_1" }));
    await expect(handle.steer("also this")).resolves.toEqual({ turnId: "turn_1" });
    await expect(handle.steer([textInput("a"), textInput("b")])).resolves.toEqual({ turnId: "turn_1" });
    expect(peer.requests("turn/steer")[0].params).toEqual({
      threadId: "thr_1",
      expectedTurnId: "turn_1",
      input: [{ type: "text", text: "also this" }],
    });
    await expect(handle.steer([])).rejects.toThrow(TypeError);
    expect(peer.requests("turn/steer")).toHaveLength(2);
  });

  it("interrupt() rethrows the server's errors while the turn runs", async () => {
    const { peer, handle, core } = await startedTurn();
    peer.responders.set("turn/interrupt", () => {
      throw Object.assign(new Error("internal"), { code: -32603 });
    });
    await expect(handle.interrupt()).rejects.toThrow(/internal/);
    expect(peer.requests("turn/interrupt")[0].params).toEqual({ threadId: "thr_1", turnId: "turn_1" });
    expect(core.turns.size).toBe(1);
  });

  it("interrupt() that hears 'no active turn' settles the turn as interrupted and frees the thread", async () => {
    const { peer, handle, thread, core } = await startedTurn();
    peer.responders.set("turn/interrupt", () => {
      throw Object.assign(new Error("no active turn to interrupt"), { code: -32600 });
    });
    const run = handle.run();
    await expect(handle.interrupt()).resolves.toBeUndefined();
    await expect(run).resolves.toMatchObject({ id: "turn_1", status: "interrupted" });
    expect(core.turns.size).toBe(0);
    await expect(handle.interrupt()).resolves.toBeUndefined();
    expect(peer.requests("turn/interrupt")).toHaveLength(1);
    // The thread takes a new turn.
    const next = peer.waitForRequest("turn/start");
    const pending = thread.turn("again");
    peer.respond((await next).id, { turn: wire.turn("turn_2") });
    const second = await pending;
    expect(second.id).toBe("turn_2");
  });

  it("aborting the signal rejects at once with the reason, and interrupts the turn in the background", async () => {
    const controller = new AbortController();
    const { peer, handle, thread, core } = await startedTurn("turn_1", { signal: controller.signal });
    const interrupt = peer.waitForRequest("turn/interrupt");
    const run = handle.run();
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    await expect(run).rejects.toBe(reason);
    const sent = await interrupt;
    expect(sent.params).toEqual({ threadId: "thr_1", turnId: "turn_1" });
    peer.respond(sent.id, {});
    await tick();
    expect(core.turns.size).toBe(1); // the server still runs it until turn/completed
    // A new turn waits for the stopped one to end instead of failing with ThreadBusyError.
    const next = peer.waitForRequest("turn/start");
    const pending = thread.turn("next");
    await tick();
    expect(peer.requests("turn/start")).toHaveLength(1);
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "interrupted") });
    peer.respond((await next).id, { turn: wire.turn("turn_2") });
    expect((await pending).id).toBe("turn_2");
  });

  it("an already aborted signal rejects turn() without sending", async () => {
    const { peer, thread } = await setup();
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    await expect(thread.turn("x", { signal: controller.signal })).rejects.toThrow("too late");
    expect(peer.sent).toHaveLength(0);
  });

  it("aborting while turn/start is in flight rejects turn() at once, and interrupts once the id is known", async () => {
    const { peer, thread, core } = await setup();
    const controller = new AbortController();
    const request = peer.waitForRequest("turn/start");
    const pending = thread.turn("x", { signal: controller.signal });
    const sent = await request;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(core.turns.size).toBe(1);
    const interrupt = peer.waitForRequest("turn/interrupt");
    peer.respond(sent.id, { turn: wire.turn("turn_9") });
    const interruptRequest = await interrupt;
    expect(interruptRequest.params).toEqual({ threadId: "thr_1", turnId: "turn_9" });
    peer.respond(interruptRequest.id, {});
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_9", "interrupted") });
    await vi.waitFor(() => expect(core.turns.size).toBe(0));
  });
});

describe("ThreadBusyError", () => {
  it("rejects a second turn on a busy thread, pointing to steer()", async () => {
    const { peer, thread, handle } = await startedTurn();
    const error = await thread.turn("more").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadBusyError);
    expect(error).toMatchObject({ threadId: "thr_1", activeTurnId: "turn_1" });
    expect((error as Error).message).toMatch(/steer\(\)/);
    expect(peer.requests("turn/start")).toHaveLength(1);

    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("turn_1", "completed") });
    await handle.run();
    peer.responders.set("turn/start", () => ({ turn: wire.turn("turn_2") }));
    const next = await thread.turn("more");
    expect(next.id).toBe("turn_2");
  });

  it("waits for a turn/start in flight, then rejects the later call", async () => {
    const { peer, thread } = await setup();
    const request = peer.waitForRequest("turn/start");
    const first = thread.turn("one");
    const second = thread.turn("two");
    const sent = await request;
    peer.respond(sent.id, { turn: wire.turn("turn_1") });
    await expect(first).resolves.toBeDefined();
    await expect(second).rejects.toMatchObject({ name: "ThreadBusyError", activeTurnId: "turn_1" });
    expect(peer.requests("turn/start")).toHaveLength(1);
  });

  it("lets the later call through when the first turn/start fails", async () => {
    const { peer, thread } = await setup();
    let calls = 0;
    peer.responders.set("turn/start", () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error("boom"), { code: -32603 });
      return { turn: wire.turn("turn_2") };
    });
    const first = thread.turn("one");
    const second = thread.turn("two");
    await expect(first).rejects.toThrow(/boom/);
    await expect(second).resolves.toMatchObject({ id: "turn_2" });
  });
});

describe("Thread", () => {
  it("read(), setName() and compact() send their requests", async () => {
    const { peer, thread } = await setup();
    peer.responders.set("thread/read", () => ({ thread: { id: "thr_1" } }));
    peer.responders.set("thread/name/set", () => ({}));
    peer.responders.set("thread/compact/start", () => ({}));
    await thread.read();
    await thread.read({ includeTurns: true });
    await thread.setName("My thread");
    await thread.compact();
    expect(peer.requests("thread/read").map((r) => r.params)).toEqual([
      { threadId: "thr_1" },
      { threadId: "thr_1", includeTurns: true },
    ]);
    expect(peer.requests("thread/name/set")[0].params).toEqual({ threadId: "thr_1", name: "My thread" });
    expect(peer.requests("thread/compact/start")[0].params).toEqual({ threadId: "thr_1" });
    await expect(thread.setName(3 as never)).rejects.toThrow(TypeError);
    await expect(thread.read({ includeTurns: "yes" } as never)).rejects.toThrow(/includeTurns/);
  });
});

describe("finalResponseOf", () => {
  const msg = (text: string, phase: string | null) => wire.agentMessage("m", text, phase) as unknown as ThreadItem;
  it("follows the phase rules", async () => {
    expect(finalResponseOf([msg("plan", "commentary"), msg("done", "final_answer"), msg("extra", null)])).toBe("done");
    expect(finalResponseOf([msg("a", null), msg("b", null), msg("note", "commentary")])).toBe("b");
    expect(finalResponseOf([msg("thinking", "commentary")])).toBeNull();
    expect(finalResponseOf([msg("", "final_answer")])).toBe("");
    expect(finalResponseOf([msg("", null)])).toBe("");
    expect(finalResponseOf([])).toBeNull();
    expect(finalResponseOf([msg("p", "partial_answer")])).toBeNull();
  });
});
