import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  isReviewRequest,
  lastUserMessageText,
  reply,
  startMockResponses,
  type MockResponses,
} from "../../../src/testing/index.js";
import { codexHeaders, deltaText, outputSchemaBody, post, reviewBody, reviewHeaders, toolOutputBody, turnBody } from "./fixtures.js";

let mock: MockResponses;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.reset();
  mock.reviewVerdict = "deny";
});

const answerText = async (body: unknown, headers?: Record<string, string>) => deltaText((await post(mock.url, body, headers)).events());

describe("queue and handler precedence", () => {
  it("answers from the queue first, then the handler, then the script", async () => {
    mock.setHandler((request) => (request.lastUserText?.includes("handled") ? reply.text("from handler") : undefined));
    mock.enqueue(reply.text("queued one"), () => reply.text("queued fn"));
    expect(await answerText(turnBody("handled"))).toBe("queued one");
    expect(await answerText(turnBody("handled"))).toBe("queued fn");
    expect(await answerText(turnBody("handled"))).toBe("from handler");
    expect(await answerText(turnBody("[[mock:text scripted]]"))).toBe("scripted");
    expect(mock.requests.map((r) => r.answer?.source)).toEqual(["queue", "queue", "handler", "script"]);
  });

  it("lets a queued function fall through by returning undefined", async () => {
    mock.enqueue(() => undefined);
    expect(await answerText(turnBody("[[mock:text fell through]]"))).toBe("fell through");
  });

  it("removes the handler with setHandler(undefined) and reset()", async () => {
    mock.setHandler(() => reply.text("h"));
    expect(await answerText(turnBody("x"))).toBe("h");
    mock.setHandler(undefined);
    expect(await answerText(turnBody("x"))).toBe("Hello from the mock model.");
    mock.enqueue(reply.text("stale"));
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    expect(await answerText(turnBody("x"))).toBe("Hello from the mock model.");
  });

  it("answers 500 when the handler throws", async () => {
    mock.setHandler(() => {
      throw new Error("oops");
    });
    const res = await post(mock.url, turnBody("x"));
    expect(res.status).toBe(500);
    expect(res.text).toContain("The mock handler threw: oops");
  });

  it("takes the handler and options from startMockResponses", async () => {
    await using custom = await startMockResponses({ defaultText: "Custom default.", handler: (r) => (r.kind === "review" ? reply.review("allow") : undefined) });
    expect(deltaText((await post(custom.url, turnBody("x"))).events())).toBe("Custom default.");
    expect(JSON.parse(deltaText((await post(custom.url, reviewBody("x"), reviewHeaders)).events())).outcome).toBe("allow");
  });
});

describe("automatic approval reviews", () => {
  it("recognises a review by its prompt and answers deny by default", async () => {
    expect(isReviewRequest(reviewBody("please run it"))).toBe(true);
    const verdict = JSON.parse(await answerText(reviewBody("please run it")));
    expect(verdict).toEqual({ outcome: "deny", risk_level: "high", user_authorization: "unknown", rationale: "Denied by the mock reviewer." });
    expect(mock.lastRequest()).toMatchObject({ kind: "review", outputSchema: undefined });
  });

  it("recognises a review by schema and guardian header without the prompt", () => {
    const body = reviewBody("x");
    const input = body.input ?? [];
    const stripped = { ...body, input: input.slice(0, 3) };
    expect(isReviewRequest(stripped, reviewHeaders)).toBe(true);
    expect(isReviewRequest(stripped, codexHeaders)).toBe(false);
  });

  it("takes the verdict from a directive in the reviewed history, the last one winning", async () => {
    expect(JSON.parse(await answerText(reviewBody("run [[mock:exec echo hi]] [[mock:review allow]]"))).outcome).toBe("allow");
    const text = await answerText(reviewBody("[[mock:review allow]] later [[mock:review deny too risky]]"));
    expect(JSON.parse(text)).toMatchObject({ outcome: "deny", rationale: "too risky" });
  });

  it("uses the mock-wide verdict, and skips the queue", async () => {
    mock.reviewVerdict = "allow";
    mock.enqueue(reply.text("for the turn"));
    expect(JSON.parse(await answerText(reviewBody("x"), reviewHeaders)).outcome).toBe("allow");
    expect(await answerText(turnBody("x"))).toBe("for the turn");
    await using denying = await startMockResponses({ reviewVerdict: "allow" });
    expect(denying.reviewVerdict).toBe("allow");
  });

  it("lets a handler answer reviews", async () => {
    mock.setHandler((r) => (r.kind === "review" ? reply.text("not json") : undefined));
    expect(await answerText(reviewBody("x"))).toBe("not json");
  });
});

describe("outputSchema turns", () => {
  const schema = {
    type: "object",
    properties: {
      summary: { type: "string" },
      count: { type: "integer" },
      ok: { type: "boolean" },
      level: { type: "string", enum: ["low", "high"] },
      tags: { type: "array", items: { type: "string" } },
      nested: { type: "object", properties: { at: { type: ["number", "null"] } } },
    },
    required: ["summary", "count", "ok", "level", "tags", "nested"],
    additionalProperties: false,
  };

  it("samples an answer from the schema when nothing is scripted", async () => {
    expect(JSON.parse(await answerText(outputSchemaBody("Summarize.", schema)))).toEqual({
      summary: "mock",
      count: 0,
      ok: false,
      level: "low",
      tags: [],
      nested: { at: 0 },
    });
    expect(mock.lastRequest()?.kind).toBe("outputSchema");
  });

  it("uses the outputJson option, as a value or a function of the schema", async () => {
    await using fixed = await startMockResponses({ outputJson: { summary: "fixed" } });
    expect(JSON.parse(deltaText((await post(fixed.url, outputSchemaBody("x", schema))).events()))).toEqual({ summary: "fixed" });
    await using computed = await startMockResponses({ outputJson: (s, r) => ({ keys: Object.keys(s.properties ?? {}).length, prompt: r.lastUserText ?? "" }) });
    expect(JSON.parse(deltaText((await post(computed.url, outputSchemaBody("p", schema))).events()))).toEqual({ keys: 6, prompt: "p" });
  });

  it("prefers the json directive, and is not mistaken for a review", async () => {
    const review = { type: "object", properties: { outcome: { type: "string", enum: ["allow", "deny"] } }, required: ["outcome"] };
    expect(await answerText(outputSchemaBody('[[mock:json {"outcome":"allow"}]]', review))).toBe('{"outcome":"allow"}');
    expect(mock.lastRequest()?.kind).toBe("outputSchema");
  });
});

describe("recording", () => {
  it("records path, parsed body, thread id and redacted headers", async () => {
    await post(mock.url, turnBody("hello"), {
      ...codexHeaders,
      authorization: "Bearer sk-secret-value",
      cookie: "session=abc",
      "x-api-key": "k",
      "openai-api-key": "k2",
      "chatgpt-account-id": "acct",
    });
    const request = mock.lastRequest();
    expect(request).toMatchObject({
      index: 0,
      method: "POST",
      path: "/v1/responses",
      threadId: codexHeaders["x-client-request-id"],
      lastUserText: "hello",
      body: { model: "mock-model", stream: true },
    });
    expect(request?.headers).toMatchObject({
      authorization: "Bearer [redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "openai-api-key": "[redacted]",
      "chatgpt-account-id": "[redacted]",
      originator: "probe",
    });
    expect(JSON.stringify(mock.requests)).not.toContain("sk-secret-value");
  });

  it("gets the last user message text, skipping the environment context", () => {
    expect(lastUserMessageText(turnBody("the prompt"))).toBe("the prompt");
    expect(lastUserMessageText(toolOutputBody("the prompt", "out"))).toBe("the prompt");
    expect(lastUserMessageText({ input: [] })).toBeUndefined();
    expect(lastUserMessageText({ input: [{ type: "message", role: "user", content: "plain string" }] })).toBe("plain string");
  });

  it("waits for requests", async () => {
    const waiting = mock.waitForRequests(2, 2000);
    await post(mock.url, turnBody("a"));
    await post(mock.url, turnBody("b"));
    expect((await waiting).map((r) => r.lastUserText)).toEqual(["a", "b"]);
    await expect(mock.waitForRequests(5, 50)).rejects.toThrow("received 2 of 5");
  });

  it("waits for a matching request, recorded or still to come", async () => {
    await post(mock.url, turnBody("first"));
    expect((await mock.waitForRequest((r) => r.lastUserText === "first")).index).toBe(0);
    const later = mock.waitForRequest((r) => r.kind === "review", 2000);
    await post(mock.url, turnBody("second"));
    await post(mock.url, reviewBody("x"), reviewHeaders);
    expect(await later).toMatchObject({ index: 2, kind: "review", parentThreadId: "01a20c29-parent" });
    await expect(mock.waitForRequest(() => false, 30)).rejects.toThrow("None of the 3 model requests");
  });

  it("rejects other paths and unreadable bodies without recording them as model requests", async () => {
    expect((await fetch(`${mock.url}/models`)).status).toBe(404);
    expect((await fetch(`${mock.url}/responses`, { method: "POST", body: "{not json" })).status).toBe(400);
    expect(mock.requests).toHaveLength(0);
    expect(mock.unexpectedRequests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "/v1/models"],
      ["POST", "/v1/responses"],
    ]);
  });
});

describe("robustness", () => {
  it("drops the connection for a reply it cannot encode, and keeps serving", async () => {
    mock.enqueue({ kind: "http", status: 42 });
    await expect(post(mock.url, turnBody("x"))).rejects.toThrow();
    expect(await answerText(turnBody("[[mock:text still here]]"))).toBe("still here");
  });
});
