import { describe, expect, it } from "vitest";
import {
  Codex,
  CodexError,
  CodexStartError,
  RequestTimeoutError,
  TransportClosedError,
} from "../../src/index.js";
import { CLIENT_KINDS } from "./support/clients.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileOptions, startHostile } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { describeSettled, failureOf, promptRejection, settleWithin, sleep } from "./support/outcome.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS, STRESS } from "./support/scale.js";

// Every failure is reported as what it is: bad params are the caller's TypeError on a client that
// stays healthy, and each malformed reply of the server is a typed error, at once.

trapHostErrors();
const track = closeAfterEach();

const REQUEST_TIMEOUT_MS = 15_000;

/** Params that JSON cannot carry, by what is wrong with them. */
function unserializableParams(): [string, () => object][] {
  const cases: [string, () => object][] = [
    [
      "a getter that throws",
      () => ({
        get limit(): number {
          throw new Error("getter exploded");
        },
      }),
    ],
    ["a toJSON that throws", () => ({ limit: { toJSON: () => { throw new Error("toJSON exploded"); } } })],
    ["a BigInt", () => ({ limit: 10n })],
    [
      "a cycle",
      () => {
        const params: Record<string, unknown> = {};
        params.self = params;
        return params;
      },
    ],
    [
      "nesting too deep to serialize",
      () => {
        let deep: unknown[] = [];
        for (let i = 0; i < 200_000; i++) deep = [deep];
        return { cursor: deep };
      },
    ],
  ];
  if (STRESS) {
    // 40 references to one 16 MiB string: JSON longer than the longest string V8 can build.
    cases.push(["JSON longer than the longest string", () => ({ cursor: new Array(40).fill("x".repeat(16 * 1024 * 1024)) })]);
  }
  return cases;
}

for (const kind of CLIENT_KINDS) {
  describe(`params JSON cannot carry, through ${kind.name}`, () => {
    for (const [name, make] of unserializableParams()) {
      it(`reject with a TypeError for ${name}, send nothing and leave the client healthy`, async () => {
        const client = await kind.start(track);
        const before = await client.received();
        const error = await promptRejection(client.codex.request("thread/list", make() as never), PROMPT_MS);
        expect(error).toBeInstanceOf(TypeError);
        expect(error).not.toBeInstanceOf(TransportClosedError);
        expect(await client.received()).toBe(before);
        await expect(client.codex.models()).resolves.toMatchObject({ nextCursor: null });
      });
    }
  });

  describe(`a method that is not a string, through ${kind.name}`, () => {
    for (const [name, method] of [
      ["a number", 42],
      ["undefined", undefined],
      ["null", null],
      ["an object", { method: "model/list" }],
      ["a symbol", Symbol("model/list")],
    ] as const) {
      it(`is rejected with a TypeError before it is sent: ${name}`, async () => {
        const client = await kind.start(track);
        const before = await client.received();
        const error = await promptRejection(Promise.resolve().then(() => client.codex.request(method as never, {} as never)), PROMPT_MS);
        expect(error).toBeInstanceOf(TypeError);
        expect(await client.received()).toBe(before);
        await expect(client.codex.models()).resolves.toMatchObject({ nextCursor: null });
      });
    }
  });
}

describe("an initialize result that is not the server's metadata", () => {
  for (const [name, result] of [
    ["null", null],
    ["an empty object", {}],
    ["an array", []],
    ["a string", "ready"],
    ["a user agent that is a number", { userAgent: 42, codexHome: "/x", platformFamily: "unix", platformOs: "linux" }],
  ] as const) {
    it(`fails the start with CodexStartError: ${name}`, async () => {
      const before = leakSnapshot();
      const options = hostileOptions({ mode: "initialize-result", env: { HOSTILE_INITIALIZE: JSON.stringify(result) } });
      const error = await promptRejection(Codex.start(options), 10_000);
      expect(error).toBeInstanceOf(CodexStartError);
      expect(leakedSince(before).children).toEqual([]);
    });
  }
});

/** Reply shapes that carry the request's id but are not a valid result or error. */
const MALFORMED_REPLIES = [
  ["an error that is a string", "error-string", /hostile runtime failed/],
  ["an error that is a number", "error-number", /500|malformed/i],
  ["an error that is null", "error-null", /malformed|null/i],
  ["an error without a code", "error-no-code", /without a code|malformed/i],
  ["an error without a message", "error-no-message", /-32603|malformed|no message/i],
  ["neither a result nor an error", "no-result", /malformed|no result|neither/i],
] as const;

describe("a malformed reply", () => {
  for (const [name, shape, says] of MALFORMED_REPLIES) {
    it(`rejects the request at once with a typed error: ${name}`, async () => {
      await scenario(
        {
          id: `malformed-reply-${shape}`,
          group: "errors",
          fault: `The runtime answers a request with ${name}.`,
          promise: "The request rejects at once with a CodexError (not a timeout) that says what came back; the client stays usable.",
        },
        async () => {
          const { codex } = await startHostile(
            track,
            { mode: "malformed-reply", env: { HOSTILE_REPLY_SHAPE: shape, HOSTILE_REPLY_METHOD: "model/list" } },
            { requestTimeoutMs: REQUEST_TIMEOUT_MS },
          );
          const result = await settleWithin(codex.models(), PROMPT_MS);
          expect(result.settled, `models() ${describeSettled(result)}`).toBe(true);
          const error = result.settled && !result.ok ? result.error : undefined;
          expect(error).toBeInstanceOf(CodexError);
          expect(error).not.toBeInstanceOf(RequestTimeoutError);
          expect((error as Error).message).toMatch(says);
          await expect(codex.threadList()).resolves.toMatchObject({ data: [] });
          return { settleMs: result.ms };
        },
      );
    });
  }

  it("a reply whose id is an object is logged and skipped; the connection stays usable", async () => {
    const { codex, logger } = await startHostile(
      track,
      { mode: "malformed-reply", env: { HOSTILE_REPLY_SHAPE: "id-object", HOSTILE_REPLY_METHOD: "model/list" } },
      { requestTimeoutMs: 500 },
    );
    const error = await promptRejection(codex.models(), PROMPT_MS);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(logger.problems.length).toBeGreaterThan(0);
    await expect(codex.threadList()).resolves.toMatchObject({ data: [] });
  });
});

describe("the SDK's own listeners", () => {
  it("take an account/login/completed with params: null without throwing", async () => {
    const { codex, logger } = await startHostile(track);
    await codex.request("hostile/loginCompletedNull" as "model/list", {});
    await sleep(50);
    expect(logger.matching(/threw/)).toEqual([]);
    await expect(codex.models()).resolves.toMatchObject({ nextCursor: null });
  });
});
