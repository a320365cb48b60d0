import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { lastUserMessageText, reply, startMockResponses, type MockResponses } from "../../../src/testing/index.js";
import {
  conversationBody,
  deltaText,
  goalTurnBody,
  patchOutputBody,
  post,
  toolOutputBody,
  turnBody,
  userMessage,
  type SseEvent,
} from "./fixtures.js";

let mock: MockResponses;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const doneItems = (events: SseEvent[]) =>
  events.filter((e) => e.data.type === "response.output_item.done").map((e) => e.data.item as Record<string, unknown>);
const usageOf = (events: SseEvent[]) =>
  (events.find((e) => e.data.type === "response.completed")?.data.response as { usage: unknown }).usage;

describe("apply_patch calls", () => {
  it("sends a patch directive as a custom_tool_call item", async () => {
    const events = (await post(mock.url, turnBody("Write it. [[mock:patch add hello.txt Hello from the patch]]"))).events();
    expect(events.map((e) => e.data.type)).toEqual(["response.created", "response.output_item.done", "response.completed"]);
    const id = mock.lastRequest()?.responseId;
    expect(doneItems(events)).toEqual([
      {
        type: "custom_tool_call",
        id: `ctc_${id}`,
        call_id: `call_${id}`,
        name: "apply_patch",
        input: "*** Begin Patch\n*** Add File: hello.txt\n+Hello from the patch\n*** End Patch",
        status: "completed",
      },
    ]);
  });

  it("builds the patch text from changes, or sends the given text as is", async () => {
    mock.enqueue(
      reply.patch([
        { type: "add", path: "a.txt", content: "one\ntwo\n" },
        { type: "update", path: "b.txt", oldText: "old", newText: "new\nlines", moveTo: "c.txt" },
        { type: "delete", path: "d.txt" },
      ]),
      reply.patch({ type: "delete", path: "e.txt" }),
      reply.patch("*** Begin Patch\n*** End Patch"),
      reply.customToolCall("my_freeform", "free text"),
    );
    const inputs: unknown[] = [];
    for (let i = 0; i < 4; i++) inputs.push(doneItems((await post(mock.url, turnBody("x"))).events())[0].input);
    expect(inputs).toEqual([
      [
        "*** Begin Patch",
        "*** Add File: a.txt",
        "+one",
        "+two",
        "*** Update File: b.txt",
        "*** Move to: c.txt",
        "@@",
        "-old",
        "+new",
        "+lines",
        "*** Delete File: d.txt",
        "*** End Patch",
      ].join("\n"),
      "*** Begin Patch\n*** Delete File: e.txt\n*** End Patch",
      "*** Begin Patch\n*** End Patch",
      "free text",
    ]);
    const [, , , custom] = mock.requests;
    expect(custom.answer?.reply).toEqual({ kind: "stream", output: [{ type: "customToolCall", name: "my_freeform", input: "free text" }] });
  });

  it("recognises the custom_tool_call_output follow-up as a tool output and answers it instead of patching again", async () => {
    const prompt = "Write it. [[mock:patch add hello.txt Hi]] [[mock:then Patched.]]";
    const output = "Exit code: 0\nWall time: 0.1 seconds\nOutput:\nSuccess. Updated the following files:\nA hello.txt\n";
    const events = (await post(mock.url, patchOutputBody(prompt, output))).events();
    expect(doneItems(events).map((i) => i.type)).toEqual(["message"]);
    expect(deltaText(events)).toBe("Patched.");
    expect(mock.lastRequest()).toMatchObject({
      kind: "toolOutput",
      toolOutput: { callId: "call_resp_1", kind: "custom", name: "apply_patch", namespace: undefined, output },
    });
  });

  it("answers a rejected patch with 'Tool said: <output>' by default", async () => {
    const events = (await post(mock.url, patchOutputBody("[[mock:patch delete a.txt]]", "patch rejected by user"))).events();
    expect(deltaText(events)).toBe("Tool said: patch rejected by user");
  });
});

describe("calls of any tool", () => {
  it("calls a tool by name with JSON arguments, and a namespaced tool with a separate namespace field", async () => {
    const plain = doneItems((await post(mock.url, turnBody('[[mock:tool lookup_weather {"city":"Paris"}]]'))).events());
    expect(plain).toEqual([expect.objectContaining({ type: "function_call", name: "lookup_weather", arguments: '{"city":"Paris"}' })]);
    expect(plain[0]).not.toHaveProperty("namespace");
    const namespaced = doneItems((await post(mock.url, turnBody('[[mock:tool crm.find_customer {"email":"a@b.c"}]]'))).events());
    expect(namespaced).toEqual([
      expect.objectContaining({ type: "function_call", name: "find_customer", namespace: "crm", arguments: '{"email":"a@b.c"}' }),
    ]);
  });

  it("builds namespaced calls with reply.toolCall, with reasoning first", async () => {
    mock.enqueue(reply.toolCall("find_customer", { email: "a@b.c" }, { namespace: "crm", reasoning: "Look them up." }), reply.toolCall("get_goal"));
    const events = (await post(mock.url, turnBody("x"))).events();
    const id = mock.lastRequest()?.responseId;
    expect(doneItems(events)).toEqual([
      expect.objectContaining({ type: "reasoning" }),
      {
        type: "function_call",
        id: `fc_${id}_1`,
        call_id: `call_${id}_1`,
        name: "find_customer",
        namespace: "crm",
        arguments: '{"email":"a@b.c"}',
        status: "completed",
      },
    ]);
    expect(doneItems((await post(mock.url, turnBody("x"))).events())[0]).toMatchObject({ name: "get_goal", arguments: "{}" });
  });

  it("records the output of a namespaced call with its tool name and namespace", async () => {
    const body = conversationBody([
      userMessage("[[mock:tool crm.find_customer {}]] [[mock:then Found them.]]"),
      { type: "function_call", call_id: "call_7", name: "find_customer", namespace: "crm", arguments: "{}" },
      { type: "function_call_output", call_id: "call_7", output: "customer 42" },
    ]);
    expect(deltaText((await post(mock.url, body)).events())).toBe("Found them.");
    expect(mock.lastRequest()?.toolOutput).toEqual({ callId: "call_7", kind: "function", name: "find_customer", namespace: "crm", output: "customer 42" });
  });

  it("records every trailing output after parallel calls, and structured outputs as JSON text", async () => {
    const items = [{ type: "input_text", text: "one" }];
    const body = conversationBody([
      userMessage("two at once"),
      { type: "function_call", call_id: "c1", name: "lookup_weather", arguments: "{}" },
      { type: "custom_tool_call", call_id: "c2", name: "apply_patch", input: "*** Begin Patch\n*** End Patch" },
      { type: "function_call_output", call_id: "c1", output: items },
      { type: "custom_tool_call_output", call_id: "c2", output: "done" },
    ]);
    await post(mock.url, body);
    const request = mock.lastRequest();
    expect(request?.kind).toBe("toolOutput");
    expect(request?.toolOutputs).toEqual([
      { callId: "c1", kind: "function", name: "lookup_weather", namespace: undefined, output: JSON.stringify(items) },
      { callId: "c2", kind: "custom", name: "apply_patch", namespace: undefined, output: "done" },
    ]);
    expect(request?.toolOutput).toBe(request?.toolOutputs[1]);
  });

  it("treats an output followed by a user message as a new turn, and records no outputs for it", async () => {
    const body = conversationBody([
      userMessage("[[mock:exec echo hi]]"),
      { type: "function_call", call_id: "c1", name: "exec_command", arguments: "{}" },
      { type: "function_call_output", call_id: "c1", output: "hi" },
      userMessage("[[mock:text Next turn.]]"),
    ]);
    expect(deltaText((await post(mock.url, body)).events())).toBe("Next turn.");
    expect(mock.lastRequest()).toMatchObject({ kind: "turn", toolOutput: undefined, toolOutputs: [] });
    await post(mock.url, toolOutputBody("[[mock:exec echo hi]]", "hi"));
    expect(mock.lastRequest()?.toolOutputs).toEqual([{ callId: "call_resp_1", kind: "function", name: "exec_command", namespace: undefined, output: "hi" }]);
  });
});

describe("token usage per reply", () => {
  it("reports the given numbers, the total defaulting to input plus output", async () => {
    mock.enqueue(
      reply.text("hi", { usage: { inputTokens: 150, cachedInputTokens: 100, outputTokens: 10, reasoningOutputTokens: 3 } }),
      reply.exec("echo hi", { usage: { inputTokens: 100, outputTokens: 20, totalTokens: 999 } }),
      reply.patch({ type: "delete", path: "a" }, { usage: { cachedInputTokens: 7 } }),
    );
    expect(usageOf((await post(mock.url, turnBody("x"))).events())).toEqual({
      input_tokens: 150,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens: 10,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 160,
    });
    expect(usageOf((await post(mock.url, turnBody("x"))).events())).toMatchObject({ input_tokens: 100, output_tokens: 20, total_tokens: 999 });
    expect(usageOf((await post(mock.url, turnBody("x"))).events())).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 7 },
      output_tokens: 1,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 11,
    });
  });

  it("keeps the default usage without the option: 10 in, one out per delta", async () => {
    mock.enqueue(reply.text("a b c"), reply.toolCall("get_goal"));
    expect(usageOf((await post(mock.url, turnBody("x"))).events())).toMatchObject({ input_tokens: 10, output_tokens: 3, total_tokens: 13 });
    expect(usageOf((await post(mock.url, turnBody("x"))).events())).toMatchObject({ output_tokens: 1, total_tokens: 11 });
  });
});

describe("turns the server starts itself", () => {
  it("follows the user's latest own message in a goal continuation turn and marks its source", async () => {
    const body = goalTurnBody("Work on it. [[mock:text Still working.]]");
    expect(lastUserMessageText(body)).toBe("Work on it. [[mock:text Still working.]]");
    expect(deltaText((await post(mock.url, body)).events())).toBe("Still working.");
    expect(mock.lastRequest()).toMatchObject({ kind: "turn", internalContextSource: "goal", toolOutputs: [] });
    await post(mock.url, turnBody("plain"));
    expect(mock.lastRequest()?.internalContextSource).toBeUndefined();
  });

  it("gets no user text when the thread has only internal prompts", async () => {
    const body = conversationBody([userMessage('<codex_internal_context source="goal">\nContinue.\n</codex_internal_context>')]);
    expect(deltaText((await post(mock.url, body)).events())).toBe("Hello from the mock model.");
    expect(mock.lastRequest()).toMatchObject({ lastUserText: undefined, directives: [], internalContextSource: "goal" });
    const unnamed = conversationBody([userMessage("<codex_internal_context>\nx\n</codex_internal_context>")]);
    expect(lastUserMessageText(unnamed)).toBeUndefined();
    expect(lastUserMessageText(conversationBody([userMessage("<codex_internal_contextual> is mine")]))).toBe(
      "<codex_internal_contextual> is mine",
    );
  });
});
