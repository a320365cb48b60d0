/**
 * What a `Thread` does beyond its own turns, over an in-memory server: turns the server starts by
 * itself (adopted as the running turn), `onTurn`, goals, `close()` of a goal thread, the event log,
 * tool calls answered by the thread's tools, and the client-message lookup.
 */
import { describe, expect, it } from "vitest";
import type { ServerNotification } from "../../../generated/methods.js";
import { defineTool } from "../../../src/client/tools.js";
import type { TurnHandle } from "../../../src/client/turn-handle.js";
import { ToolSet } from "../../../src/client/tools.js";
import { threadFor } from "../../../src/client/thread.js";
import { ThreadBusyError } from "../../../src/errors.js";
import { protocolThread, setup, wire } from "./fake-peer.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

const goal = (status: string, extra: Record<string, unknown> = {}) => ({
  threadId: "thr_1",
  objective: "Write haiku",
  status,
  tokenBudget: null,
  tokensUsed: 0,
  timeUsedSeconds: 0,
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});

describe("turns the server starts by itself", () => {
  it("are adopted as the thread's running turn: onTurn hands their handle, turn() is refused, and they end as usual", async () => {
    const { peer, thread, core } = await setup();
    const handles: TurnHandle[] = [];
    thread.onTurn((handle) => handles.push(handle));
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_1") });
    expect(handles.map((h) => h.id)).toEqual(["goal_1"]);
    expect(core.turns.runningOn("thr_1")?.turnId).toBe("goal_1");
    const events: ServerNotification[] = [];
    const reading = (async () => {
      for await (const n of handles[0]!.stream()) events.push(n);
    })();

    const busy = await thread.turn("Me too").catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ThreadBusyError);
    expect((busy as Error).message).toMatch(/already running turn goal_1.*The server started that turn itself.*thread\.onTurn\(\)/s);
    expect(peer.requests("turn/start")).toEqual([]);

    peer.notify("item/completed", { threadId: "thr_1", turnId: "goal_1", item: wire.agentMessage("m1", "Draft one.") });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("goal_1", "completed") });
    await reading;
    expect(events.map((n) => n.method)).toEqual(["turn/started", "item/completed", "turn/completed"]);
    const result = await handles[0]!.run();
    expect(result).toMatchObject({ id: "goal_1", status: "completed", finalResponse: "Draft one." });
    expect(core.turns.runningOn("thr_1")).toBeUndefined();
  });

  it("are not adopted while a turn of this client starts: that turn binds to the id its turn/start answers with", async () => {
    const { peer, thread, core } = await setup();
    const handles: TurnHandle[] = [];
    thread.onTurn((handle) => handles.push(handle));
    const request = peer.waitForRequest("turn/start");
    const pending = thread.turn("Steered into the goal's turn");
    const sent = await request;
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_2") });
    expect(handles).toEqual([]);
    peer.respond(sent.id, { turn: wire.turn("goal_2") });
    const handle = await pending;
    expect(handle.id).toBe("goal_2");
    expect(handles).toEqual([handle]);
    expect(core.turns.size).toBe(1);
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("goal_2", "completed") });
    await handle.run();
    // Another thread's turn is none of this one's business.
    peer.notify("turn/started", { threadId: "thr_other", turn: wire.turn("x") });
    expect(core.turns.size).toBe(0);
  });

  it("are interrupted by close(), which then unsubscribes and releases the thread's state", async () => {
    const { peer, thread, core } = await setup();
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_1") });
    const interrupt = peer.waitForRequest("turn/interrupt");
    const closing = thread.close();
    const sent = await interrupt;
    expect(sent.params).toEqual({ threadId: "thr_1", turnId: "goal_1" });
    peer.respond(sent.id, {});
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("goal_1", "interrupted") });
    const unsubscribe = await peer.waitForRequest("thread/unsubscribe");
    peer.respond(unsubscribe.id, { status: "unsubscribed" });
    await closing;
    expect(core.threads.get("thr_1")).toBeUndefined();
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("later") });
    expect(core.turns.size).toBe(0);
  });

  it("close() between two turns of an active goal waits for the next one and interrupts it", async () => {
    const { peer, thread } = await setup();
    peer.notify("thread/goal/updated", { threadId: "thr_1", turnId: null, goal: goal("active") });
    const closing = thread.close();
    await tick();
    expect(peer.requests("thread/unsubscribe")).toEqual([]);
    const interrupt = peer.waitForRequest("turn/interrupt");
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_3") });
    const sent = await interrupt;
    expect(sent.params).toEqual({ threadId: "thr_1", turnId: "goal_3" });
    peer.respond(sent.id, {});
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("goal_3", "interrupted") });
    const unsubscribe = await peer.waitForRequest("thread/unsubscribe");
    peer.respond(unsubscribe.id, { status: "unsubscribed" });
    await closing;
  });

  it("close() of a thread whose goal loop an interrupt halted does not wait for another turn", async () => {
    const { peer, thread } = await setup();
    peer.notify("thread/goal/updated", { threadId: "thr_1", turnId: null, goal: goal("active") });
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_1") });
    peer.notify("turn/completed", { threadId: "thr_1", turn: wire.turn("goal_1", "interrupted") });
    const closing = thread.close();
    const unsubscribe = await peer.waitForRequest("thread/unsubscribe");
    peer.respond(unsubscribe.id, { status: "unsubscribed" });
    await closing;
    expect(peer.requests("turn/interrupt")).toEqual([]);
  });
});

describe("malformed notifications", () => {
  it("are ignored by what a thread keeps: nothing throws, nothing is adopted, logged or remembered", async () => {
    const problems: string[] = [];
    const logger = { error: (message: string) => problems.push(message), warn: (message: string) => problems.push(message) };
    const { peer, thread, core } = await setup("thr_1", { logger, maxEventsPerThread: 10 });
    const changes: unknown[] = [];
    thread.onGoal((change) => changes.push(change));
    thread.onTurn(() => changes.push("turn"));
    core.threads.get("thr_1")!.setTools(new ToolSet([], "tools"));
    for (const method of ["turn/started", "turn/completed", "item/started", "thread/goal/updated"]) {
      peer.notify(method, { threadId: "thr_1", turn: null, item: null, goal: null, turnId: 5 });
      peer.notify(method, { threadId: "thr_1", turn: { id: 7 }, item: { type: "userMessage", clientId: 9 }, goal: { status: 1 } });
    }
    expect(problems).toEqual([]);
    expect(changes).toEqual([]);
    expect(core.turns.size).toBe(0);
    expect(core.threads.loggedEvents).toBe(8);
  });
});

describe("goals", () => {
  it("sends setGoal, updateGoal, goal and clearGoal as thread/goal/* with only what is given", async () => {
    const { peer, thread } = await setup();
    peer.responders.set("thread/goal/set", (params) => ({ goal: goal((params.status as string | undefined) ?? "active") }));
    peer.responders.set("thread/goal/get", () => ({ goal: null }));
    peer.responders.set("thread/goal/clear", () => ({ cleared: true }));
    await expect(thread.setGoal("Write haiku", { tokenBudget: 500 })).resolves.toMatchObject({ status: "active" });
    await expect(thread.setGoal("Write haiku")).resolves.toMatchObject({ status: "active" });
    await expect(thread.updateGoal({ status: "paused" })).resolves.toMatchObject({ status: "paused" });
    await expect(thread.goal()).resolves.toBeNull();
    await expect(thread.clearGoal()).resolves.toBe(true);
    expect(peer.requests("thread/goal/set").map((r) => r.params)).toEqual([
      { threadId: "thr_1", objective: "Write haiku", tokenBudget: 500 },
      { threadId: "thr_1", objective: "Write haiku" },
      { threadId: "thr_1", status: "paused" },
    ]);
    expect(peer.requests("thread/goal/get").map((r) => r.params)).toEqual([{ threadId: "thr_1" }]);
    expect(peer.requests("thread/goal/clear").map((r) => r.params)).toEqual([{ threadId: "thr_1" }]);
  });

  it("checks goal arguments before sending anything", async () => {
    const { peer, thread } = await setup();
    await expect(thread.setGoal("")).rejects.toThrow('setGoal() objective must be a non-empty string, got string "".');
    await expect(thread.setGoal("x", { tokenBudget: -1 })).rejects.toThrow(/"tokenBudget" must be a positive integer/);
    await expect(thread.setGoal("x", { budget: 1 } as never)).rejects.toThrow(/unknown option "budget"/);
    await expect(thread.updateGoal({})).rejects.toThrow("updateGoal() needs something to change: objective, status or tokenBudget.");
    await expect(thread.updateGoal({ status: "done" as never })).rejects.toThrow(/"status" must be one of "active", "paused"/);
    expect(peer.sent).toEqual([]);
  });

  it("reports goal changes from the server to onGoal, with the turn that made them", async () => {
    const { peer, thread } = await setup();
    const changes: unknown[] = [];
    const subscription = thread.onGoal((change) => changes.push(change));
    peer.notify("thread/goal/updated", { threadId: "thr_1", turnId: null, goal: goal("active") });
    peer.notify("thread/goal/updated", { threadId: "thr_1", turnId: "goal_1", goal: goal("complete", { tokensUsed: 45 }) });
    peer.notify("thread/goal/updated", { threadId: "thr_other", turnId: null, goal: goal("active") });
    peer.notify("thread/goal/cleared", { threadId: "thr_1" });
    subscription.dispose();
    peer.notify("thread/goal/cleared", { threadId: "thr_1" });
    expect(changes).toEqual([
      { goal: goal("active"), turnId: null },
      { goal: goal("complete", { tokensUsed: 45 }), turnId: "goal_1" },
      { goal: null, turnId: null },
    ]);
  });

  it("refuses listeners and goal changes on a closed thread", async () => {
    const { peer, thread } = await setup();
    peer.responders.set("thread/unsubscribe", () => ({ status: "unsubscribed" }));
    await thread.close();
    expect(() => thread.onGoal(() => {})).toThrow(/onGoal\(\) was called on thread thr_1 after its close\(\)/);
    expect(() => thread.onTurn(() => {})).toThrow(/onTurn\(\) was called/);
    await expect(thread.setGoal("x")).rejects.toThrow(/setGoal\(\) was called/);
    expect(() => thread.onTurn("no" as never)).toThrow(TypeError);
  });
});

describe("the event log", () => {
  it("numbers the thread's notifications and replays those after a seq, then follows live", async () => {
    const { peer, thread, core } = await setup("thr_1", { maxEventsPerThread: 3 });
    for (let i = 1; i <= 5; i++) peer.notify("thread/status/changed", { threadId: "thr_1", status: { type: "idle" }, n: i });
    peer.notify("thread/status/changed", { threadId: "thr_other", status: { type: "idle" } });
    expect(core.threads.loggedEvents).toBe(3);
    const events = thread.events({ after: 3 });
    const first = await events.next();
    expect(first.value?.seq).toBe(4);
    expect((first.value?.notification.params as { n: number }).n).toBe(4);
    expect((await events.next()).value?.seq).toBe(5);
    const live = events.next();
    peer.notify("turn/started", { threadId: "thr_1", turn: wire.turn("goal_1") });
    expect((await live).value).toMatchObject({ seq: 6, notification: { method: "turn/started" } });
    expect(() => thread.events({ after: -1 })).toThrow(/"after" must be a non-negative integer/);
  });

  it("ends its readers when the thread closes, and is not kept without the option", async () => {
    const { peer, thread, core } = await setup("thr_1", { maxEventsPerThread: 10 });
    peer.responders.set("thread/unsubscribe", () => ({ status: "unsubscribed" }));
    const events = thread.events();
    const waiting = events.next();
    await thread.close();
    await expect(waiting).resolves.toEqual({ value: undefined, done: true });
    expect(core.threads.loggedEvents).toBe(0);

    const plain = await setup("thr_2");
    expect(() => plain.thread.events()).toThrow(/needs the client's event log: create the client with new Codex\(\{ eventLog/);
  });
});

describe("tool calls", () => {
  const weather = defineTool({
    name: "lookup_weather",
    description: "",
    inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } as const,
    execute: ({ city }) => `Sunny in ${city}`,
  });
  const params = (threadId: string) => ({ threadId, turnId: "u", callId: "c", namespace: null, tool: "lookup_weather", arguments: { city: "Oslo" } });

  it("are answered by the thread's tools, and by no tools on other threads", async () => {
    const { peer, core } = await setup("thr_1");
    threadFor(core, protocolThread("thr_1"), new ToolSet([weather], "tools"));
    const answer = await peer.request(0, "item/tool/call", params("thr_1"));
    expect(answer.result).toEqual({ contentItems: [{ type: "inputText", text: "Sunny in Oslo" }], success: true });
    const other = await peer.request(1, "item/tool/call", params("thr_2"));
    expect(other.result).toMatchObject({ success: false, contentItems: [{ text: expect.stringContaining("no handler is registered") }] });
  });

  it("go to a serverRequests handler instead when one is given, even the client's", async () => {
    const { peer, core } = await setup("thr_1", { serverRequests: { "item/tool/call": () => ({ contentItems: [], success: true }) } });
    threadFor(core, protocolThread("thr_1"), new ToolSet([weather], "tools"));
    const answer = await peer.request(0, "item/tool/call", params("thr_1"));
    expect(answer.result).toEqual({ contentItems: [], success: true });
  });

  it("stop being answered by the tools once the thread is closed", async () => {
    const { peer, core, thread } = await setup("thr_1");
    threadFor(core, protocolThread("thr_1"), new ToolSet([weather], "tools"));
    peer.responders.set("thread/unsubscribe", () => ({ status: "unsubscribed" }));
    await thread.close();
    const answer = await peer.request(0, "item/tool/call", params("thr_1"));
    expect(answer.result).toMatchObject({ success: false });
  });
});

describe("findTurnIdByClientUserMessageId()", () => {
  const turnWith = (id: string, clientIds: (string | null)[]) =>
    wire.turn(id, "completed", {
      items: clientIds.map((clientId, i) => ({ type: "userMessage", id: `${id}_u${i}`, clientId, content: [] })),
    });

  it("knows at once the turn of a message seen live on the thread, without asking the server", async () => {
    const { peer, thread } = await setup();
    peer.notify("item/started", { threadId: "thr_1", turnId: "t1", item: { type: "userMessage", id: "u1", clientId: "live-1", content: [] } });
    await expect(thread.findTurnIdByClientUserMessageId("live-1")).resolves.toBe("t1");
    expect(peer.sent).toEqual([]);
  });

  it("pages through the stored turns, newest first, for one it did not see", async () => {
    const { peer, thread } = await setup();
    const pages = [
      { data: [turnWith("t9", ["c9"]), turnWith("t8", [null])], nextCursor: "p2" },
      { data: [turnWith("t7", ["c7", "wanted"])], nextCursor: "p3" },
    ];
    peer.responders.set("thread/turns/list", () => pages.shift());
    await expect(thread.findTurnIdByClientUserMessageId("wanted")).resolves.toBe("t7");
    expect(peer.requests("thread/turns/list").map((r) => r.params)).toEqual([
      { threadId: "thr_1", limit: 25, sortDirection: "desc" },
      { threadId: "thr_1", limit: 25, sortDirection: "desc", cursor: "p2" },
    ]);
  });

  it("stops at the end of the history, after maxTurns, or on a thread with no stored turn, with null", async () => {
    const { peer, thread } = await setup();
    peer.responders.set("thread/turns/list", (p) => ({ data: [turnWith(`t${String(p.cursor ?? 0)}`, ["other"])], nextCursor: "more" }));
    await expect(thread.findTurnIdByClientUserMessageId("missing", { maxTurns: 3 })).resolves.toBeNull();
    expect(peer.requests("thread/turns/list").map((r) => r.params.limit)).toEqual([3, 2, 1]);
    peer.responders.set("thread/turns/list", () => ({ data: [], nextCursor: null }));
    await expect(thread.findTurnIdByClientUserMessageId("missing")).resolves.toBeNull();
    peer.responders.set("thread/turns/list", () => {
      throw { code: -32600, message: "thread thr_1 is not materialized yet; thread/turns/list is unavailable before first user message" };
    });
    await expect(thread.findTurnIdByClientUserMessageId("missing")).resolves.toBeNull();
    peer.responders.set("thread/turns/list", () => {
      throw { code: -32600, message: "thread not found: thr_1" };
    });
    await expect(thread.findTurnIdByClientUserMessageId("missing")).rejects.toThrow(/thread not found/);
    await expect(thread.findTurnIdByClientUserMessageId("")).rejects.toThrow(TypeError);
    await expect(thread.findTurnIdByClientUserMessageId("x", { maxTurns: 0 })).rejects.toThrow(/"maxTurns" must be a positive integer/);
  });
});
