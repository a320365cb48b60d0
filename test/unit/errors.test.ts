import { buildSync } from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as errors from "../../src/errors.js";
import {
  CodexError,
  CodexStartError,
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  MethodNotFoundError,
  ParseError,
  ProcessExitError,
  RequestTimeoutError,
  RetryLimitExceededError,
  ServerBusyError,
  TransportClosedError,
  jsonRpcErrorFromWire,
} from "../../src/errors.js";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Builds src/errors.ts as a separate CommonJS copy, as a dual-package install would load it. */
function loadCjsCopy(): typeof errors {
  const dir = mkdtempSync(path.join(tmpdir(), "codex-sdk-errors-"));
  try {
    const out = buildSync({ entryPoints: [path.join(here, "../../src/errors.ts")], bundle: true, format: "cjs", platform: "node", write: false });
    const file = path.join(dir, "errors.cjs");
    writeFileSync(file, out.outputFiles[0]!.text);
    return createRequire(import.meta.url)(file) as typeof errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("error classes", () => {
  it("form the documented hierarchy", () => {
    const exit = new ProcessExitError(undefined, { exitCode: 1, signal: null, stderrTail: "" });
    expect(exit).toBeInstanceOf(ProcessExitError);
    expect(exit).toBeInstanceOf(TransportClosedError);
    expect(exit).toBeInstanceOf(CodexError);
    expect(exit).toBeInstanceOf(Error);
    expect(exit).not.toBeInstanceOf(RequestTimeoutError);
    expect(new TransportClosedError()).not.toBeInstanceOf(ProcessExitError);
    const busy = jsonRpcErrorFromWire({ code: -32001, message: "Server overloaded; retry later." });
    expect(busy).toBeInstanceOf(ServerBusyError);
    expect(busy).toBeInstanceOf(JsonRpcError);
    expect(busy).toBeInstanceOf(CodexError);
    expect(busy).not.toBeInstanceOf(InvalidRequestError);
    expect({}).not.toBeInstanceOf(CodexError);
    expect(new Error("x")).not.toBeInstanceOf(CodexError);
    const nothing: unknown = null;
    expect(nothing instanceof CodexError).toBe(false);
  });

  it("have their own names and keep their fields", () => {
    const start = new CodexStartError("no runtime", { kind: "runtime-not-found" });
    expect(start.name).toBe("CodexStartError");
    expect(start.kind).toBe("runtime-not-found");
    const timeout = new RequestTimeoutError(undefined, { method: "thread/list", timeoutMs: 5 });
    expect(timeout.name).toBe("RequestTimeoutError");
    expect(timeout.message).toMatch(/thread\/list.*5 ms.*timeoutMs/);
    const cause = new Error("last");
    const limit = new RetryLimitExceededError(undefined, { attempts: 3, cause });
    expect(limit.cause).toBe(cause);
    expect(limit.attempts).toBe(3);
    const exit = new ProcessExitError(undefined, { exitCode: null, signal: "SIGKILL", stderrTail: "oops\n" });
    expect(exit.message).toContain("SIGKILL");
    expect(exit.message).toContain("oops");
  });

  it("instanceof works across a separately loaded CommonJS copy, both ways", () => {
    const copy = loadCjsCopy();
    expect(copy.ServerBusyError).not.toBe(ServerBusyError);
    const foreign = copy.jsonRpcErrorFromWire({ code: -32001, message: "busy" });
    expect(foreign).toBeInstanceOf(ServerBusyError);
    expect(foreign).toBeInstanceOf(JsonRpcError);
    expect(foreign).toBeInstanceOf(CodexError);
    expect(foreign).not.toBeInstanceOf(InvalidRequestError);
    const local = new ProcessExitError(undefined, { exitCode: 0, signal: null, stderrTail: "" });
    expect(local).toBeInstanceOf(copy.TransportClosedError);
    expect(local).not.toBeInstanceOf(copy.CodexStartError);
  });
});

describe("jsonRpcErrorFromWire", () => {
  it.each([
    [-32700, ParseError],
    [-32600, InvalidRequestError],
    [-32601, MethodNotFoundError],
    [-32602, InvalidParamsError],
    [-32603, InternalRpcError],
    [-32001, ServerBusyError],
  ])("maps %i", (code, Class) => {
    const error = jsonRpcErrorFromWire({ code, message: "m", data: { d: 1 } }, "thread/start");
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ code, data: { d: 1 }, method: "thread/start", serverMessage: "m" });
  });

  it("maps other codes to JsonRpcError itself", () => {
    const error = jsonRpcErrorFromWire({ code: -32099, message: "odd" });
    expect(error.constructor).toBe(JsonRpcError);
    expect(error.data).toBeUndefined();
  });

  it("ServerBusyError with or without data, and its message points to retryOnOverload()", () => {
    const bare = jsonRpcErrorFromWire({ code: -32001, message: "Server overloaded; retry later." });
    const withData = jsonRpcErrorFromWire({ code: -32001, message: "at capacity", data: { reason: "x" } });
    expect(bare).toBeInstanceOf(ServerBusyError);
    expect(withData).toBeInstanceOf(ServerBusyError);
    expect(bare.message).toContain("retryOnOverload()");
  });

  it("-32600 says that unknown methods and bad params both come back that way, and shortens huge messages", () => {
    const list = Array.from({ length: 400 }, (_, i) => `\`m${i}\``).join(", ");
    const serverMessage = `Invalid request: unknown variant \`no/such\`, expected one of ${list}`;
    const error = jsonRpcErrorFromWire({ code: -32600, message: serverMessage }, "no/such");
    expect(error.message).toMatch(/unknown methods and malformed params/);
    expect(error.message.length).toBeLessThan(800);
    expect(error.serverMessage).toBe(serverMessage);
  });

  it("gives schema advice only for malformed requests, and state advice for refusals", () => {
    const malformed = jsonRpcErrorFromWire({ code: -32600, message: "Invalid request: missing field `threadId`" }, "turn/start");
    expect(malformed.message).toMatch(/unknown methods and malformed params/);
    const refused = jsonRpcErrorFromWire({ code: -32600, message: "thread not found: 01a2" }, "thread/compact/start");
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused.message).toContain("thread not found: 01a2");
    expect(refused.message).not.toMatch(/unknown methods/);
    expect(refused.message).toMatch(/threadResume\(id\)/);
  });

  it("fits its advice to the refusal: a bad thread id, an unsupported request, a login", () => {
    const badId = jsonRpcErrorFromWire({ code: -32600, message: "invalid thread id: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1" }, "thread/read");
    expect(badId.message).toMatch(/Pass the `id` of a Thread/);
    expect(badId.message).not.toMatch(/resume the thread or log in/);
    const ephemeral = jsonRpcErrorFromWire({ code: -32600, message: "ephemeral threads do not support includeTurns" }, "thread/read");
    expect(ephemeral.message).toMatch(/does not support this request/);
    expect(ephemeral.message).not.toMatch(/log in/);
    const unknownState = jsonRpcErrorFromWire({ code: -32600, message: "something else went wrong" }, "thread/read");
    expect(unknownState.message).toMatch(/change the request/);
  });

  it("-32602 is InvalidParamsError with advice to fix the params, never a doubled period", () => {
    const error = jsonRpcErrorFromWire({ code: -32602, message: "Invalid params: excludedThreadIds[0] is not a thread id." }, "thread/list");
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.message).toMatch(/fix them/);
    expect(error.message).not.toMatch(/\.\./);
  });
});
