import { Ajv } from "ajv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkOutputSchema, parseStructuredOutput } from "../../../src/client/structured-output.js";
import { CodexError, StructuredOutputError } from "../../../src/errors.js";

const person = {
  type: "object",
  additionalProperties: false,
  required: ["name", "tags"],
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
    level: { enum: ["low", "high"] },
  },
} as const;

/** The rejection of `promise`, which must reject. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => expect.unreachable(`resolved with ${JSON.stringify(value)}`),
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("parseStructuredOutput", () => {
  it("resolves with the parsed answer when it matches the schema", async () => {
    const value = await parseStructuredOutput('{"name":"Ada","age":36,"tags":["math"],"level":"high"}', person);
    expect(value).toEqual({ name: "Ada", age: 36, tags: ["math"], level: "high" });
    await expect(parseStructuredOutput('  {"name":"Ada","tags":[]}\n', person)).resolves.toEqual({ name: "Ada", tags: [] });
  });

  it("rejects an answer that is not JSON with the raw text and the parser's reason", async () => {
    const text = 'Sure! Here is the JSON: {"name":"Ada","tags":[]}';
    const error = await rejection(parseStructuredOutput(text, person));
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).toMatchObject({ name: "StructuredOutputError", reason: "not-json", text, errors: [] });
    expect((error as StructuredOutputError).cause).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(/^The final answer is not valid JSON \(Unexpected token 'S'.*\): "Sure! Here is the JSON/);
    expect((error as Error).message).toMatch(/retry the turn/);
    await expect(parseStructuredOutput("", person)).rejects.toMatchObject({ reason: "not-json", text: "" });
  });

  it("rejects a missing answer (null or undefined text) as no-answer", async () => {
    for (const text of [null, undefined]) {
      const error = await rejection(parseStructuredOutput(text, person));
      expect(error).toBeInstanceOf(StructuredOutputError);
      expect(error).toMatchObject({ reason: "no-answer", text: null, errors: [] });
      expect((error as Error).message).toMatch(/ended without a final answer.*retry the turn/);
    }
  });

  it("rejects a mismatch with every violation, its JSON Pointer and what is wrong", async () => {
    const text = '{"age":-1,"tags":["a",2],"level":"mid","extra":true}';
    const error = (await rejection(parseStructuredOutput(text, person))) as StructuredOutputError;
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.reason).toBe("schema-mismatch");
    expect(error.text).toBe(text);
    expect(error.errors).toEqual([
      { path: "", message: "must have required property 'name'" },
      { path: "", message: 'must NOT have additional properties ("extra")' },
      { path: "/age", message: "must be >= 0" },
      { path: "/tags/1", message: "must be string" },
      { path: "/level", message: 'must be equal to one of the allowed values: "low", "high"' },
    ]);
    expect(Object.isFrozen(error.errors)).toBe(true);
    expect(error.message).toBe(
      "The final answer is JSON but does not match the output schema: the answer must have required property 'name'; " +
        'the answer must NOT have additional properties ("extra"); /age must be >= 0 (and 2 more). ' +
        "Inspect `errors` and `text`, then retry the turn or loosen the schema.",
    );
  });

  it("checks a schema that names draft 2020-12 by that draft", async () => {
    const pair = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "string" }, { type: "number" }],
      items: false,
    } as const;
    await expect(parseStructuredOutput('["a", 1]', pair)).resolves.toEqual(["a", 1]);
    const error = (await rejection(parseStructuredOutput('["a", "b", 3]', pair))) as StructuredOutputError;
    expect(error.errors).toEqual([
      { path: "/1", message: "must be number" },
      { path: "", message: "must NOT have more than 2 items" },
    ]);
    // Without $schema the draft is 07, which writes tuples as `items: [...]` and ignores prefixItems.
    const { $schema: _named, ...unnamed } = pair;
    await expect(parseStructuredOutput('["a", "b"]', { ...unnamed, items: true })).resolves.toEqual(["a", "b"]);
    // The http:// spelling of the same draft is the same draft.
    const httpSpelling = { ...pair, $schema: "http://json-schema.org/draft/2020-12/schema#" };
    await expect(parseStructuredOutput('["a", "b"]', httpSpelling)).rejects.toMatchObject({ reason: "schema-mismatch" });
  });

  it("checks draft-07 and 2019-09 schemas, and rejects a $schema it cannot check with a TypeError", async () => {
    const tuple = { type: "array", items: [{ type: "string" }], additionalItems: false } as const;
    const draft07 = { ...tuple, $schema: "http://json-schema.org/draft-07/schema#" };
    await expect(parseStructuredOutput('["a", 1]', draft07)).rejects.toMatchObject({ reason: "schema-mismatch" });
    const draft2019 = { ...tuple, $schema: "https://json-schema.org/draft/2019-09/schema" };
    await expect(parseStructuredOutput('["a"]', draft2019)).resolves.toEqual(["a"]);
    await expect(parseStructuredOutput('["a", 1]', draft2019)).rejects.toMatchObject({ reason: "schema-mismatch" });
    const draft04 = parseStructuredOutput("{}", { $schema: "http://json-schema.org/draft-04/schema#", type: "object" });
    await expect(draft04).rejects.toThrow(TypeError);
    await expect(draft04).rejects.toThrow(/\$schema is string "http:\/\/json-schema.org\/draft-04\/schema#".*leave \$schema out/);
  });

  it("skips format keywords it has no validator for, known or not, and prints nothing", async () => {
    const warn = vi.spyOn(console, "warn");
    const log = vi.spyOn(console, "log");
    const contact = {
      type: "object",
      properties: { email: { type: "string", format: "email" }, code: { type: "string", format: "x-internal-code" } },
    } as const;
    await expect(parseStructuredOutput('{"email":"not an address","code":"?"}', contact)).resolves.toEqual({
      email: "not an address",
      code: "?",
    });
    await expect(parseStructuredOutput('{"email":1}', contact)).rejects.toMatchObject({
      errors: [{ path: "/email", message: "must be string" }],
    });
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it("compiles each schema object once and reuses its check", async () => {
    const compile = vi.spyOn(Ajv.prototype, "compile");
    const schema = { type: "object", required: ["n"], properties: { n: { type: "integer" } } };
    const compiledWith = (target: object) => compile.mock.calls.filter(([compiled]) => compiled === target).length;
    await expect(parseStructuredOutput('{"n":1}', schema)).resolves.toEqual({ n: 1 });
    await expect(parseStructuredOutput('{"n":"x"}', schema)).rejects.toMatchObject({ reason: "schema-mismatch" });
    await Promise.all([parseStructuredOutput('{"n":2}', schema), checkOutputSchema(schema)]);
    expect(compiledWith(schema)).toBe(1);
    // The check was compiled from the schema as it was then: a later change needs a new object.
    schema.properties.n.type = "string";
    await expect(parseStructuredOutput('{"n":3}', schema)).resolves.toEqual({ n: 3 });
    const copy = structuredClone(schema);
    await expect(parseStructuredOutput('{"n":3}', copy)).rejects.toMatchObject({ reason: "schema-mismatch" });
    expect(compiledWith(copy)).toBe(1);
  });

  it("lets two schemas share an $id, and resolves references inside a schema", async () => {
    const first = { $id: "https://example.com/answer", type: "number" };
    const second = { $id: "https://example.com/answer", type: "string" };
    await expect(parseStructuredOutput("1", first)).resolves.toBe(1);
    await expect(parseStructuredOutput('"one"', second)).resolves.toBe("one");
    const tree = {
      $defs: { name: { type: "string" } },
      type: "object",
      required: ["name"],
      properties: { name: { $ref: "#/$defs/name" }, children: { type: "array", items: { $ref: "#" } } },
    };
    await expect(parseStructuredOutput('{"name":"a","children":[{"name":"b"}]}', tree)).resolves.toEqual({
      name: "a",
      children: [{ name: "b" }],
    });
    await expect(parseStructuredOutput('{"name":"a","children":[{"name":2}]}', tree)).rejects.toMatchObject({
      errors: [{ path: "/children/0/name", message: "must be string" }],
    });
  });

  it("rejects a schema that is not an object, or that Ajv cannot compile, with a TypeError", async () => {
    await expect(parseStructuredOutput("{}", "object" as never)).rejects.toThrow(
      new TypeError('The output schema must be a JSON Schema object, got string "object".'),
    );
    await expect(parseStructuredOutput("[]", [] as never)).rejects.toThrow(/must be a JSON Schema object, got an array/);
    const typo = { type: "strng" };
    const error = await rejection(checkOutputSchema(typo));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^The output schema is not a valid draft-07 JSON Schema: schema is invalid: data\/type must be equal/,
    );
    expect((error as Error).message).toMatch(/Fix the schema\.$/);
    // A failed compile is not kept: the fixed schema object compiles.
    typo.type = "string";
    await expect(parseStructuredOutput('"ok"', typo)).resolves.toBe("ok");
  });

  it("rejects an answer that is not a string with a TypeError", async () => {
    await expect(parseStructuredOutput({ name: "Ada" } as never, person)).rejects.toThrow(
      new TypeError("parseStructuredOutput() needs the answer as a string (or null), got an object."),
    );
  });
});

describe("StructuredOutputError", () => {
  it("describes each reason itself and keeps its fields", () => {
    const noAnswer = new StructuredOutputError(undefined, { reason: "no-answer", text: null });
    expect(noAnswer).toMatchObject({ name: "StructuredOutputError", reason: "no-answer", text: null, errors: [] });
    const long = "x".repeat(100);
    const notJson = new StructuredOutputError(undefined, { reason: "not-json", text: long });
    expect(notJson.message).toBe(
      `The final answer is not valid JSON: "${"x".repeat(80)}…". The output schema asks for a JSON answer only; ` +
        "retry the turn, or read the raw answer from `text`.",
    );
    const errors = [{ path: "/a", message: "must be string" }];
    const mismatch = new StructuredOutputError(undefined, { reason: "schema-mismatch", text: "1", errors });
    expect(mismatch.message).toMatch(/does not match the output schema: \/a must be string\. Inspect/);
    expect(new StructuredOutputError("custom", { reason: "no-answer", text: null }).message).toBe("custom");
  });
});
