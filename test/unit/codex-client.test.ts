import { describe, expect, it } from "vitest";
import { Codex, CodexStartError, LoginFailedError, ProcessExitError, TransportClosedError } from "../../src/index.js";
import { compareVersions, parseRuntimeVersion } from "../../src/client/runtime-version.js";
import { MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION, SDK_VERSION } from "../../src/version.js";
import { createInMemoryPeer, type InMemoryPeer } from "../helpers/in-memory-peer.js";
import { NEWER_THAN_PINNED, OLDER_THAN_OLDEST, OLDEST, PINNED, userAgentOf } from "../helpers/runtime-versions.js";
import { OLDEST_RUNTIME_ALIAS } from "../../codegen/runtime-schema.mjs";
import { readFileSync } from "node:fs";

// The Codex client against an in-memory peer playing the app-server.

const USER_AGENT = userAgentOf(PINNED);

/** Answers the handshake the way the real server does and returns the initialize params. */
async function handshake(peer: InMemoryPeer, userAgent = USER_AGENT) {
  const init = await peer.nextRequest("initialize");
  peer.respond(init.id, { userAgent, codexHome: "/home/codex", platformFamily: "unix", platformOs: "linux" });
  const initialized = await peer.next();
  expect(initialized).toEqual({ method: "initialized" });
  return init.params as Record<string, unknown>;
}

function startOnPeer(options: ConstructorParameters<typeof Codex>[0] = {}) {
  const peer = createInMemoryPeer();
  const codex = new Codex({ ...options, transport: peer.transport });
  return { peer, codex };
}

describe("Codex start", () => {
  it("sends clientInfo and capabilities, then initialized, and exposes the metadata", async () => {
    const { peer, codex } = startOnPeer({ optOutNotificationMethods: ["item/agentMessage/delta"] });
    const ready = codex.ready();
    const params = await handshake(peer);
    await ready;
    expect(params).toEqual({
      clientInfo: { name: "codex_app_server_sdk_ts", title: "Codex App Server SDK (TypeScript)", version: SDK_VERSION },
      capabilities: { experimentalApi: true, optOutNotificationMethods: ["item/agentMessage/delta"] },
    });
    expect(codex.metadata.codexHome).toBe("/home/codex");
    expect(codex.runtimeVersion).toBe(PINNED);
    expect(codex.metadata).toMatchObject({ userAgent: USER_AGENT, runtimeVersion: PINNED, pinnedRuntimeVersion: PINNED });
    await codex.close();
  });

  it("is lazy: nothing is sent until the first awaited call, and concurrent first calls share one start", async () => {
    const { peer, codex } = startOnPeer();
    expect(peer.sent).toEqual([]);
    expect(() => codex.metadata).toThrow(/ready\(\)/);
    const calls = Promise.all([codex.models(), codex.ready(), codex.threadList()]);
    await handshake(peer);
    const models = await peer.nextRequest("model/list");
    peer.respond(models.id, { data: [], nextCursor: null });
    const list = await peer.nextRequest("thread/list");
    peer.respond(list.id, { data: [], nextCursor: null });
    await calls;
    expect(peer.sent.filter((m) => m.method === "initialize")).toHaveLength(1);
    await codex.close();
  });

  it("rejects a runtime older than the oldest supported with incompatible-runtime and closes the transport", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await handshake(peer, `codex/${OLDER_THAN_OLDEST} (Linux)`).catch(() => undefined);
    const error = await ready.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodexStartError);
    expect(error).toMatchObject({ kind: "incompatible-runtime" });
    expect((error as Error).message).toContain(`version ${OLDER_THAN_OLDEST}, older than ${OLDEST}, the oldest this SDK supports`);
    expect(peer.transport.closeCalls).toBeGreaterThan(0);
  });

  it("rejects a user agent without a version with incompatible-runtime", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await handshake(peer, "codex (Linux)").catch(() => undefined);
    await expect(ready).rejects.toMatchObject({ kind: "incompatible-runtime", message: expect.stringContaining("carries no version") });
  });

  it("accepts the oldest supported runtime without a warning", async () => {
    const warnings: string[] = [];
    const { peer, codex } = startOnPeer({ logger: { warn: (message) => warnings.push(message) } });
    const ready = codex.ready();
    await handshake(peer, userAgentOf(OLDEST));
    await ready;
    expect(codex.metadata).toMatchObject({ runtimeVersion: OLDEST, pinnedRuntimeVersion: PINNED });
    expect(warnings).toEqual([]);
    await codex.close();
  });

  it("accepts a runtime newer than the pin with one warning naming both versions", async () => {
    const warnings: { message: string; details: unknown }[] = [];
    const { peer, codex } = startOnPeer({ logger: { warn: (message, details) => warnings.push({ message, details }) } });
    const ready = codex.ready();
    await handshake(peer, userAgentOf(NEWER_THAN_PINNED));
    await ready;
    const list = codex.threadList();
    const request = await peer.nextRequest("thread/list");
    peer.respond(request.id, { data: [], nextCursor: null });
    await list;
    expect(codex.runtimeVersion).toBe(NEWER_THAN_PINNED);
    expect(codex.metadata).toMatchObject({ runtimeVersion: NEWER_THAN_PINNED, pinnedRuntimeVersion: PINNED });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(`version ${NEWER_THAN_PINNED}, newer than ${PINNED}`);
    expect(warnings[0]!.details).toEqual({ runtimeVersion: NEWER_THAN_PINNED, pinnedRuntimeVersion: PINNED });
    await codex.close();
  });

  it("reports a server that dies before answering initialize as exited-before-initialize", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await peer.nextRequest("initialize");
    peer.die(new ProcessExitError(undefined, { exitCode: 1, signal: null, stderrTail: "Error: bad config key" }));
    const error = await ready.catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "exited-before-initialize", exitCode: 1, stderrTail: "Error: bad config key" });
    expect((error as Error).message).toContain("bad config key");
  });

  it("fails requireAuth without an account", async () => {
    const { peer, codex } = startOnPeer({ requireAuth: true });
    const ready = codex.ready();
    await handshake(peer);
    const read = await peer.nextRequest("account/read");
    peer.respond(read.id, { account: null, requiresOpenaiAuth: true });
    await expect(ready).rejects.toMatchObject({ kind: "auth-required" });
  });

  it("delivers notifications that arrive while requireAuth is checked to listeners registered before the start", async () => {
    const { peer, codex } = startOnPeer({ requireAuth: true });
    const seen: string[] = [];
    codex.onNotification("configWarning", (n) => seen.push(n.params.summary));
    const ready = codex.ready();
    await handshake(peer);
    const read = await peer.nextRequest("account/read");
    peer.notify("configWarning", { summary: "during start", details: null });
    peer.respond(read.id, { account: { type: "apiKey" }, requiresOpenaiAuth: true });
    await ready;
    expect(seen).toEqual(["during start"]);
    await codex.close();
  });

  it("passes requireAuth with an account", async () => {
    const { peer, codex } = startOnPeer({ requireAuth: true });
    const ready = codex.ready();
    await handshake(peer);
    const read = await peer.nextRequest("account/read");
    peer.respond(read.id, { account: { type: "apiKey" }, requiresOpenaiAuth: true });
    await ready;
    await codex.close();
  });
});

describe("Codex options", () => {
  it.each([
    [{ requestTimeoutMs: -1 }, /requestTimeoutMs/],
    [{ maxInFlight: 1.5 }, /maxInFlight/],
    [{ validate: "loud" }, /validate/],
    [{ codexBin: "" }, /codexBin/],
    [{ args: "--strict-config" }, /args/],
    [{ transport: { kind: "carrier-pigeon" } }, /transport/],
    [{ serverRequests: { "item/tool/requestUserInput": "yes" } }, /serverRequests/],
    [{ clientInfo: { name: "x" } }, /clientInfo/],
    [{ optOutNotificationMethods: "item/agentMessage/delta" }, /optOutNotificationMethods/],
    [{ optOutNotificationMethods: [42] }, /optOutNotificationMethods/],
    [{ config: { model: null } }, /config model/],
    [{ config: { model_providers: { mock: { base_url: () => "x" } } } }, /model_providers\.mock\.base_url/],
    [{ experimentalApi: "yes" }, /experimentalApi/],
    [{ requireAuth: 1 }, /requireAuth/],
    [{ replaceEnv: "true" }, /replaceEnv/],
    [{ env: { CODEX_HOME: 42 } }, /env\.CODEX_HOME/],
    [{ logger: "console" }, /logger/],
    [{ logLevel: "verbose" }, /logLevel/],
    [{ logLevel: true }, /logLevel/],
    [{ trace: "yes" }, /trace/],
    [{ requestTimeout: 5 }, /unknown option "requestTimeout"\. Known options: .*requestTimeoutMs/],
    [{ idleTimeoutMs: 5 }, /unknown option "idleTimeoutMs"/],
  ])("rejects %j in the constructor with a TypeError", (options, message) => {
    expect(() => new Codex(options as never)).toThrow(TypeError);
    expect(() => new Codex(options as never)).toThrow(message);
  });

  it("rejects bad thread ids and API keys before anything is sent", async () => {
    const { peer, codex } = startOnPeer();
    await expect(codex.threadArchive("" as string)).rejects.toThrow(TypeError);
    await expect(codex.threadUnarchive(42 as unknown as string)).rejects.toThrow(/thread id/);
    await expect(codex.loginApiKey("  ")).rejects.toThrow(/API key/);
    expect(peer.sent).toEqual([]);
  });

  it("checks the options of models() and account() before anything is sent", async () => {
    const { peer, codex } = startOnPeer();
    await expect(codex.models({ limit: "ten" } as never)).rejects.toThrow(/models\(\) option "limit" must be a non-negative integer or null, got string "ten"/);
    await expect(codex.models({ pageSize: 10 } as never)).rejects.toThrow(/unknown option "pageSize"/);
    await expect(codex.account({ refreshToken: "yes" } as never)).rejects.toThrow(/account\(\) option "refreshToken" must be a boolean/);
    await expect(codex.account("now" as never)).rejects.toThrow(TypeError);
    expect(peer.sent).toEqual([]);
  });

  it("request() honours its signal while a lazy client is still starting", async () => {
    const { peer, codex } = startOnPeer();
    const controller = new AbortController();
    const call = codex.request("thread/list", {}, { signal: controller.signal });
    await peer.nextRequest("initialize");
    controller.abort(new Error("no longer needed"));
    await expect(call).rejects.toThrow("no longer needed");
    await codex.close();
  });

  it("reading metadata before the start is a TypeError that says how to start", () => {
    const codex = new Codex({ transport: createInMemoryPeer().transport });
    expect(() => codex.metadata).toThrow(TypeError);
    expect(() => codex.runtimeVersion).toThrow(/await codex\.ready\(\)/);
  });
});

describe("Codex notifications and close", () => {
  it("logs the server's warnings at warn, apart from validation problems", async () => {
    const warnings: { message: string; details?: Record<string, unknown> }[] = [];
    const { peer, codex } = startOnPeer({ logger: { warn: (message, details) => warnings.push({ message, details }) } });
    const ready = codex.ready();
    await handshake(peer);
    await ready;
    peer.notify("warning", { threadId: "thr_1", message: "Model metadata for `x` not found." });
    peer.notify("configWarning", { summary: "bubblewrap is missing", details: null });
    expect(warnings).toEqual([
      { message: "The app-server warns: Model metadata for `x` not found.", details: { threadId: "thr_1" } },
      { message: "The app-server warns about its configuration: bubblewrap is missing", details: { details: null } },
    ]);
    await codex.close();
  });

  it("delivers to listeners registered before the start, until disposed", async () => {
    const { peer, codex } = startOnPeer();
    const seen: string[] = [];
    const all: string[] = [];
    const sub = codex.onNotification("configWarning", (n) => seen.push(n.params.summary));
    codex.onNotification("*", (n) => all.push(n.method));
    const ready = codex.ready();
    await handshake(peer);
    await ready;
    peer.notify("configWarning", { summary: "one", details: null });
    peer.notify("some/futureMethod", { x: 1 });
    sub.dispose();
    peer.notify("configWarning", { summary: "two", details: null });
    expect(seen).toEqual(["one"]);
    expect(all).toEqual(["configWarning", "some/futureMethod", "configWarning"]);
    await codex.close();
  });

  it("close() is idempotent, closes the transport once and makes later calls fail", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await handshake(peer);
    await ready;
    await Promise.all([codex.close(), codex.close(), codex[Symbol.asyncDispose]()]);
    expect(peer.transport.closeCalls).toBe(1);
    await expect(codex.models()).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("close() during a lazy start ends it at once, even when initialize is never answered", async () => {
    const { peer, codex } = startOnPeer({ requestTimeoutMs: Infinity });
    const ready = codex.ready();
    await peer.nextRequest("initialize");
    const outcome = ready.catch((e: unknown) => e);
    await codex.close();
    const error = await outcome;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/closed while it was starting/);
    expect(peer.transport.closeCalls).toBeGreaterThanOrEqual(1);
    expect(peer.transport.closeError).toBeDefined();
    await expect(codex.models()).rejects.toBeInstanceOf(TransportClosedError);
  });

  it("close() right after the start began abandons it before anything is sent", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready().catch((e: unknown) => e);
    await codex.close();
    expect(await ready).toBeInstanceOf(TransportClosedError);
    expect(peer.sent).toEqual([]);
    expect(peer.transport.closeCalls).toBe(1);
  });

  it("close() before any start spawns nothing", async () => {
    const { peer, codex } = startOnPeer();
    await codex.close();
    expect(peer.sent).toEqual([]);
    await expect(codex.ready()).rejects.toBeInstanceOf(TransportClosedError);
  });
});

describe("login handles", () => {
  async function started() {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await handshake(peer);
    await ready;
    return { peer, codex };
  }

  it("wait() resolves on the completion even when it arrived before the login/start response", async () => {
    const { peer, codex } = await started();
    const login = codex.loginChatgpt();
    const request = await peer.nextRequest("account/login/start");
    expect(request.params).toEqual({ type: "chatgpt" });
    peer.notify("account/login/completed", { loginId: "L1", success: true, error: null });
    peer.respond(request.id, { type: "chatgpt", loginId: "L1", authUrl: "https://auth.example/L1" });
    const handle = await login;
    expect(handle.authUrl).toBe("https://auth.example/L1");
    await expect(handle.wait()).resolves.toMatchObject({ loginId: "L1", success: true });
    await codex.close();
  });

  it("wait() rejects with LoginFailedError for a failed login, and cancel() calls account/login/cancel", async () => {
    const { peer, codex } = await started();
    const login = codex.loginChatgptDeviceCode();
    const request = await peer.nextRequest("account/login/start");
    peer.respond(request.id, { type: "chatgptDeviceCode", loginId: "D1", verificationUrl: "https://v.example", userCode: "ABCD" });
    const handle = await login;
    expect([handle.verificationUrl, handle.userCode]).toEqual(["https://v.example", "ABCD"]);
    const waiting = handle.wait();
    const cancel = handle.cancel();
    const cancelRequest = await peer.nextRequest("account/login/cancel");
    expect(cancelRequest.params).toEqual({ loginId: "D1" });
    peer.respond(cancelRequest.id, { status: "canceled" });
    await expect(cancel).resolves.toEqual({ status: "canceled" });
    peer.notify("account/login/completed", { loginId: "D1", success: false, error: "Login was cancelled" });
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect((error as Error).message).toContain("Login was cancelled");
    await codex.close();
  });

  it("wait() rejects when the server dies, and honours its signal", async () => {
    const { peer, codex } = await started();
    const login = codex.loginChatgpt();
    const request = await peer.nextRequest("account/login/start");
    peer.respond(request.id, { type: "chatgpt", loginId: "L2", authUrl: "https://auth.example/L2" });
    const handle = await login;
    const controller = new AbortController();
    const aborted = handle.wait({ signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(aborted).rejects.toThrow("user gave up");
    const waiting = handle.wait();
    peer.die();
    await expect(waiting).rejects.toBeInstanceOf(ProcessExitError);
    await codex.close();
  });
});

describe("login handles and close", () => {
  it("close() rejects a pending wait() instead of leaving it pending", async () => {
    const { peer, codex } = startOnPeer();
    const ready = codex.ready();
    await handshake(peer);
    await ready;
    const login = codex.loginChatgpt();
    const request = await peer.nextRequest("account/login/start");
    peer.respond(request.id, { type: "chatgpt", loginId: "L3", authUrl: "https://auth.example/L3" });
    const handle = await login;
    const waiting = handle.wait().catch((e: unknown) => e);
    await codex.close();
    expect(await waiting).toBeInstanceOf(TransportClosedError);
    await expect(handle.wait()).rejects.toBeInstanceOf(TransportClosedError);
  });
});

describe("runtime version", () => {
  it("parses the user agent and compares versions", () => {
    expect(parseRuntimeVersion(USER_AGENT)).toBe(PINNED);
    expect(parseRuntimeVersion("codex/0.170.0-alpha.2 (x)")).toBe("0.170.0-alpha.2");
    expect(parseRuntimeVersion("no version here")).toBeUndefined();
    expect(compareVersions("0.169.0", "0.169.0")).toBe(0);
    expect(compareVersions("0.168.9", "0.169.0")).toBeLessThan(0);
    expect(compareVersions("0.170.0-alpha.1", "0.169.0")).toBeGreaterThan(0);
    expect(compareVersions("0.169.0-alpha.1", "0.169.0")).toBeLessThan(0);
    expect(compareVersions("1.0.0", "0.999.999")).toBeGreaterThan(0);
  });

  it("keeps the SDK version, the pinned and oldest runtimes, package.json and the lockfile in step", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8"));
    const schema = JSON.parse(readFileSync(new URL("../../schema/runtime-version.json", import.meta.url), "utf8"));
    expect(SDK_VERSION).toBe(pkg.version);
    expect(PINNED_RUNTIME_VERSION).toBe(schema.version);
    expect(MIN_RUNTIME_VERSION).toBe(schema.oldestSupported);
    expect(compareVersions(MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION)).toBeLessThanOrEqual(0);
    expect(pkg.dependencies["@openai/codex"]).toBe(PINNED_RUNTIME_VERSION);
    expect(pkg.devDependencies[OLDEST_RUNTIME_ALIAS]).toBe(`npm:@openai/codex@${MIN_RUNTIME_VERSION}`);
    expect(lock.packages["node_modules/@openai/codex"].version).toBe(PINNED_RUNTIME_VERSION);
    expect(lock.packages[`node_modules/${OLDEST_RUNTIME_ALIAS}`]).toMatchObject({ name: "@openai/codex", version: MIN_RUNTIME_VERSION });
  });
});
