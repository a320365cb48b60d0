import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findDirectives, parseDirectives } from "../../../src/testing/directives.js";
import { startMockResponses, type MockResponses } from "../../../src/testing/index.js";
import { deltaText, outputSchemaBody, post, toolOutputBody, turnBody } from "./fixtures.js";

describe("findDirectives / parseDirectives", () => {
  it("finds directives with and without arguments, in order", () => {
    expect(findDirectives("Say [[mock:text Hello, world.]] then [[mock:delay 15]] and [[mock:stall]].")).toEqual([
      { name: "text", args: "Hello, world." },
      { name: "delay", args: "15" },
      { name: "stall", args: "" },
    ]);
    expect(findDirectives("no directives [mock:text x] [[other:text y]]")).toEqual([]);
  });

  it("parses every directive", () => {
    const script = parseDirectives(
      findDirectives(
        '[[mock:text a b]] [[mock:stream 3]] [[mock:delay 7]] [[mock:reasoning hm]] [[mock:exec {"cmd":"echo hi"}]] ' +
          "[[mock:then ok]] [[mock:fail bad]] [[mock:http 503]] [[mock:break 2]] [[mock:review allow fine by me]] " +
          '[[mock:json {"answer":[1,2]}]]',
      ),
    );
    expect(script).toEqual({
      errors: [],
      text: "a b",
      stream: 3,
      delayMs: 7,
      reasoning: "hm",
      exec: { cmd: "echo hi", login: false },
      then: "ok",
      fail: "bad",
      http: 503,
      ending: { kind: "break", afterDeltas: 2 },
      review: { verdict: "allow", rationale: "fine by me" },
      json: { answer: [1, 2] },
    });
  });

  it("keeps an explicit login, accepts a plain command line, defaults fail and stall", () => {
    expect(parseDirectives(findDirectives('[[mock:exec {"cmd":"ls","login":true}]]')).exec).toEqual({ cmd: "ls", login: true });
    expect(parseDirectives(findDirectives("[[mock:exec echo hi there]]")).exec).toEqual({ cmd: "echo hi there", login: false });
    expect(parseDirectives(findDirectives("[[mock:fail]] [[mock:stall]]"))).toMatchObject({
      fail: "mock failure",
      ending: { kind: "stall" },
    });
  });

  it("lets the last directive of a name win", () => {
    expect(parseDirectives(findDirectives("[[mock:text one]] [[mock:text two]]")).text).toBe("two");
  });

  it("reports bad directives", () => {
    const { errors } = parseDirectives(
      findDirectives("[[mock:nope]] [[mock:stream x]] [[mock:http 200]] [[mock:exec {bad]] [[mock:exec {\"nocmd\":1}]] [[mock:review maybe]] [[mock:json {x]] [[mock:exec]]"),
    );
    expect(errors).toHaveLength(8);
    expect(errors[0]).toBe("[[mock:nope]]: unknown directive");
    expect(errors[2]).toContain("HTTP error status");
  });
});

describe("directives over HTTP", () => {
  let mock: MockResponses;
  beforeAll(async () => {
    mock = await startMockResponses();
  });
  afterAll(() => mock.close());
  beforeEach(() => mock.reset());

  it("answers the default text without directives", async () => {
    expect(deltaText((await post(mock.url, turnBody("Say hello."))).events())).toBe("Hello from the mock model.");
    expect(mock.lastUserText()).toBe("Say hello.");
    expect(mock.lastRequest()).toMatchObject({ kind: "turn", answer: { source: "script" } });
  });

  it("reads directives from the latest user message only", async () => {
    const body = turnBody("Say hello. [[mock:text Hello from the mock model, streamed in words.]]");
    const events = (await post(mock.url, body)).events();
    expect(events.filter((e) => e.data.type === "response.output_text.delta")).toHaveLength(8);
    expect(deltaText(events)).toBe("Hello from the mock model, streamed in words.");
  });

  it("streams N deltas", async () => {
    const events = (await post(mock.url, turnBody("A [[mock:stream 20]]"))).events();
    expect(events.filter((e) => e.data.type === "response.output_text.delta")).toHaveLength(20);
  });

  it("calls exec_command, then answers the tool output with the then text", async () => {
    const prompt = 'Run echo. [[mock:exec {"cmd":"echo hi"}]] [[mock:then All done.]]';
    const call = (await post(mock.url, turnBody(prompt))).events()[1].data.item as { name: string; arguments: string };
    expect(call.name).toBe("exec_command");
    expect(JSON.parse(call.arguments)).toEqual({ cmd: "echo hi", login: false });
    expect(deltaText((await post(mock.url, toolOutputBody(prompt, "hi\n"))).events())).toBe("All done.");
  });

  it("fails, returns HTTP errors, and reports bad directives as response.failed", async () => {
    const failed = (await post(mock.url, turnBody("[[mock:fail it broke]]"))).events();
    expect(failed[1].data).toMatchObject({ type: "response.failed", response: { error: { message: "it broke" } } });
    expect((await post(mock.url, turnBody("[[mock:http 401]]"))).status).toBe(401);
    const bad = (await post(mock.url, turnBody("[[mock:bogus]]"))).events();
    expect(bad[1].data).toMatchObject({ response: { error: { message: "mock: [[mock:bogus]]: unknown directive" } } });
  });

  it("adds reasoning and pacing", async () => {
    const started = Date.now();
    const events = (await post(mock.url, turnBody("[[mock:reasoning Let me see.]] [[mock:text a b c]] [[mock:delay 30]]"))).events();
    expect(Date.now() - started).toBeGreaterThanOrEqual(120);
    expect(events.map((e) => e.data.type)).toContain("response.reasoning_summary_text.delta");
    expect(deltaText(events)).toBe("a b c");
  });

  it("answers an outputSchema turn with the json directive", async () => {
    const schema = { type: "object", properties: { answer: { type: "number" } }, required: ["answer"], additionalProperties: false };
    const events = (await post(mock.url, outputSchemaBody('Answer. [[mock:json {"answer":42}]]', schema))).events();
    expect(deltaText(events)).toBe('{"answer":42}');
    expect(mock.lastRequest()).toMatchObject({ kind: "outputSchema", outputSchema: schema });
  });
});
