import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validationFormats } from "../../generated/validation-schema.js";
import { createMessageValidator, numberFormatCheck } from "../../src/rpc/validator.js";
import { methodsOf } from "../helpers/schema-facts.js";

/** One server -> client message captured from the real runtime (see test/fixtures/transcripts/extract.mjs). */
interface Fixture {
  kind: "response" | "notification" | "serverRequest";
  method: string;
  message: { id?: unknown; method?: string; params?: unknown; result?: unknown; error?: unknown };
}

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/transcripts");
const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort();
const fixtures = files.flatMap((file) =>
  readFileSync(path.join(dir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => ({ where: `${file}:${index + 1}`, ...(JSON.parse(line) as Fixture) })),
);

/** Expected message counts, so a fixture change cannot make the suite pass vacuously. */
const EXPECTED = { total: 323, response: 49, error: 10, notification: 271, serverRequest: 3 };

function jsonRpcErrorProblem(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return "error is not an object";
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (!Number.isInteger(code)) return "error.code is not an integer";
  if (typeof message !== "string") return "error.message is not a string";
  return null;
}

describe("recorded app-server traffic validates against the generated schema", () => {
  const validator = createMessageValidator();

  it("has the expected fixtures", () => {
    const count = (kind: Fixture["kind"]) => fixtures.filter((f) => f.kind === kind).length;
    const errors = fixtures.filter((f) => f.kind === "response" && f.message.error !== undefined).length;
    expect({
      total: fixtures.length,
      response: count("response"),
      error: errors,
      notification: count("notification"),
      serverRequest: count("serverRequest"),
    }).toEqual(EXPECTED);
  });

  it("every message matches the schema its method maps to", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const fixture of fixtures) {
      const { kind, method, message } = fixture;
      let problem: string | null;
      if (kind === "notification") problem = validator.checkNotification(method, message.params);
      else if (kind === "serverRequest") problem = validator.checkServerRequest(method, message.params);
      else if (message.error !== undefined) problem = jsonRpcErrorProblem(message.error);
      else problem = validator.checkResponse(method, message.result);
      checked += 1;
      if (problem !== null) problems.push(`${fixture.where} ${kind} ${method}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(EXPECTED.total);
  });

  it("every recorded method is known to the generated method index", async () => {
    const { clientRequestSchemas, serverNotificationSchemas, serverRequestSchemas } = await import("../../generated/method-index.js");
    const unknown = fixtures.filter((f) => {
      if (f.kind === "notification") return !Object.hasOwn(serverNotificationSchemas, f.method);
      if (f.kind === "serverRequest") return !Object.hasOwn(serverRequestSchemas, f.method);
      return f.message.error === undefined && !Object.hasOwn(clientRequestSchemas, f.method);
    });
    expect(unknown.map((f) => `${f.where} ${f.method}`)).toEqual([]);
  });

  it("reports a wrong payload with a short description", () => {
    const turnStarted = fixtures.find((f) => f.kind === "notification" && f.method === "turn/started");
    expect(turnStarted).toBeDefined();
    const params = structuredClone(turnStarted!.message.params) as { turn: { status: unknown } };
    params.turn.status = "sleeping";
    const problem = validator.checkNotification("turn/started", params);
    expect(problem).toMatch(/TurnStartedNotification/);
    expect(problem).toMatch(/\/turn\/status/);
    expect(validator.checkNotification("turn/started", {})).toMatch(/must have required property/);
  });

  it("passes unknown methods and checks outgoing params", () => {
    expect(validator.checkNotification("no/such", { anything: 1 })).toBeNull();
    expect(validator.checkServerRequest("no/such", null)).toBeNull();
    expect(validator.checkResponse("no/such", 42)).toBeNull();
    expect(validator.checkClientParams("no/such", 42)).toBeNull();
    expect(validator.checkClientParams("thread/start", {})).toBeNull();
    expect(validator.checkClientParams("turn/start", { input: [] })).toMatch(/threadId/);
    expect(validator.checkClientParams("account/logout", {})).toBeNull();
    expect(validator.checkClientParams("account/logout", { x: 1 })).toMatch(/takes no params/);
    expect(validator.checkClientParams("account/rateLimits/read", undefined)).toBeNull();
    expect(validator.checkClientParams("thread/list", { limit: -1 })).toMatch(/limit/);
  });

  it("compiles the schema of every method in strict mode", async () => {
    const { clientRequestSchemas, serverNotificationSchemas, serverRequestSchemas } = await import("../../generated/method-index.js");
    const fresh = createMessageValidator();
    const missing: string[] = [];
    const probe = (what: string, problem: string | null) => {
      if (problem?.startsWith("the schema has no definition")) missing.push(`${what}: ${problem}`);
    };
    for (const method of Object.keys(clientRequestSchemas)) {
      probe(method, fresh.checkResponse(method, 0));
      probe(method, fresh.checkClientParams(method, 0));
    }
    for (const method of Object.keys(serverRequestSchemas)) probe(method, fresh.checkServerRequest(method, 0));
    for (const method of Object.keys(serverNotificationSchemas)) probe(method, fresh.checkNotification(method, 0));
    expect(missing).toEqual([]);
    expect(Object.keys(clientRequestSchemas)).toEqual(methodsOf("experimental", "ClientRequest").map((m) => m.method));
    expect(Object.keys(serverRequestSchemas)).toEqual(methodsOf("experimental", "ServerRequest").map((m) => m.method));
    expect(Object.keys(serverNotificationSchemas)).toEqual(methodsOf("experimental", "ServerNotification").map((m) => m.method));
  });

  it("checks a moderated agent message, whose display carries a uint8", () => {
    const completed = fixtures.find(
      (f) => f.kind === "notification" && f.method === "item/completed" && (f.message.params as { item: { type: string } }).item.type === "agentMessage",
    );
    expect(completed).toBeDefined();
    const withDisplay = (display: unknown) => {
      const params = structuredClone(completed!.message.params) as { item: Record<string, unknown> };
      params.item.moderation = { moderated: true, display };
      return params;
    };
    expect(validator.checkNotification("item/completed", withDisplay({ mode: "show", version: 1, trustedContacts: "check" }))).toBeNull();
    expect(validator.checkNotification("item/completed", withDisplay({ mode: "show", version: 2, trustedContacts: "check" }))).toMatch(/version/);
    expect(validator.checkNotification("item/completed", withDisplay({ mode: "show", version: 1 }))).toMatch(/trustedContacts/);
  });
});

describe("number formats of the validator", () => {
  const integerFormats = ["int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "uint"];

  it("registers every integer format the schema can use", () => {
    for (const name of integerFormats) {
      const check = numberFormatCheck(validationFormats[name]!);
      expect(check(0), name).toBe(true);
      expect(check(1.5), name).toBe(false);
      expect(check(-1), name).toBe(!name.startsWith("uint"));
    }
  });

  it("enforces the range of each bounded width", () => {
    const bounds: [string, number, number][] = [
      ["int8", -128, 127],
      ["int16", -32768, 32767],
      ["int32", -(2 ** 31), 2 ** 31 - 1],
      ["uint8", 0, 255],
      ["uint16", 0, 65535],
      ["uint32", 0, 2 ** 32 - 1],
    ];
    for (const [name, min, max] of bounds) {
      const check = numberFormatCheck(validationFormats[name]!);
      expect([check(min), check(max), check(min - 1), check(max + 1)], name).toEqual([true, true, false, false]);
    }
    expect(numberFormatCheck(validationFormats["double"]!)(0.25)).toBe(true);
    expect(numberFormatCheck(validationFormats["double"]!)(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
