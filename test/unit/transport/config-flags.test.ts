import { describe, expect, it } from "vitest";
import { configToFlags, tomlLiteral } from "../../../src/transport/config-flags.js";

describe("configToFlags", () => {
  it("turns nested objects into dotted keys with TOML literal values", () => {
    expect(
      configToFlags({
        model: "mock-model",
        approval_policy: "never",
        model_providers: { mock: { base_url: "http://127.0.0.1:1234/v1", request_max_retries: 0, supports_websockets: false } },
        features: { plugins: false },
      }),
    ).toEqual([
      "-c", 'model="mock-model"',
      "-c", 'approval_policy="never"',
      "-c", 'model_providers.mock.base_url="http://127.0.0.1:1234/v1"',
      "-c", "model_providers.mock.request_max_retries=0",
      "-c", "model_providers.mock.supports_websockets=false",
      "-c", "features.plugins=false",
    ]);
  });

  it("encodes numbers, booleans, arrays and inline tables", () => {
    expect(configToFlags({ a: 1.5, b: -2, c: true, d: ["x", 1, false, ["y"]], e: [{ k: "v", "odd key": 1 }] })).toEqual([
      "-c", "a=1.5",
      "-c", "b=-2",
      "-c", "c=true",
      "-c", 'd=["x", 1, false, ["y"]]',
      "-c", 'e=[{ k = "v", "odd key" = 1 }]',
    ]);
  });

  it("escapes strings", () => {
    expect(tomlLiteral('say "hi"\\ \n\t\r\u0001 é')).toBe('"say \\"hi\\"\\\\ \\n\\t\\r\\u0001 é"');
  });

  it("skips undefined values and empty tables", () => {
    expect(configToFlags({ a: undefined, b: {}, c: { d: undefined } })).toEqual([]);
  });

  it.each([
    ["null", { a: null }],
    ["NaN", { a: Number.NaN }],
    ["Infinity", { a: Number.POSITIVE_INFINITY }],
    ["a function", { a: () => 1 }],
    ["a Date", { a: new Date(0) }],
    ["a symbol", { a: Symbol("s") }],
    ["null in an array", { a: [null] }],
  ])("rejects %s with TypeError", (_label, config) => {
    expect(() => configToFlags(config as never)).toThrow(TypeError);
  });

  it.each(["", "a.b", "a=b", "a b"])("rejects the key %j", (key) => {
    expect(() => configToFlags({ [key]: 1 })).toThrow(TypeError);
  });

  it("rejects a non-object config", () => {
    expect(() => configToFlags([] as never)).toThrow(TypeError);
  });
});
