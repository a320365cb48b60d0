import { describe, expect, it } from "vitest";
import type { DynamicToolCallParams } from "../../../generated/protocol.js";
import { answerToolCall, type ToolCallHost } from "../../../src/client/tool-calls.js";
import { DEFAULT_TOOL_TIMEOUT_MS, defineTool, ToolSet } from "../../../src/client/tools.js";
import type { AppTool } from "../../../src/client/tool-types.js";
import { subscription } from "../../../src/internal/listeners.js";
import type { ServerRequestContext } from "../../../src/rpc/server-requests.js";

const citySchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } as const;

const weather = defineTool({
  name: "lookup_weather",
  description: "Look up the weather.",
  inputSchema: citySchema,
  execute: ({ city }) => `Sunny in ${city}`,
});

/** A host whose turns end when the test says so, recording warnings. */
function host(tools: readonly AppTool[]) {
  const warnings: string[] = [];
  const turnEnds = new Map<string, () => void>();
  const value: ToolCallHost = {
    tools: new ToolSet(tools, "tools"),
    onTurnEnd: (turnId, ended) => {
      turnEnds.set(turnId, ended);
      return subscription(() => turnEnds.delete(turnId));
    },
    logger: { warn: (message) => warnings.push(message) },
  };
  return { host: value, warnings, endTurn: (turnId: string) => turnEnds.get(turnId)?.(), turnEnds };
}

function call(tool: string, args: unknown, namespace: string | null = null): DynamicToolCallParams {
  return { threadId: "thr_1", turnId: "turn_1", callId: "call_1", namespace, tool, arguments: args as never };
}

function context(signal: AbortSignal = new AbortController().signal): ServerRequestContext {
  return { signal, requestId: 0, method: "item/tool/call" };
}

describe("defineTool()", () => {
  it("makes a frozen tool with its defaults", () => {
    expect(weather).toMatchObject({ name: "lookup_weather", namespace: undefined, timeoutMs: DEFAULT_TOOL_TIMEOUT_MS });
    expect(Object.isFrozen(weather)).toBe(true);
    const namespaced = defineTool({ name: "a", namespace: "crm", description: "", inputSchema: {}, execute: () => "" });
    expect(namespaced.namespace).toEqual({ name: "crm", description: "" });
  });

  it("rejects a definition the runtime or the SDK could not use, naming what is wrong", () => {
    const base = { name: "ok", description: "d", inputSchema: { type: "object" }, execute: () => "x" };
    expect(() => defineTool({ ...base, name: "bad name!" })).toThrow(/option "name" must be made of letters, digits, `_` and `-` only/);
    expect(() => defineTool({ ...base, name: "" })).toThrow(/"name" must be a non-empty string/);
    expect(() => defineTool({ ...base, namespace: "a.b" })).toThrow(/"namespace" must be made of letters/);
    expect(() => defineTool({ ...base, namespace: { name: "crm" } as never })).toThrow(/"namespace" must be a name, or \{ name, description \}/);
    expect(() => defineTool({ ...base, inputSchema: "object" as never })).toThrow(/"inputSchema" must be an object/);
    expect(() => defineTool({ ...base, execute: "run" as never })).toThrow(/"execute" must be a function/);
    expect(() => defineTool({ ...base, timeoutMs: 0 })).toThrow(/"timeoutMs" must be a positive number/);
    expect(() => defineTool({ ...base, parameters: {} } as never)).toThrow(/unknown option "parameters"/);
    const { execute: _execute, ...noExecute } = base;
    expect(() => defineTool(noExecute as never)).toThrow("defineTool() needs an execute: { name, description, inputSchema, execute }.");
    expect(() => defineTool(null as never)).toThrow(TypeError);
  });
});

describe("ToolSet", () => {
  it("sends plain tools as functions and namespaced ones grouped, where the namespace first appears", () => {
    const crm = { name: "crm", description: "Customer records." };
    const find = defineTool({ name: "find", namespace: crm, description: "Find.", inputSchema: { type: "object" }, execute: () => "" });
    const open = defineTool({ name: "open", namespace: "crm", description: "Open.", inputSchema: { type: "object" }, execute: () => "" });
    const set = new ToolSet([find, weather, open], "tools");
    expect(set.specs).toEqual([
      {
        type: "namespace",
        name: "crm",
        description: "Customer records.",
        tools: [
          { type: "function", name: "find", description: "Find.", inputSchema: { type: "object" } },
          { type: "function", name: "open", description: "Open.", inputSchema: { type: "object" } },
        ],
      },
      { type: "function", name: "lookup_weather", description: "Look up the weather.", inputSchema: citySchema },
    ]);
    expect(set.find("crm", "open")).toBe(open);
    expect(set.find(null, "lookup_weather")).toBe(weather);
    expect(set.find(null, "open")).toBeUndefined();
    expect(set.find("crm", "lookup_weather")).toBeUndefined();
  });

  it("takes a namespace's description from whichever tool gives it", () => {
    const a = defineTool({ name: "a", namespace: "ns", description: "", inputSchema: {}, execute: () => "" });
    const b = defineTool({ name: "b", namespace: { name: "ns", description: "Given later." }, description: "", inputSchema: {}, execute: () => "" });
    expect(new ToolSet([a, b], "tools").specs[0]).toMatchObject({ type: "namespace", description: "Given later." });
  });

  it("rejects anything but defineTool() tools, duplicates and a namespace described twice", () => {
    expect(() => new ToolSet("x", 'threadStart() option "tools"')).toThrow(/option "tools" must be an array of tools made by defineTool\(\)/);
    expect(() => new ToolSet([{ ...weather }], "tools")).toThrow("tools[0] must be a tool made by defineTool(), got an object.");
    expect(() => new ToolSet([weather, weather], "tools")).toThrow('tools has two tools named "lookup_weather"; tool names must be unique.');
    const one = defineTool({ name: "a", namespace: { name: "ns", description: "One." }, description: "", inputSchema: {}, execute: () => "" });
    const two = defineTool({ name: "b", namespace: { name: "ns", description: "Two." }, description: "", inputSchema: {}, execute: () => "" });
    expect(() => new ToolSet([one, two], "tools")).toThrow(/describes namespace "ns" in two different ways/);
    const sameName = defineTool({ name: "lookup_weather", namespace: "ns", description: "", inputSchema: {}, execute: () => "" });
    expect(new ToolSet([weather, sameName], "tools").size).toBe(2);
  });

  it("compiles every input schema, so one Ajv cannot use is a TypeError naming the tool", async () => {
    await expect(new ToolSet([weather], "tools").compile()).resolves.toBeUndefined();
    const broken = defineTool({ name: "broken", description: "", inputSchema: { type: "nonsense" }, execute: () => "" });
    await expect(new ToolSet([broken], "tools").compile()).rejects.toThrow(
      /^The input schema of tool "broken" is not a valid draft-07 JSON Schema/,
    );
  });
});

describe("answerToolCall()", () => {
  it("runs the tool with the arguments and its context, and answers its text", async () => {
    const seen: unknown[] = [];
    const tool = defineTool({
      name: "echo",
      description: "",
      inputSchema: citySchema,
      execute: (args, { threadId, turnId, callId, signal }) => {
        seen.push({ args, threadId, turnId, callId, aborted: signal.aborted });
        return "done";
      },
    });
    const { host: h, turnEnds } = host([tool]);
    await expect(answerToolCall(h, call("echo", { city: "Oslo" }), context())).resolves.toEqual({
      contentItems: [{ type: "inputText", text: "done" }],
      success: true,
    });
    expect(seen).toEqual([{ args: { city: "Oslo" }, threadId: "thr_1", turnId: "turn_1", callId: "call_1", aborted: false }]);
    expect(turnEnds.size).toBe(0);
  });

  it("maps { text }, { imageUrl } and arrays of them in order", async () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const tool = defineTool({ name: "mixed", description: "", inputSchema: {}, execute: async () => ["one", { text: "two" }, { imageUrl: png }] });
    await expect(answerToolCall(host([tool]).host, call("mixed", {}), context())).resolves.toEqual({
      contentItems: [
        { type: "inputText", text: "one" },
        { type: "inputText", text: "two" },
        { type: "inputImage", imageUrl: png },
      ],
      success: true,
    });
    const empty = defineTool({ name: "empty", description: "", inputSchema: {}, execute: () => [] });
    await expect(answerToolCall(host([empty]).host, call("empty", {}), context())).resolves.toEqual({ contentItems: [], success: true });
  });

  it("refuses arguments that do not match the schema without running the tool, and says why in the text", async () => {
    let runs = 0;
    const tool = defineTool({ name: "strict", description: "", inputSchema: citySchema, execute: () => (runs++, "ran") });
    const { host: h, warnings } = host([tool]);
    const answer = await answerToolCall(h, call("strict", { town: "Oslo" }), context());
    expect(answer.success).toBe(false);
    expect(answer.contentItems).toEqual([
      {
        type: "inputText",
        text:
          'Tool "strict" was not run: its arguments do not match its input schema (the arguments must have required property ' +
          "'city'; the arguments must NOT have additional properties (\"town\")).",
      },
    ]);
    expect(runs).toBe(0);
    expect(warnings).toEqual([(answer.contentItems[0] as { text: string }).text]);
    const nested = await answerToolCall(h, call("strict", { city: 5 }), context());
    expect(nested.contentItems[0]).toMatchObject({ text: expect.stringContaining("(/city must be string)") });
  });

  it("answers a throw, a rejection and a result it cannot send with success: false and the error in the text", async () => {
    const thrower = defineTool({ name: "thrower", description: "", inputSchema: {}, execute: () => { throw new Error("no database"); } });
    const rejecter = defineTool({ name: "rejecter", description: "", inputSchema: {}, execute: async () => Promise.reject(new Error("timeout upstream.")) });
    const wrong = defineTool({ name: "wrong", description: "", inputSchema: {}, execute: () => 42 as never });
    const remote = defineTool({ name: "remote", namespace: "img", description: "", inputSchema: {}, execute: () => ({ imageUrl: "https://example.com/a.png" }) });
    const broken = defineTool({ name: "broken", description: "", inputSchema: {}, execute: () => "\ud800" });
    const { host: h } = host([thrower, rejecter, wrong, remote, broken]);
    const text = async (tool: string, namespace: string | null = null) => {
      const answer = await answerToolCall(h, call(tool, {}, namespace), context());
      expect(answer.success).toBe(false);
      return (answer.contentItems[0] as { text: string }).text;
    };
    expect(await text("thrower")).toBe('Tool "thrower" failed: no database.');
    expect(await text("rejecter")).toBe('Tool "rejecter" failed: timeout upstream.');
    expect(await text("wrong")).toBe('Tool "wrong" failed: it returned number 42; a tool returns a string, { text }, { imageUrl } or an array of them.');
    expect(await text("remote", "img")).toMatch(/^Tool "img.remote" failed: it returned an image URL that is not a data: URL/);
    expect(await text("broken")).toMatch(/^Tool "broken" failed: its result cannot be sent: .*lone UTF-16 surrogate/);
  });

  it("stops a tool that runs past its timeoutMs: its signal aborts and the answer says so at once", async () => {
    let signal: AbortSignal | undefined;
    const slow = defineTool({
      name: "slow",
      description: "",
      inputSchema: {},
      timeoutMs: 30,
      execute: (_args, context) => {
        signal = context.signal;
        return new Promise<string>(() => {}); // never settles
      },
    });
    const answer = await answerToolCall(host([slow]).host, call("slow", {}), context());
    expect(answer).toEqual({ contentItems: [{ type: "inputText", text: 'Tool "slow" did not finish within 30 ms and was stopped.' }], success: false });
    expect(signal?.aborted).toBe(true);
  });

  it("stops a tool when its turn ends or the request is given up, and answers anyway", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let signal: AbortSignal | undefined;
    const waits = defineTool({
      name: "waits",
      description: "",
      inputSchema: {},
      execute: (_args, context) => {
        signal = context.signal;
        started();
        return new Promise<string>(() => {});
      },
    });
    const { host: h, endTurn, turnEnds } = host([waits]);
    const pending = answerToolCall(h, call("waits", {}), context());
    await running;
    endTurn("turn_1");
    await expect(pending).resolves.toMatchObject({ success: false, contentItems: [{ text: 'Turn turn_1 ended before tool "waits" answered.' }] });
    expect(signal?.aborted).toBe(true);
    expect(turnEnds.size).toBe(0);

    const closed = new AbortController();
    const second = answerToolCall(h, call("waits", {}), context(closed.signal));
    closed.abort(new Error("The connection closed"));
    await expect(second).resolves.toMatchObject({ success: false, contentItems: [{ text: 'Tool "waits" failed: The connection closed.' }] });
  });

  it("answers a call of a tool this client does not have", async () => {
    await expect(answerToolCall(host([weather]).host, call("find", {}, "crm"), context())).resolves.toEqual({
      contentItems: [{ type: "inputText", text: 'Tool "crm.find" is not available in this client; it was not run.' }],
      success: false,
    });
  });
});
