import type { JSONSchema7 } from "json-schema";
import { describe, expectTypeOf, it } from "vitest";
import type { FromSchema, JsonSchema } from "../../src/client/json-schema.js";

declare const draft07: JSONSchema7;

/**
 * True when TypeScript finds A and B identical. Used for the large nested type, where
 * `toEqualTypeOf` takes seconds to decide what this decides at once.
 */
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe("JsonSchema", () => {
  it("accepts an as-const schema, a JSONSchema7 value and plain object literals", () => {
    const literal = {
      type: "object",
      properties: { tags: { type: "array", items: { type: "string" } } },
      required: ["tags"],
      "x-vendor": true,
    } as const;
    expectTypeOf(literal).toMatchTypeOf<JsonSchema>();
    expectTypeOf(draft07).toMatchTypeOf<JsonSchema>();
    const plain: JsonSchema = { type: "object" };
    const withExtension: JsonSchema = { type: "string", "x-order": 1, description: "a name" };
    const empty: JsonSchema = {};
    const fromRecord: JsonSchema = {} as Record<string, unknown>;
    void [plain, withExtension, empty, fromRecord];
  });

  it("rejects what is not a schema object", () => {
    // @ts-expect-error a string is not a schema
    const text: JsonSchema = "string";
    // @ts-expect-error a number is not a schema
    const count: JsonSchema = 42;
    // @ts-expect-error an array is not a schema
    const list: JsonSchema = [{ type: "string" }];
    // @ts-expect-error the boolean schemas are not object schemas
    const always: JsonSchema = true;
    // @ts-expect-error null is not a schema
    const nothing: JsonSchema = null;
    void [text, count, list, always, nothing];
  });
});

describe("FromSchema", () => {
  it("maps each type name, and a list of them to a union", () => {
    expectTypeOf<FromSchema<{ readonly type: "string" }>>().toEqualTypeOf<string>();
    expectTypeOf<FromSchema<{ readonly type: "number" }>>().toEqualTypeOf<number>();
    expectTypeOf<FromSchema<{ readonly type: "integer" }>>().toEqualTypeOf<number>();
    expectTypeOf<FromSchema<{ readonly type: "boolean" }>>().toEqualTypeOf<boolean>();
    expectTypeOf<FromSchema<{ readonly type: "null" }>>().toEqualTypeOf<null>();
    expectTypeOf<FromSchema<{ readonly type: "array" }>>().toEqualTypeOf<unknown[]>();
    expectTypeOf<FromSchema<{ readonly type: "object" }>>().toEqualTypeOf<{ [key: string]: unknown }>();
    expectTypeOf<FromSchema<{ readonly type: readonly ["string", "null"] }>>().toEqualTypeOf<string | null>();
    expectTypeOf<FromSchema<{ readonly type: "strng" }>>().toBeUnknown();
    expectTypeOf<FromSchema<{ type: string }>>().toBeUnknown();
    expectTypeOf<FromSchema<true>>().toBeUnknown();
    expectTypeOf<FromSchema<false>>().toBeNever();
  });

  it("makes required keys required and the others optional", () => {
    const schema = {
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" } },
      required: ["name", "id"],
      additionalProperties: false,
    } as const;
    expectTypeOf<FromSchema<typeof schema>>().toEqualTypeOf<{ name: string; age?: number; id: unknown }>();
  });

  it("reads additionalProperties: absent or true, a schema, false", () => {
    const open = { type: "object", properties: { a: { type: "string" } }, required: ["a"] } as const;
    expectTypeOf<FromSchema<typeof open>>().toEqualTypeOf<{ [key: string]: unknown; a: string }>();
    const alsoOpen = { ...open, additionalProperties: true } as const;
    expectTypeOf<FromSchema<typeof alsoOpen>>().toEqualTypeOf<{ [key: string]: unknown; a: string }>();
    const map = { type: "object", additionalProperties: { type: "number" } } as const;
    expectTypeOf<FromSchema<typeof map>>().toEqualTypeOf<{ [key: string]: number }>();
    const closed = { ...open, additionalProperties: false } as const;
    expectTypeOf<FromSchema<typeof closed>>().toEqualTypeOf<{ a: string }>();
    const patterned = { ...closed, patternProperties: { "^x-": { type: "string" } } } as const;
    expectTypeOf<FromSchema<typeof patterned>>().toEqualTypeOf<{ [key: string]: unknown; a: string }>();
  });

  it("maps enum, const and a type narrowed by them", () => {
    expectTypeOf<FromSchema<{ readonly enum: readonly ["low", "high", 3, null] }>>().toEqualTypeOf<"low" | "high" | 3 | null>();
    expectTypeOf<FromSchema<{ readonly const: "fixed" }>>().toEqualTypeOf<"fixed">();
    const level = { type: ["string", "null"], enum: ["low", "high", null] } as const;
    expectTypeOf<FromSchema<typeof level>>().toEqualTypeOf<"low" | "high" | null>();
    expectTypeOf<FromSchema<{ readonly type: "string"; readonly enum: readonly ["a", 1] }>>().toEqualTypeOf<"a">();
  });

  it("maps anyOf and oneOf to a union, allOf to an intersection", () => {
    const either = { anyOf: [{ type: "string" }, { type: "array", items: { type: "number" } }] } as const;
    expectTypeOf<FromSchema<typeof either>>().toEqualTypeOf<string | number[]>();
    const one = { oneOf: [{ const: 1 }, { const: 2 }] } as const;
    expectTypeOf<FromSchema<typeof one>>().toEqualTypeOf<1 | 2>();
    const both = {
      allOf: [
        { type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false },
        { type: "object", properties: { b: { type: "number" } }, required: ["b"], additionalProperties: false },
      ],
    } as const;
    expectTypeOf<FromSchema<typeof both>>().toEqualTypeOf<{ a: string } & { b: number }>();
  });

  it("maps items to arrays, and the tuple forms of each draft to tuples", () => {
    const list = { type: "array", items: { type: "array", items: { type: "integer" } } } as const;
    expectTypeOf<FromSchema<typeof list>>().toEqualTypeOf<number[][]>();
    const pair = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "string" }, { type: "number" }],
      items: false,
      minItems: 2,
    } as const;
    expectTypeOf<FromSchema<typeof pair>>().toEqualTypeOf<[string, number]>();
    const head = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "array",
      prefixItems: [{ type: "string" }],
      items: { type: "boolean" },
    } as const;
    expectTypeOf<FromSchema<typeof head>>().toEqualTypeOf<[string?, ...boolean[]]>();
    const draft07Pair = { type: "array", items: [{ type: "string" }, { type: "null" }], additionalItems: false, minItems: 3 } as const;
    expectTypeOf<FromSchema<typeof draft07Pair>>().toEqualTypeOf<[string, null]>();
    // draft-07, the default, has no prefixItems: the validator ignores it, and so does the type.
    const unnamed = { type: "array", prefixItems: [{ type: "string" }] } as const;
    expectTypeOf<FromSchema<typeof unnamed>>().toEqualTypeOf<unknown[]>();
  });

  it("maps what it does not read to unknown", () => {
    expectTypeOf<FromSchema<{ readonly $ref: "#/$defs/item" }>>().toBeUnknown();
    expectTypeOf<FromSchema<{ readonly not: { readonly type: "string" } }>>().toBeUnknown();
    const referenced = { type: "array", items: { $ref: "#/$defs/item" } } as const;
    expectTypeOf<FromSchema<typeof referenced>>().toEqualTypeOf<unknown[]>();
  });

  it("maps a schema that is not a literal type to unknown", () => {
    expectTypeOf<FromSchema<JSONSchema7>>().toBeUnknown();
    expectTypeOf<FromSchema<Record<string, unknown>>>().toBeUnknown();
    expectTypeOf<FromSchema<JsonSchema>>().toBeUnknown();
    expectTypeOf<FromSchema<{ type: "object"; properties: { a: JSONSchema7 }; required: ["a"] }>>().toEqualTypeOf<{
      [key: string]: unknown;
      a: unknown;
    }>();
  });

  it("maps a realistic nested schema", () => {
    const order = {
      type: "object",
      additionalProperties: false,
      required: ["id", "status", "customer", "lines", "notes"],
      properties: {
        id: { type: "string" },
        status: { type: "string", enum: ["open", "paid", "shipped"] },
        notes: { type: ["string", "null"] },
        customer: {
          type: "object",
          additionalProperties: false,
          required: ["name", "address"],
          properties: {
            name: { type: "string" },
            email: { type: "string", format: "email" },
            address: {
              type: "object",
              additionalProperties: false,
              required: ["city"],
              properties: {
                city: { type: "string" },
                geo: {
                  type: ["object", "null"],
                  additionalProperties: false,
                  required: ["lat", "lon"],
                  properties: { lat: { type: "number" }, lon: { type: "number" } },
                },
              },
            },
          },
        },
        lines: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["sku", "quantity", "options"],
            properties: {
              sku: { type: "string" },
              quantity: { type: "integer", minimum: 1 },
              options: {
                type: "array",
                items: {
                  anyOf: [
                    {
                      type: "object",
                      additionalProperties: false,
                      required: ["kind", "text"],
                      properties: { kind: { const: "engraving" }, text: { type: "string" } },
                    },
                    {
                      type: "object",
                      additionalProperties: false,
                      required: ["kind", "colour"],
                      properties: { kind: { const: "colour" }, colour: { enum: ["red", "blue"] } },
                    },
                  ],
                },
              },
            },
          },
        },
      },
    } as const;
    type Option = { kind: "engraving"; text: string } | { kind: "colour"; colour: "red" | "blue" };
    type Order = {
      id: string;
      status: "open" | "paid" | "shipped";
      notes: string | null;
      customer: {
        name: string;
        email?: string;
        address: { city: string; geo?: { lat: number; lon: number } | null };
      };
      lines: { sku: string; quantity: number; options: Option[] }[];
    };
    expectTypeOf<Identical<FromSchema<typeof order>, Order>>().toEqualTypeOf<true>();
    const answer = {} as FromSchema<typeof order>;
    expectTypeOf(answer.lines[0]!.options[0]!.kind).toEqualTypeOf<"engraving" | "colour">();
    expectTypeOf(answer.customer.address.geo).toEqualTypeOf<{ lat: number; lon: number } | null | undefined>();
  });
});
