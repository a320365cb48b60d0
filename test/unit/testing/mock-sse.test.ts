import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reply, startMockResponses, type MockResponses } from "../../../src/testing/index.js";
import { deltaText, post, turnBody } from "./fixtures.js";

let mock: MockResponses;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

const types = (events: { data: { type: string } }[]) => events.map((e) => e.data.type);

describe("SSE shapes", () => {
  it("listens on 127.0.0.1 with an ephemeral port and a /v1 base url", () => {
    expect(mock.port).toBeGreaterThan(0);
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}/v1`);
    expect(mock.origin).toBe(`http://127.0.0.1:${mock.port}`);
  });

  it("streams a text reply word by word, event lines matching the data type", async () => {
    mock.enqueue(reply.text("Hello from the mock."));
    const res = await post(mock.url, turnBody("hi"));
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("text/event-stream");
    const events = res.events();
    for (const e of events) expect(e.event).toBe(e.data.type);
    expect(types(events)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.slice(2, 6).map((e) => e.data.delta)).toEqual(["Hello ", "from ", "the ", "mock."]);
    const id = mock.lastRequest()?.responseId;
    expect(events[0].data.response).toMatchObject({ id });
    expect(events[1].data.item).toEqual({ type: "message", role: "assistant", id: `msg_${id}`, status: "in_progress", content: [] });
    expect(events[2].data).toMatchObject({ item_id: `msg_${id}`, output_index: 0, content_index: 0 });
    expect(events[6].data.item).toMatchObject({
      status: "completed",
      content: [{ type: "output_text", text: "Hello from the mock.", annotations: [] }],
    });
    expect(events[7].data.response).toMatchObject({ id, usage: { input_tokens: 10, output_tokens: 4, total_tokens: 14 } });
  });

  it("uses explicit deltas and N-delta streams", async () => {
    mock.enqueue(reply.text(["a", "b", "c"]), reply.stream(5));
    expect(deltaText((await post(mock.url, turnBody("x"))).events())).toBe("abc");
    const events = (await post(mock.url, turnBody("x"))).events();
    expect(events.filter((e) => e.data.type === "response.output_text.delta")).toHaveLength(5);
    expect(deltaText(events)).toBe("w1 w2 w3 w4 w5");
  });

  it("gives every request unique response and item ids", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const events = (await post(mock.url, turnBody("x"))).events();
      ids.add(String((events[1].data.item as { id: string }).id));
    }
    expect(ids.size).toBe(5);
    expect(new Set(mock.requests.map((r) => r.responseId)).size).toBe(5);
  });

  it("streams a reasoning summary before the message", async () => {
    mock.enqueue(reply.reasoning("Thinking it over.", "Done."));
    const events = (await post(mock.url, turnBody("x"))).events();
    expect(types(events)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    const id = mock.lastRequest()?.responseId ?? "";
    expect(events[1].data.item).toEqual({ type: "reasoning", id: `rs_${id}`, summary: [] });
    expect(events[6].data.item).toEqual({ type: "reasoning", id: `rs_${id}`, summary: [{ type: "summary_text", text: "Thinking it over." }] });
    expect(events[7].data).toMatchObject({ output_index: 1, item: { id: `msg_${id}_1` } });
  });

  it("emits an exec_command call with login false by default", async () => {
    mock.enqueue(reply.exec("echo hi"), reply.exec("ls", { login: true, sandboxPermissions: "require_escalated", justification: "why", workdir: "/w" }));
    const events = (await post(mock.url, turnBody("x"))).events();
    expect(types(events)).toEqual(["response.created", "response.output_item.done", "response.completed"]);
    const id = mock.lastRequest()?.responseId;
    const item = events[1].data.item as Record<string, unknown>;
    expect(item).toMatchObject({ type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name: "exec_command" });
    expect(JSON.parse(String(item.arguments))).toEqual({ cmd: "echo hi", login: false });
    const second = (await post(mock.url, turnBody("x"))).events()[1].data.item as Record<string, unknown>;
    expect(JSON.parse(String(second.arguments))).toEqual({
      cmd: "ls",
      login: true,
      sandbox_permissions: "require_escalated",
      justification: "why",
      workdir: "/w",
    });
  });

  it("answers a tool output with 'Tool said: <output>'", async () => {
    const { toolOutputBody } = await import("./fixtures.js");
    const res = await post(mock.url, toolOutputBody("run [[mock:exec echo hi]]", "Process exited with code 0\nOutput:\nhi\n"));
    expect(deltaText(res.events())).toBe("Tool said: Process exited with code 0\nOutput:\nhi\n");
    expect(mock.lastRequest()).toMatchObject({ kind: "toolOutput", toolOutput: { callId: "call_resp_1" } });
  });

  it("sends response.failed after response.created", async () => {
    mock.enqueue(reply.failed("boom", "rate_limit_exceeded"), reply.failed());
    const events = (await post(mock.url, turnBody("x"))).events();
    expect(types(events)).toEqual(["response.created", "response.failed"]);
    expect(events[1].data.response).toMatchObject({ status: "failed", error: { code: "rate_limit_exceeded", message: "boom" } });
    const fallback = (await post(mock.url, turnBody("x"))).events();
    expect(fallback[1].data.response).toMatchObject({ error: { code: "server_error", message: "mock failure" } });
  });

  it("answers an HTTP error status with a JSON body and extra headers", async () => {
    mock.enqueue(reply.http(429, "slow down", { "retry-after": "1" }), reply.http(500));
    const response = await fetch(`${mock.url}/responses`, { method: "POST", body: JSON.stringify(turnBody("x")) });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(await response.json()).toEqual({ error: { message: "slow down", type: "mock_error", code: null } });
    const res = await post(mock.url, turnBody("x"));
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).error.message).toBe("mock HTTP 500");
  });

  it("paces deltas with delayMs", async () => {
    mock.enqueue(reply.text("a b c d", { delayMs: 40 }));
    const started = Date.now();
    const res = await post(mock.url, turnBody("x"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(deltaText(res.events())).toBe("a b c d");
  });
});
