import { describe, expect, it } from "vitest";
import { Codex, defineTool } from "../../src/index.js";
import { createInMemoryPeer, type InMemoryPeer } from "../helpers/in-memory-peer.js";
import { PINNED, userAgentOf } from "../helpers/runtime-versions.js";

// The Codex calls of app-defined tools, the event log and the thread search, against an in-memory peer.

async function started(options: ConstructorParameters<typeof Codex>[0] = {}) {
  const peer = createInMemoryPeer();
  const codex = new Codex({ ...options, transport: peer.transport });
  const ready = codex.ready();
  const init = await peer.nextRequest("initialize");
  peer.respond(init.id, { userAgent: userAgentOf(PINNED), codexHome: "/h", platformFamily: "unix", platformOs: "linux" });
  await peer.next();
  await ready;
  return { peer, codex };
}

/** Answers the next request of `method` with a thread `id` (start, resume and fork all answer so). */
async function answerThread(peer: InMemoryPeer, method: string, id: string) {
  const request = await peer.nextRequest(method);
  peer.respond(request.id, { thread: { id }, approvalPolicy: "never", approvalsReviewer: "user", model: "m", modelProvider: "p", cwd: "/", sandbox: { type: "readOnly" } });
  return request;
}

const weather = defineTool({
  name: "lookup_weather",
  description: "Weather.",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } as const,
  execute: ({ city }) => `Sunny in ${city}`,
});

const toolCall = (threadId: string) => ({ threadId, turnId: "u", callId: "c", namespace: null, tool: "lookup_weather", arguments: { city: "Rome" } });

describe("tools through Codex", () => {
  it("threadStart sends them as dynamicTools and runs them for the thread's calls; a fork inherits the executors", async () => {
    const { peer, codex } = await started();
    const starting = codex.threadStart({ tools: [weather] });
    const request = await answerThread(peer, "thread/start", "thr_1");
    await starting;
    expect(request.params).toMatchObject({ dynamicTools: [{ type: "function", name: "lookup_weather", description: "Weather." }] });
    expect((await peer.request(100, "item/tool/call", toolCall("thr_1"))).result).toEqual({
      contentItems: [{ type: "inputText", text: "Sunny in Rome" }],
      success: true,
    });

    const forking = codex.threadFork("thr_1");
    const fork = await answerThread(peer, "thread/fork", "thr_2");
    await forking;
    expect(fork.params).toEqual({ threadId: "thr_1" });
    expect((await peer.request(101, "item/tool/call", toolCall("thr_2"))).result).toMatchObject({ success: true });
    await codex.close();
  });

  it("threadResume re-attaches executors without sending them", async () => {
    const { peer, codex } = await started();
    const resuming = codex.threadResume("thr_9", { tools: [weather] });
    const request = await answerThread(peer, "thread/resume", "thr_9");
    await resuming;
    expect(request.params).toEqual({ threadId: "thr_9" });
    expect((await peer.request(100, "item/tool/call", toolCall("thr_9"))).result).toMatchObject({ success: true });
    await codex.close();
  });

  it("refuses a tool whose input schema Ajv cannot compile before anything is sent", async () => {
    const { peer, codex } = await started();
    const broken = defineTool({ name: "broken", description: "", inputSchema: { type: 12 }, execute: () => "" });
    await expect(codex.threadStart({ tools: [broken] })).rejects.toThrow(/^The input schema of tool "broken" is not a valid draft-07 JSON Schema/);
    await expect(codex.threadStart({ tools: [{}] as never })).rejects.toThrow(/must be a tool made by defineTool/);
    expect(peer.sent.filter((m) => m.method === "thread/start")).toEqual([]);
    await codex.close();
  });
});

describe("options of the event log and the search", () => {
  it("checks eventLog when the client is made", () => {
    expect(() => new Codex({ eventLog: {} as never })).toThrow('Codex option "eventLog" must be an object with `maxEventsPerThread`, got an object.');
    expect(() => new Codex({ eventLog: { maxEventsPerThread: 0 } })).toThrow(/"eventLog" option "maxEventsPerThread" must be a positive integer/);
    expect(() => new Codex({ eventLog: { maxEvents: 5 } as never })).toThrow(/unknown option "maxEvents"/);
  });

  it("counts the events held in stats, and checks threadSearch options at once", async () => {
    const { peer, codex } = await started({ eventLog: { maxEventsPerThread: 2 } });
    const starting = codex.threadStart();
    await answerThread(peer, "thread/start", "thr_1");
    const thread = await starting;
    for (let i = 0; i < 5; i++) peer.notify("thread/status/changed", { threadId: "thr_1", status: { type: "idle" } });
    expect(codex.stats.loggedEvents).toBe(2);
    expect(thread.events({ after: 4 })).toBeDefined();
    expect(() => codex.threadSearch({} as never)).toThrow('threadSearch() needs a searchTerm option, e.g. { searchTerm: "invoice" }.');
    expect(() => codex.threadSearch({ searchTerm: "" })).toThrow(/"searchTerm" must be a non-empty string/);
    expect(() => codex.threadSearch({ searchTerm: "x", limt: 3 } as never)).toThrow(/unknown option "limt"/);
    expect(() => codex.threadSearch("x" as never)).toThrow(/threadSearch\(\) needs options with a searchTerm/);
    await codex.close();
    expect(codex.stats.loggedEvents).toBe(0);
  });
});
