/**
 * App-defined tools on the real pinned app-server, offline: the mock model calls them by name, the
 * SDK runs them and answers `item/tool/call`, and `mock.requests` shows what the model was sent.
 */
import { afterEach, describe, expect, it } from "vitest";
import { defineTool, type Thread, type ToolCallContext, type TurnResult } from "../../src/index.js";
import type { ThreadItem } from "../../src/types.js";
import { useOfflineCodex } from "../helpers/offline-codex.js";

const warnings: string[] = [];
const suite = useOfflineCodex({ codex: { logger: { warn: (message) => warnings.push(message) } } });

afterEach(() => suite.harness.mock.assertNoEgress());

const calls: Array<{ tool: string; args: unknown; context: Omit<ToolCallContext, "signal"> }> = [];
const record = (tool: string, args: unknown, { signal: _signal, ...context }: ToolCallContext) => calls.push({ tool, args, context });

const lookupWeather = defineTool({
  name: "lookup_weather",
  description: "Look up the weather for a city.",
  inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"], additionalProperties: false } as const,
  execute: (args, context) => {
    record("lookup_weather", args, context);
    return `Sunny in ${args.city}`;
  },
});

const failing = defineTool({
  name: "failing",
  description: "Always fails.",
  inputSchema: { type: "object" },
  execute: () => {
    throw new Error("the database is down");
  },
});

let slowSignal: AbortSignal | undefined;
const slow = defineTool({
  name: "slow",
  description: "Never finishes in time.",
  inputSchema: { type: "object" },
  timeoutMs: 300,
  execute: (_args, { signal }) => {
    slowSignal = signal;
    return new Promise<string>((resolve) => setTimeout(() => resolve("too late"), 5_000).unref());
  },
});

const crm = { name: "crm", description: "Customer records." };
const findCustomer = defineTool({
  name: "find_customer",
  namespace: crm,
  description: "Find a customer by email.",
  inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] } as const,
  execute: (args, context) => {
    record("crm.find_customer", args, context);
    return { text: `Customer ${args.email} is #42` };
  },
});
const openTicket = defineTool({
  name: "open_ticket",
  namespace: crm,
  description: "Open a ticket for a customer.",
  inputSchema: { type: "object", properties: { customer: { type: "integer" } }, required: ["customer"] } as const,
  execute: (args, context) => {
    record("crm.open_ticket", args, context);
    return [`Ticket opened for #${args.customer}`, { text: "Reference T-1" }];
  },
});

const TOOLS = [lookupWeather, failing, slow, findCustomer, openTicket];
const call = (name: string, args: object) => `[[mock:tool ${name} ${JSON.stringify(args)}]]`;

const requestsOf = (threadId: string) => suite.harness.mock.requests.filter((r) => r.threadId === threadId);
const toolItem = (turn: TurnResult): Extract<ThreadItem, { type: "dynamicToolCall" }> | undefined =>
  turn.items.find((item): item is Extract<ThreadItem, { type: "dynamicToolCall" }> => item.type === "dynamicToolCall");

describe("tools made by defineTool()", () => {
  let thread: Thread;
  it("are offered to the model as the thread's dynamic tools, namespaced ones in their namespace", async () => {
    thread = await suite.codex.threadStart({ cwd: suite.harness.workspace, tools: TOOLS });
    await thread.run("Hello. [[mock:text Hi.]]");
    const offered = requestsOf(thread.id)[0]?.body.tools ?? [];
    expect(offered.find((t) => t.name === "lookup_weather")).toMatchObject({ type: "function", description: "Look up the weather for a city." });
    expect(offered.find((t) => t.name === "crm")).toMatchObject({
      type: "namespace",
      description: "Customer records.",
      tools: [expect.objectContaining({ name: "find_customer" }), expect.objectContaining({ name: "open_ticket" })],
    });
  });

  it("run once when the model calls one, and their output reaches the model", async () => {
    calls.length = 0;
    const turn = await thread.run(`Weather? ${call("lookup_weather", { city: "Paris" })} [[mock:then It is sunny.]]`);
    expect(turn.status).toBe("completed");
    expect(turn.finalResponse).toBe("It is sunny.");
    const [request, followUp] = requestsOf(thread.id).slice(-2);
    expect(calls).toEqual([
      { tool: "lookup_weather", args: { city: "Paris" }, context: { threadId: thread.id, turnId: turn.id, callId: `call_${request?.responseId}` } },
    ]);
    expect(followUp?.toolOutput).toEqual({
      callId: `call_${request?.responseId}`,
      kind: "function",
      name: "lookup_weather",
      namespace: undefined,
      output: "Sunny in Paris",
    });
    expect(toolItem(turn)).toMatchObject({ tool: "lookup_weather", status: "completed", success: true });
  });

  it("answer invalid arguments with success: false and the reason, without running the tool; the turn completes", async () => {
    calls.length = 0;
    const turn = await thread.run(`Weather? ${call("lookup_weather", { town: "Paris" })}`);
    expect(turn.status).toBe("completed");
    expect(calls).toEqual([]);
    expect(toolItem(turn)).toMatchObject({ status: "failed", success: false });
    expect(requestsOf(thread.id).at(-1)?.toolOutput?.output).toBe(
      `Tool "lookup_weather" was not run: its arguments do not match its input schema (the arguments must have required property ` +
        `'city'; the arguments must NOT have additional properties ("town")).`,
    );
  });

  it("answer a throwing tool with success: false and its error; the turn completes", async () => {
    const turn = await thread.run(`Try it. ${call("failing", {})}`);
    expect(turn.status).toBe("completed");
    expect(toolItem(turn)).toMatchObject({ tool: "failing", status: "failed", success: false });
    expect(requestsOf(thread.id).at(-1)?.toolOutput?.output).toBe('Tool "failing" failed: the database is down.');
    expect(warnings).toContain('Tool "failing" failed: the database is down.');
  });

  it("stop a tool past its timeoutMs (its signal aborts) and answer success: false; the turn completes", async () => {
    const started = Date.now();
    const turn = await thread.run(`Wait for it. ${call("slow", {})}`);
    expect(turn.status).toBe("completed");
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(slowSignal?.aborted).toBe(true);
    expect(toolItem(turn)).toMatchObject({ tool: "slow", status: "failed", success: false });
    expect(requestsOf(thread.id).at(-1)?.toolOutput?.output).toBe('Tool "slow" did not finish within 300 ms and was stopped.');
  });

  it("run two tools of one namespace, each with its own output", async () => {
    calls.length = 0;
    const found = await thread.run(`Who? ${call("crm.find_customer", { email: "ada@example.com" })}`);
    expect(requestsOf(thread.id).at(-1)?.toolOutput).toMatchObject({ namespace: "crm", name: "find_customer", output: "Customer ada@example.com is #42" });
    const opened = await thread.run(`Open one. ${call("crm.open_ticket", { customer: 42 })}`);
    // Several text items reach the model as a list of input_text parts.
    expect(JSON.parse(String(requestsOf(thread.id).at(-1)?.toolOutput?.output))).toEqual([
      { type: "input_text", text: "Ticket opened for #42" },
      { type: "input_text", text: "Reference T-1" },
    ]);
    expect(calls.map((c) => [c.tool, c.args, c.context.turnId])).toEqual([
      ["crm.find_customer", { email: "ada@example.com" }, found.id],
      ["crm.open_ticket", { customer: 42 }, opened.id],
    ]);
    expect(toolItem(opened)).toMatchObject({ namespace: "crm", tool: "open_ticket", status: "completed", success: true });
  });

  it("survive a resume and a fork on the server: tools re-attaches them on resume, and a fork inherits them", async () => {
    const id = thread.id;
    await thread.close();
    const resumed = await suite.codex.threadResume(id, { tools: TOOLS, excludeTurns: true });
    calls.length = 0;
    await resumed.run(`Again. ${call("lookup_weather", { city: "Rome" })}`);
    expect(calls.map((c) => c.args)).toEqual([{ city: "Rome" }]);
    expect(requestsOf(id).at(-1)?.toolOutput?.output).toBe("Sunny in Rome");

    const fork = await suite.codex.threadFork(id, { excludeTurns: true });
    await fork.run(`In the fork. ${call("crm.find_customer", { email: "bob@example.com" })}`);
    expect(calls.at(-1)).toMatchObject({ tool: "crm.find_customer", context: { threadId: fork.id } });
    expect(requestsOf(fork.id).at(-1)?.toolOutput?.output).toBe("Customer bob@example.com is #42");
    // The server keeps the tools the thread started with: the fork offers them to the model.
    expect(requestsOf(fork.id)[0]?.body.tools?.some((t) => t.name === "lookup_weather")).toBe(true);
    await fork.close();
    await resumed.close();
  });

  it("give way to a serverRequests['item/tool/call'] handler", async () => {
    const handled: string[] = [];
    const own = await suite.codex.threadStart({
      cwd: suite.harness.workspace,
      ephemeral: true,
      tools: [lookupWeather],
      serverRequests: {
        "item/tool/call": (params) => {
          handled.push(params.tool);
          return { contentItems: [{ type: "inputText", text: "from the handler" }], success: true };
        },
      },
    });
    calls.length = 0;
    await own.run(`Weather? ${call("lookup_weather", { city: "Oslo" })}`);
    expect(handled).toEqual(["lookup_weather"]);
    expect(calls).toEqual([]);
    expect(requestsOf(own.id).at(-1)?.toolOutput?.output).toBe("from the handler");
    await own.close();
  });
});
