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
      call: { type: "functionCall", name: "exec_command", arguments: { cmd: "echo hi", login: false } },
      then: "ok",
      fail: "bad",
      http: 503,
      ending: { kind: "break", afterDeltas: 2 },
      review: { verdict: "allow", rationale: "fine by me" },
      json: { answer: [1, 2] },
    });
  });

  it("keeps an explicit login, accepts a plain command line, defaults fail and stall", () => {
    const argsOf = (text: string) => {
      const call = parseDirectives(findDirectives(text)).call;
      return call?.type === "functionCall" ? call.arguments : undefined;
    };
    expect(argsOf('[[mock:exec {"cmd":"ls","login":true}]]')).toEqual({ cmd: "ls", login: true });
    expect(argsOf("[[mock:exec echo hi there]]")).toEqual({ cmd: "echo hi there", login: false });
    expect(parseDirectives(findDirectives("[[mock:fail]] [[mock:stall]]"))).toMatchObject({
      fail: "mock failure",
      ending: { kind: "stall" },
    });
  });

  it("lets the last directive of a name win, and the last of exec, tool and patch make the call", () => {
    expect(parseDirectives(findDirectives("[[mock:text one]] [[mock:text two]]")).text).toBe("two");
    expect(parseDirectives(findDirectives("[[mock:exec ls]] [[mock:tool get_goal]]")).call).toEqual({
      type: "functionCall",
      name: "get_goal",
      arguments: {},
    });
    expect(parseDirectives(findDirectives("[[mock:tool get_goal]] [[mock:patch delete a.txt]]")).call?.type).toBe("customToolCall");
  });

  it("parses tool directives: a name, namespace.name, JSON arguments, or the spelled-out object", () => {
    const callOf = (text: string) => parseDirectives(findDirectives(text)).call;
    expect(callOf('[[mock:tool lookup_weather {"city":"Paris"}]]')).toEqual({
      type: "functionCall",
      name: "lookup_weather",
      arguments: { city: "Paris" },
    });
    expect(callOf('[[mock:tool crm.find_customer {"email":"a@b.c"}]]')).toEqual({
      type: "functionCall",
      name: "find_customer",
      namespace: "crm",
      arguments: { email: "a@b.c" },
    });
    expect(callOf('[[mock:tool {"name":"crm.find_customer","arguments":{"n":[1,2]}}]]')).toEqual({
      type: "functionCall",
      name: "crm.find_customer",
      arguments: { n: [1, 2] },
    });
    expect(callOf('[[mock:tool {"name":"find_customer","namespace":"crm"}]]')).toEqual({
      type: "functionCall",
      name: "find_customer",
      namespace: "crm",
      arguments: {},
    });
    expect(callOf('[[mock:tool {"name":"apply_patch","input":"*** Begin Patch\\n*** End Patch"}]]')).toEqual({
      type: "customToolCall",
      name: "apply_patch",
      input: "*** Begin Patch\n*** End Patch",
    });
  });

  it("parses patch directives into apply_patch input", () => {
    const inputOf = (text: string) => {
      const call = parseDirectives(findDirectives(text)).call;
      return call?.type === "customToolCall" && call.name === "apply_patch" ? call.input : undefined;
    };
    expect(inputOf("[[mock:patch add hello.txt Hello from the patch]]")).toBe(
      "*** Begin Patch\n*** Add File: hello.txt\n+Hello from the patch\n*** End Patch",
    );
    expect(inputOf("[[mock:patch add notes/a.md line one\nline two\n]]")).toBe(
      "*** Begin Patch\n*** Add File: notes/a.md\n+line one\n+line two\n*** End Patch",
    );
    expect(inputOf("[[mock:patch update hello.txt Hello => Hello, updated]]")).toBe(
      "*** Begin Patch\n*** Update File: hello.txt\n@@\n-Hello\n+Hello, updated\n*** End Patch",
    );
    expect(inputOf("[[mock:patch delete old.txt]]")).toBe("*** Begin Patch\n*** Delete File: old.txt\n*** End Patch");
    const raw = "*** Begin Patch\n*** Add File: a\n+x\n*** Add File: b\n+y\n*** End Patch";
    expect(inputOf(`[[mock:patch ${raw}]]`)).toBe(raw);
    expect(inputOf("[[mock:patch *** not a patch]]")).toBe("*** not a patch");
  });

  it("reports bad tool and patch directives", () => {
    const errorsOf = (text: string) => parseDirectives(findDirectives(text)).errors;
    expect(errorsOf("[[mock:tool]]")).toEqual([expect.stringContaining("expected a tool name")]);
    expect(errorsOf("[[mock:tool lookup {bad]]")).toEqual([expect.stringContaining("invalid JSON")]);
    expect(errorsOf('[[mock:tool lookup ["a"]]]')[0]).toContain("[[mock:tool lookup");
    expect(errorsOf("[[mock:tool crm. {}]]")).toEqual([expect.stringContaining("no tool name after the namespace")]);
    expect(errorsOf('[[mock:tool {"arguments":{}}]]')).toEqual([expect.stringContaining('"name"')]);
    expect(errorsOf('[[mock:tool {"name":"x","args":{}}]]')).toEqual([expect.stringContaining("unknown field(s) args")]);
    expect(errorsOf('[[mock:tool {"name":"x","arguments":[1]}]]')).toEqual([expect.stringContaining('"arguments" must be a JSON object')]);
    expect(errorsOf('[[mock:tool {"name":"x","input":"a","namespace":"n"}]]')).toEqual([expect.stringContaining("freeform")]);
    expect(errorsOf("[[mock:patch]]")).toEqual([expect.stringContaining("expected add, update or delete")]);
    expect(errorsOf("[[mock:patch add]]")).toEqual(["[[mock:patch add]]: expected a path after add"]);
    expect(errorsOf("[[mock:patch add a.txt]]")).toEqual([expect.stringContaining("expected the file content")]);
    expect(errorsOf("[[mock:patch update a.txt no arrow]]")).toEqual([expect.stringContaining("old text => new text")]);
    expect(errorsOf("[[mock:patch delete a.txt extra]]")).toEqual([expect.stringContaining("expected nothing after the path")]);
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
