import { describe, expect, it } from "vitest";
import type { Logger } from "../../../src/logger.js";
import { Connection } from "../../../src/rpc/connection.js";
import { failClosedAnswer, type ServerRequestHandlers } from "../../../src/rpc/server-requests.js";
import { Ajv } from "ajv";
import { serverRequestSchemas } from "../../../generated/method-index.js";
import { validationSchema } from "../../../generated/validation-schema.js";
import { createInMemoryPeer } from "../../helpers/in-memory-peer.js";

async function setup(serverRequests?: ServerRequestHandlers, options: { validate?: "strict" } = {}) {
  const errors: { message: string; details?: Record<string, unknown> }[] = [];
  const logger: Logger = { error: (message, details) => errors.push({ message, details }), warn: (message, details) => errors.push({ message, details }) };
  const peer = createInMemoryPeer();
  const connection = await Connection.open(peer.transport, { serverRequests, logger, ...options });
  return { peer, connection, errors };
}

const approvalParams = { threadId: "t", turnId: "u", itemId: "i", command: "echo hi", cwd: "/tmp" };

/** Every server request of the pinned runtime with params and the fail-closed answer it must get. */
const DEFAULTS: { method: string; params: unknown; answer: unknown }[] = [
  { method: "item/commandExecution/requestApproval", params: approvalParams, answer: { result: { decision: "decline" } } },
  { method: "item/fileChange/requestApproval", params: { threadId: "t", turnId: "u", itemId: "i" }, answer: { result: { decision: "decline" } } },
  {
    method: "execCommandApproval",
    params: {},
    answer: { result: { decision: { denied: { rejection: "Denied: no handler is registered for it." } } } },
  },
  {
    method: "applyPatchApproval",
    params: {},
    answer: { result: { decision: { denied: { rejection: "Denied: no handler is registered for it." } } } },
  },
  { method: "item/permissions/requestApproval", params: {}, answer: { result: { permissions: {}, scope: "turn" } } },
  { method: "item/tool/requestUserInput", params: {}, answer: { result: { answers: {} } } },
  { method: "mcpServer/elicitation/request", params: {}, answer: { result: { action: "decline" } } },
];

describe("fail-closed defaults", () => {
  it.each(DEFAULTS)("$method without a handler gets $answer", async ({ method, params, answer }) => {
    const { peer } = await setup();
    const reply = await peer.request(0, method, params);
    expect(reply).toEqual({ id: 0, ...(answer as object) });
  });

  it("item/tool/call fails the call with a text content item", async () => {
    const { peer } = await setup();
    const reply = await peer.request(3, "item/tool/call", { threadId: "t", turnId: "u", callId: "c", tool: "x", arguments: {} });
    expect(reply.result).toMatchObject({ success: false, contentItems: [{ type: "inputText" }] });
    expect((reply.result as { contentItems: { text: string }[] }).contentItems[0]!.text).toMatch(/no handler/);
  });

  it.each(["account/chatgptAuthTokens/refresh", "attestation/generate"])("%s gets a JSON-RPC error", async (method) => {
    const { peer } = await setup();
    const reply = await peer.request(1, method, {});
    expect(reply.result).toBeUndefined();
    expect(reply.error).toMatchObject({ code: expect.any(Number), message: expect.stringContaining(method) });
  });

  it("unknown methods get -32601", async () => {
    const { peer } = await setup();
    const reply = await peer.request(2, "brand/new", {});
    expect(reply.error?.code).toBe(-32601);
  });

  it("every default result matches the response schema of its method", async () => {
    const ajv = new Ajv({ allowUnionTypes: true, strictTypes: false, validateFormats: false });
    ajv.addSchema(validationSchema, "protocol");
    const methods = Object.keys(serverRequestSchemas).filter((m) => !["account/chatgptAuthTokens/refresh", "attestation/generate"].includes(m));
    expect(methods).toEqual(expect.arrayContaining([...DEFAULTS.map((d) => d.method), "item/tool/call"]));
    for (const method of methods) {
      const answer = failClosedAnswer(method, "no handler is registered for it");
      expect("result" in answer, method).toBe(true);
      const validate = ajv.getSchema(`protocol#/definitions/${serverRequestSchemas[method]!.result}`)!;
      expect(validate, method).toBeDefined();
      expect(validate((answer as { result: unknown }).result), `${method}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The check is not vacuous: a wrong shape fails.
    const approval = ajv.getSchema(`protocol#/definitions/${serverRequestSchemas["execCommandApproval"]!.result}`)!;
    expect(approval({ decision: "denied" })).toBe(false);
  });
});

describe("server request handlers", () => {
  it("gets params and { signal, requestId, method }, and its result is sent (id 0 included)", async () => {
    const seen: unknown[] = [];
    const { peer } = await setup({
      "item/commandExecution/requestApproval": (params, context) => {
        seen.push(params, context.requestId, context.method, context.signal.aborted);
        return { decision: "accept" };
      },
    });
    const reply = await peer.request(0, "item/commandExecution/requestApproval", approvalParams);
    expect(reply).toEqual({ id: 0, result: { decision: "accept" } });
    expect(seen).toEqual([approvalParams, 0, "item/commandExecution/requestApproval", false]);
  });

  it("async handlers are awaited", async () => {
    const { peer } = await setup({
      "item/tool/requestUserInput": async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { answers: { q: { answers: ["yes"] } } };
      },
    });
    const reply = await peer.request(4, "item/tool/requestUserInput", {});
    expect(reply.result).toEqual({ answers: { q: { answers: ["yes"] } } });
  });

  it.each([
    ["throws", () => { throw new Error("bug"); }],
    ["rejects", () => Promise.reject(new Error("bug"))],
  ])("a handler that %s gets the fail-closed default, and the logger hears about it", async (_label, handler) => {
    const { peer, errors } = await setup({ "item/commandExecution/requestApproval": handler as never });
    const reply = await peer.request(9, "item/commandExecution/requestApproval", approvalParams);
    expect(reply).toEqual({ id: 9, result: { decision: "decline" } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.details).toMatchObject({ requestId: 9, method: "item/commandExecution/requestApproval" });
  });

  it("a throwing item/tool/call handler fails the tool call", async () => {
    const { peer } = await setup({ "item/tool/call": () => { throw new Error("bug"); } });
    const reply = await peer.request(1, "item/tool/call", {});
    expect(reply.result).toMatchObject({ success: false });
  });

  it("serverRequest/resolved aborts the handler's signal and nothing is sent for it", async () => {
    let signal: AbortSignal | undefined;
    let finish: (value: { decision: "accept" }) => void = () => {};
    const { peer } = await setup({
      "item/commandExecution/requestApproval": (_params, context) => {
        signal = context.signal;
        return new Promise((resolve) => (finish = resolve));
      },
    });
    void peer.request(0, "item/commandExecution/requestApproval", approvalParams);
    peer.notify("serverRequest/resolved", { threadId: "t", requestId: 1 });
    expect(signal?.aborted).toBe(false);
    peer.notify("serverRequest/resolved", { threadId: "t", requestId: 0 });
    expect(signal?.aborted).toBe(true);
    finish({ decision: "accept" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(peer.sent).toHaveLength(0);
  });

  it("several requests are handled concurrently", async () => {
    const resolvers: ((v: { decision: "accept" | "decline" }) => void)[] = [];
    const { peer } = await setup({
      "item/fileChange/requestApproval": () => new Promise((resolve) => resolvers.push(resolve)),
    });
    const a = peer.request(0, "item/fileChange/requestApproval", {});
    const b = peer.request(1, "item/fileChange/requestApproval", {});
    expect(resolvers).toHaveLength(2);
    resolvers[1]!({ decision: "decline" });
    resolvers[0]!({ decision: "accept" });
    expect((await a).result).toEqual({ decision: "accept" });
    expect((await b).result).toEqual({ decision: "decline" });
  });

  it.each([
    ["a BigInt", () => ({ decision: "accept", extra: 1n })],
    ["a cycle", () => { const result: Record<string, unknown> = { decision: "accept" }; result.self = result; return result; }],
    ["a lone surrogate", () => ({ decision: "accept", note: "\ud83d" })],
  ])("a handler result with %s that JSON cannot carry gets the fail-closed answer, logged", async (_label, handler) => {
    const { peer, errors } = await setup({ "item/commandExecution/requestApproval": handler as never });
    const reply = await peer.request(5, "item/commandExecution/requestApproval", approvalParams);
    expect(reply).toEqual({ id: 5, result: { decision: "decline" } });
    expect(errors.map((e) => e.message).join("\n")).toMatch(/result is invalid.*fail-closed/);
  });

  it('validate: "strict" checks handler results against the schema and sends the fail-closed answer for an invalid one', async () => {
    const { peer, errors } = await setup(
      {
        "item/commandExecution/requestApproval": () => ({ decision: "sure, go ahead" }) as never,
        "item/fileChange/requestApproval": () => ({ decision: "accept" }),
      },
      { validate: "strict" },
    );
    const invalid = await peer.request(6, "item/commandExecution/requestApproval", approvalParams);
    expect(invalid).toEqual({ id: 6, result: { decision: "decline" } });
    expect(errors.map((e) => e.message).join("\n")).toMatch(/requestApproval handler's result is invalid \(does not match/);
    const valid = await peer.request(7, "item/fileChange/requestApproval", { threadId: "t", turnId: "u", itemId: "i" });
    expect(valid).toEqual({ id: 7, result: { decision: "accept" } });
  });
});
