import { getEventListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  InternalRpcError,
  InvalidRequestError,
  JsonRpcError,
  ProcessExitError,
  RequestTimeoutError,
  ServerBusyError,
  TransportClosedError,
} from "../../../src/errors.js";
import type { Logger } from "../../../src/logger.js";
import { Connection, type ConnectionOptions } from "../../../src/rpc/connection.js";
import type { ServerNotification } from "../../../generated/methods.js";
import type { Transport, TransportSink } from "../../../src/transport/transport.js";
import { createInMemoryPeer, type InMemoryPeer } from "../../helpers/in-memory-peer.js";

function recordingLogger() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: (message, details) => lines.push({ level: "debug", message, details }),
    info: (message, details) => lines.push({ level: "info", message, details }),
    warn: (message, details) => lines.push({ level: "warn", message, details }),
    error: (message, details) => lines.push({ level: "error", message, details }),
  };
  return { logger, lines, at: (level: string) => lines.filter((l) => l.level === level) };
}

async function setup(options: ConnectionOptions = {}): Promise<{ peer: InMemoryPeer; connection: Connection }> {
  const peer = createInMemoryPeer();
  const connection = await Connection.open(peer.transport, options);
  return { peer, connection };
}

/** A transport whose first write never drains: a server that stopped reading its input. */
class StalledTransport implements Transport {
  sent = 0;
  #sink: TransportSink | undefined;

  attach(sink: TransportSink): void {
    this.#sink = sink;
  }

  send(): Promise<void> {
    this.sent++;
    return new Promise(() => {});
  }

  async close(): Promise<void> {
    this.#sink?.close(new TransportClosedError("closed by the test"));
  }
}

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** Lets queued promise callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

afterEach(() => {
  vi.useRealTimers();
});

describe("Connection requests", () => {
  it("sends params by name, {} when omitted, without a jsonrpc member, and resolves with the result", async () => {
    const { peer, connection } = await setup();
    const logout = connection.request("account/logout");
    const list = connection.request("thread/list", { limit: 1 });
    const first = await peer.nextRequest("account/logout");
    const second = await peer.nextRequest("thread/list");
    expect(first.params).toEqual({});
    expect(second.params).toEqual({ limit: 1 });
    expect(first).not.toHaveProperty("jsonrpc");
    peer.respond(first.id, {});
    peer.respond(second.id, { data: [], nextCursor: null });
    await expect(logout).resolves.toEqual({});
    await expect(list).resolves.toEqual({ data: [], nextCursor: null });
  });

  it("sends {} for null params of optional-params methods", async () => {
    const { peer, connection } = await setup();
    const call = connection.request("account/rateLimits/read", null);
    const sent = await peer.nextRequest();
    expect(sent.params).toEqual({});
    peer.respond(sent.id, { rateLimits: null });
    await call;
  });

  it("matches out-of-order responses to their requests", async () => {
    const { peer, connection } = await setup();
    const calls = [1, 2, 3].map((limit) => connection.request("thread/list", { limit }));
    const sent = [await peer.nextRequest(), await peer.nextRequest(), await peer.nextRequest()];
    for (const request of [sent[2]!, sent[0]!, sent[1]!]) {
      peer.respond(request.id, { limit: (request.params as { limit: number }).limit });
    }
    expect(await Promise.all(calls)).toEqual([{ limit: 1 }, { limit: 2 }, { limit: 3 }]);
  });

  it("rejects server errors as JsonRpcError subclasses that keep code, data and method", async () => {
    const { peer, connection } = await setup();
    const unknown = connection.request("thread/list", {});
    const busy = connection.request("model/list", {});
    const tooLarge = connection.request("turn/start", { threadId: "t", input: [] });
    const [a, b, c] = [await peer.nextRequest(), await peer.nextRequest(), await peer.nextRequest()];
    peer.fail(a.id, -32600, "Invalid request: unknown variant `x`");
    peer.fail(b.id, -32001, "Server overloaded; retry later.");
    peer.fail(c.id, -32602, "Input exceeds the maximum length", { input_error_code: "input_too_large" });
    const e1 = await unknown.catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(InvalidRequestError);
    expect(e1).toMatchObject({ code: -32600, method: "thread/list" });
    expect((e1 as Error).message).toContain("-32600");
    const e2 = await busy.catch((e: unknown) => e);
    expect(e2).toBeInstanceOf(ServerBusyError);
    expect((e2 as Error).message).toContain("retryOnOverload()");
    const e3 = await tooLarge.catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(JsonRpcError);
    expect(e3).toMatchObject({ code: -32602, data: { input_error_code: "input_too_large" } });
  });

  it("a malformed error object is an InternalRpcError, never mistaken for overload", async () => {
    const { peer, connection } = await setup();
    const call = connection.request("thread/list", {}).catch((e: unknown) => e);
    const sent = await peer.nextRequest();
    peer.send({ id: sent.id, error: { message: "no code" } });
    const error = await call;
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error).not.toBeInstanceOf(ServerBusyError);
    expect(error).toMatchObject({ code: -32603 });
  });

  it("rejects non-object params with a TypeError before sending", async () => {
    const { peer, connection } = await setup();
    const call = (connection.request as (m: string, p: unknown) => Promise<unknown>)("thread/list", [1, 2]);
    await expect(call).rejects.toBeInstanceOf(TypeError);
    expect(peer.sent).toHaveLength(0);
  });

  it("sends client notifications with and without params", async () => {
    const { peer, connection } = await setup();
    await connection.notify("initialized");
    await connection.notify("custom/thing", { a: 1 });
    expect(peer.sent).toEqual([{ method: "initialized" }, { method: "custom/thing", params: { a: 1 } }]);
  });
});

describe("Connection input checks", () => {
  it("rejects a string with a lone surrogate with a TypeError naming the field, and sends nothing", async () => {
    const { peer, connection } = await setup();
    const error = await connection
      .request("turn/start", { threadId: "t", input: [{ type: "text", text: "broken \ud83d", text_elements: [] }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/params\.input\[0\]\.text holds a string with a lone UTF-16 surrogate/);
    // Paired surrogates and escaped backslashes are fine.
    const fine = connection.request("thread/list", { searchTerm: "😀 \\ud83d" } as never);
    const sent = await peer.nextRequest("thread/list");
    expect(sent.params).toEqual({ searchTerm: "😀 \\ud83d" });
    peer.respond(sent.id, { data: [] });
    await fine;
    expect(peer.sent).toHaveLength(1);
  });

  it("rejects a method that is not a non-empty string", async () => {
    const { peer, connection } = await setup();
    for (const method of [42, "", null]) {
      await expect((connection.request as (m: unknown, p: object) => Promise<unknown>)(method, {})).rejects.toThrow(TypeError);
    }
    expect(peer.sent).toHaveLength(0);
  });

  it.each([
    ["an AbortController", () => new AbortController()],
    ["a plain object", () => ({})],
  ])("rejects a signal that is %s at once, arming no timer", async (_label, signal) => {
    vi.useFakeTimers();
    const { peer, connection } = await setup();
    await expect(connection.request("thread/list", {}, { signal: signal() as never, timeoutMs: 10 })).rejects.toThrow(
      /must be an AbortSignal/,
    );
    expect(vi.getTimerCount()).toBe(0);
    expect(peer.sent).toHaveLength(0);
  });

  it("rejects unknown per-call options", async () => {
    const { connection } = await setup();
    await expect(connection.request("thread/list", {}, { timeout: 5 } as never)).rejects.toThrow(/unknown option "timeout"/);
  });

  it("treats a timeout beyond Node's timer limit as none: no timer, no warning", async () => {
    vi.useFakeTimers();
    const { peer, connection } = await setup({ requestTimeoutMs: 2 ** 31 });
    const call = connection.request("thread/list", {});
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
    const sent = await peer.nextRequest();
    peer.respond(sent.id, { data: [] });
    await expect(call).resolves.toEqual({ data: [] });
  });
});

describe("Connection timeouts", () => {
  it("rejects with RequestTimeoutError when the reply never comes, and drops the late reply", async () => {
    vi.useFakeTimers();
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ requestTimeoutMs: 1_000, logger });
    const call = connection.request("thread/list", {});
    const caught = call.catch((e: unknown) => e);
    const sent = await peer.nextRequest();
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void caught.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await caught;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ method: "thread/list", timeoutMs: 1_000 });
    peer.respond(sent.id, { late: true });
    expect(at("warn")).toHaveLength(0);
    expect(connection.isClosed).toBe(false);
  });

  it("uses the per-call timeout over the connection's", async () => {
    vi.useFakeTimers();
    const { connection } = await setup({ requestTimeoutMs: 60_000 });
    const call = connection.request("thread/list", {}, { timeoutMs: 50 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(50);
    expect(await call).toMatchObject({ name: "RequestTimeoutError", timeoutMs: 50 });
  });

  it("rejects a bad timeout with TypeError", async () => {
    const { connection } = await setup();
    await expect(connection.request("thread/list", {}, { timeoutMs: -1 })).rejects.toBeInstanceOf(TypeError);
    await expect(connection.request("thread/list", {}, { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("Connection abort", () => {
  it("rejects at once with the signal's reason and removes its abort listener", async () => {
    const { peer, connection } = await setup();
    const controller = new AbortController();
    const call = connection.request("thread/list", {}, { signal: controller.signal });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await peer.nextRequest();
    const reason = new Error("stop");
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("never sends $/cancelRequest (app-server ignores it)", async () => {
    vi.useFakeTimers();
    const { peer, connection } = await setup({ requestTimeoutMs: 10 });
    const controller = new AbortController();
    const aborted = connection.request("thread/list", {}, { signal: controller.signal }).catch(() => undefined);
    const timedOut = connection.request("thread/list", {}).catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all([aborted, timedOut]);
    expect(peer.sent.map((m) => m.method)).toEqual(["thread/list", "thread/list"]);
  });

  it("removes the listener when the request completes normally", async () => {
    const { peer, connection } = await setup();
    const controller = new AbortController();
    const call = connection.request("thread/list", {}, { signal: controller.signal });
    const sent = await peer.nextRequest();
    peer.respond(sent.id, { ok: 1 });
    await call;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects an already aborted signal without sending", async () => {
    const { peer, connection } = await setup();
    const reason = new Error("already");
    await expect(connection.request("thread/list", {}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await flush();
    expect(peer.sent).toHaveLength(0);
  });
});

describe("Connection in-flight cap", () => {
  it("queues requests beyond maxInFlight and sends them in order as slots free", async () => {
    const { peer, connection } = await setup({ maxInFlight: 2 });
    const calls = [1, 2, 3, 4].map((limit) => connection.request("thread/list", { limit }));
    await flush();
    expect(peer.sent.map((m) => (m.params as { limit: number }).limit)).toEqual([1, 2]);
    const first = await peer.nextRequest();
    const second = await peer.nextRequest();
    peer.respond(second.id, "two");
    await flush();
    expect(peer.sent.map((m) => (m.params as { limit: number }).limit)).toEqual([1, 2, 3]);
    peer.respond(first.id, "one");
    await flush();
    expect(peer.sent.map((m) => (m.params as { limit: number }).limit)).toEqual([1, 2, 3, 4]);
    const third = await peer.nextRequest();
    const fourth = await peer.nextRequest();
    peer.respond(fourth.id, "four");
    peer.respond(third.id, "three");
    expect(await Promise.all(calls)).toEqual(["one", "two", "three", "four"]);
  });

  it("frees the slot of a timed-out request", async () => {
    vi.useFakeTimers();
    const { peer, connection } = await setup({ maxInFlight: 1 });
    const stuck = connection.request("thread/list", { limit: 1 }, { timeoutMs: 100 }).catch((e: unknown) => e);
    const next = connection.request("thread/list", { limit: 2 }, { timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(await stuck).toBeInstanceOf(RequestTimeoutError);
    // The freed slot is filled on the next turn of the event loop.
    await vi.advanceTimersToNextTimerAsync();
    expect(peer.sent).toHaveLength(2);
    const sent = peer.sent[1]!;
    peer.respond(sent.id as number, "second");
    await expect(next).resolves.toBe("second");
  });

  it("frees the slot of an aborted request, and never sends an aborted queued one", async () => {
    const { peer, connection } = await setup({ maxInFlight: 1 });
    const first = new AbortController();
    const queued = new AbortController();
    const a = connection.request("thread/list", { limit: 1 }, { signal: first.signal }).catch((e: unknown) => e);
    const b = connection.request("thread/list", { limit: 2 }, { signal: queued.signal }).catch((e: unknown) => e);
    const c = connection.request("thread/list", { limit: 3 });
    await flush();
    queued.abort(new Error("b"));
    first.abort(new Error("a"));
    expect(await a).toMatchObject({ message: "a" });
    expect(await b).toMatchObject({ message: "b" });
    await flush();
    expect(peer.sent.map((m) => (m.params as { limit: number }).limit)).toEqual([1, 3]);
    peer.respond(peer.sent[1]!.id as number, "c");
    await expect(c).resolves.toBe("c");
    expect(getEventListeners(queued.signal, "abort")).toHaveLength(0);
  });

  it("never writes a queued request whose timeout is due with the one that frees its slot", async () => {
    vi.useFakeTimers();
    const { peer, connection } = await setup({ maxInFlight: 1 });
    const calls = [1, 2, 3].map((limit) => connection.request("thread/list", { limit }, { timeoutMs: 1_000 }).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(0);
    expect(peer.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    const errors = (await Promise.all(calls)) as RequestTimeoutError[];
    expect(errors.map((error) => error instanceof RequestTimeoutError && error.sent)).toEqual([true, false, false]);
    expect(errors[1]!.message).toMatch(/never sent/);
    await vi.advanceTimersToNextTimerAsync();
    expect(peer.sent).toHaveLength(1);
  });

  it("lets go of requests that expire in the queue behind a transport that never drains", async () => {
    vi.useFakeTimers();
    const transport = new StalledTransport();
    const connection = await Connection.open(transport, { maxInFlight: 4 });
    const refs: WeakRef<Promise<unknown>>[] = [];
    for (let i = 0; i < 1_000; i++) {
      const call = connection.request("thread/list", { limit: i }, { timeoutMs: 100 });
      call.catch(() => undefined);
      refs.push(new WeakRef(call));
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.sent).toBe(1);
    expect(connection.pendingCount).toBe(1_000);
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersToNextTimerAsync();
    expect(connection.pendingCount).toBe(0);
    expect(transport.sent).toBe(1);
    collectGarbage();
    // The one written request is still vscode-jsonrpc's to drop; the queued ones are gone.
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(64);
    await connection.close();
  });

  it("never writes a queued request that one shared signal is aborting with the one ahead of it", async () => {
    const { peer, connection } = await setup({ maxInFlight: 2 });
    const controller = new AbortController();
    const calls = [1, 2, 3, 4, 5].map((limit) =>
      connection.request("thread/list", { limit }, { signal: controller.signal }).catch((e: unknown) => e),
    );
    await flush();
    expect(peer.sent).toHaveLength(2);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await Promise.all(calls)).toEqual([reason, reason, reason, reason, reason]);
    await flush();
    expect(peer.sent).toHaveLength(2);
  });
});

describe("Connection close", () => {
  it("rejects every pending and queued request at once when the peer dies, and later calls too", async () => {
    const { peer, connection } = await setup({ maxInFlight: 2 });
    const closes: TransportClosedError[] = [];
    connection.onClose((e) => closes.push(e));
    const calls = [1, 2, 3, 4, 5].map((limit) => connection.request("thread/list", { limit }).catch((e: unknown) => e));
    await flush();
    const death = new ProcessExitError(undefined, { exitCode: 1, signal: null, stderrTail: "fatal: config" });
    peer.die(death);
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e === death)).toBe(true);
    expect(connection.isClosed).toBe(true);
    expect(connection.closeError).toBe(death);
    expect(closes).toEqual([death]);
    await expect(connection.request("thread/list", {})).rejects.toBe(death);
    await expect(connection.notify("initialized")).rejects.toBe(death);
    const late: unknown[] = [];
    connection.onClose((e) => late.push(e));
    expect(late).toEqual([death]);
    expect(peer.sent).toHaveLength(2);
  });

  it("a reply that arrives just before the close still settles its request", async () => {
    const { peer, connection } = await setup();
    const answered = connection.request("thread/list", {});
    const unanswered = connection.request("thread/list", {}).catch((e: unknown) => e);
    const first = await peer.nextRequest();
    await peer.nextRequest();
    peer.respond(first.id, { ok: true });
    peer.die();
    await expect(answered).resolves.toEqual({ ok: true });
    expect(await unanswered).toBeInstanceOf(ProcessExitError);
  });

  it("a transport that is already closed makes every call reject at once", async () => {
    const peer = createInMemoryPeer();
    const death = new ProcessExitError(undefined, { exitCode: 2, signal: null, stderrTail: "" });
    peer.die(death);
    const connection = await Connection.open(peer.transport);
    expect(connection.closeError).toBe(death);
    await expect(connection.request("thread/list", {})).rejects.toBe(death);
  });

  it("notify() rejects with TransportClosedError when the transport cannot send", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open({
      attach: (sink) => peer.transport.attach(sink),
      close: () => peer.transport.close(),
      send: () => {
        throw new Error("EPIPE");
      },
    });
    const error = await connection.notify("initialized").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toContain("EPIPE");
    const requestError = await connection.request("thread/list", {}).catch((e: unknown) => e);
    expect(requestError).toBeInstanceOf(TransportClosedError);
  });

  it("wraps a plain transport error in TransportClosedError", async () => {
    const { peer, connection } = await setup();
    const call = connection.request("thread/list", {}).catch((e: unknown) => e);
    await flush();
    peer.die(new Error("socket reset"));
    const error = await call;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error).not.toBeInstanceOf(ProcessExitError);
    expect((error as Error).message).toContain("socket reset");
  });

  it("close() rejects pending requests with TransportClosedError and closes the transport", async () => {
    const { peer, connection } = await setup();
    const call = connection.request("thread/list", {}).catch((e: unknown) => e);
    await flush();
    await connection.close();
    expect(await call).toBeInstanceOf(TransportClosedError);
    expect(peer.transport.closeCalls).toBe(1);
    expect(connection.isClosed).toBe(true);
  });

  it("aborts running server-request handlers on close", async () => {
    let seen: AbortSignal | undefined;
    const { peer, connection } = await setup({
      serverRequests: {
        "item/tool/requestUserInput": (_params, { signal }) => {
          seen = signal;
          return new Promise(() => {});
        },
      },
    });
    void peer.request(0, "item/tool/requestUserInput", { threadId: "t", turnId: "u", itemId: "i", questions: [] });
    expect(seen?.aborted).toBe(false);
    await connection.close();
    expect(seen?.aborted).toBe(true);
    expect(seen?.reason).toBeInstanceOf(TransportClosedError);
  });
});

describe("Connection notifications", () => {
  it("dispatches by method, to '*', keeps emittedAtMs, and delivers unknown methods to '*'", async () => {
    const { peer, connection } = await setup();
    const typed: unknown[] = [];
    const all: string[] = [];
    connection.notifications.on("item/agentMessage/delta", (n) => typed.push(n));
    connection.notifications.on("*", (n) => all.push(n.method));
    peer.notify("item/agentMessage/delta", { threadId: "t", turnId: "u", itemId: "i", delta: "hi" }, 1234);
    peer.notify("brand/newThing", { x: 1 });
    expect(typed).toEqual([
      { method: "item/agentMessage/delta", params: { threadId: "t", turnId: "u", itemId: "i", delta: "hi" }, emittedAtMs: 1234 },
    ]);
    expect(all).toEqual(["item/agentMessage/delta", "brand/newThing"]);
  });

  it("routes by params.threadId or params.thread.id and stops after dispose", async () => {
    const { peer, connection } = await setup();
    const a: string[] = [];
    const b: string[] = [];
    const subA = connection.notifications.onThread("A", (n) => a.push(n.method));
    connection.notifications.onThread("B", (n) => b.push(n.method));
    peer.notify("thread/started", { thread: { id: "A" } });
    peer.notify("turn/started", { threadId: "B", turn: { id: "x" } });
    peer.notify("configWarning", { summary: "global" });
    peer.notify("thread/status/changed", { threadId: "A", status: { type: "idle" } });
    subA.dispose();
    subA.dispose();
    peer.notify("warning", { threadId: "A", message: "gone" });
    expect(a).toEqual(["thread/started", "thread/status/changed"]);
    expect(b).toEqual(["turn/started"]);
  });

  it("interleaves notifications and responses in wire order", async () => {
    const { peer, connection } = await setup();
    const order: string[] = [];
    connection.notifications.on("*", (n) => order.push(n.method));
    const call = connection.request("thread/start", {}).then(() => order.push("response"));
    const sent = await peer.nextRequest();
    peer.notify("configWarning", {});
    peer.respond(sent.id, { thread: { id: "t" } });
    peer.notify("thread/started", { thread: { id: "t" } });
    await call;
    expect(order).toEqual(["configWarning", "thread/started", "response"]);
  });

  it("keeps delivering when a listener throws, and tells the logger", async () => {
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ logger });
    const got: string[] = [];
    connection.notifications.on("warning", () => {
      throw new Error("listener bug");
    });
    connection.notifications.on("*", (n: ServerNotification) => got.push(n.method));
    peer.notify("warning", { threadId: null, message: "m" });
    expect(got).toEqual(["warning"]);
    expect(at("error")).toHaveLength(1);
  });

  it("a listener added during dispatch does not see the current notification", async () => {
    const { peer, connection } = await setup();
    const late: string[] = [];
    connection.notifications.on("*", () => {
      connection.notifications.on("*", (n) => late.push(n.method));
    });
    peer.notify("configWarning", {});
    expect(late).toEqual([]);
  });
});

describe("Connection input hygiene", () => {
  it("reports messages that are not JSON-RPC to the logger, skips them and goes on", async () => {
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ logger });
    const call = connection.request("thread/list", {});
    const sent = await peer.nextRequest();
    for (const junk of [42, "text", null, [1, 2], { foo: "bar" }, { id: null, method: "x" }, { id: null, result: 1 }]) {
      peer.send(junk);
    }
    expect(at("warn").length).toBe(7);
    peer.respond(sent.id, { fine: true });
    await expect(call).resolves.toEqual({ fine: true });
  });

  it("settles a request whose reply is malformed with an InternalRpcError, and logs it", async () => {
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ logger });
    for (const reply of [{}, { error: "boom" }, { error: { message: "no code" } }, { error: null }]) {
      const call = connection.request("thread/list", {}).catch((e: unknown) => e);
      const sent = await peer.nextRequest();
      peer.send({ id: sent.id, ...reply });
      const error = await call;
      expect(error).toBeInstanceOf(InternalRpcError);
      expect((error as Error).message).toContain("malformed");
    }
    expect(at("warn").filter((l) => l.message.includes("malformed"))).toHaveLength(4);
    expect(connection.isClosed).toBe(false);
  });
});

describe("Connection validation", () => {
  it("warn: logs invalid incoming notifications and still delivers them", async () => {
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ logger, validate: "warn" });
    const got: unknown[] = [];
    connection.notifications.on("item/agentMessage/delta", (n) => got.push(n));
    // The first request waits for the validator to load.
    const call = connection.request("thread/list", {});
    const sent = await peer.nextRequest();
    peer.respond(sent.id, { data: [], nextCursor: null });
    await call;
    peer.notify("item/agentMessage/delta", { threadId: 5 });
    expect(got).toHaveLength(1);
    const warnings = at("warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/invalid notification for "item\/agentMessage\/delta": does not match AgentMessageDeltaNotification/);
    expect(warnings[0]!.details).toEqual({ method: "item/agentMessage/delta", kind: "notification" });
  });

  it("warn: delivers methods the pinned schema does not define, and reports each method once", async () => {
    const { logger, at } = recordingLogger();
    const { peer, connection } = await setup({ logger, validate: "warn" });
    const got: string[] = [];
    connection.notifications.on("*", (n) => got.push(n.method));
    const call = connection.request("thread/list", {});
    const sent = await peer.nextRequest();
    peer.respond(sent.id, { data: [], nextCursor: null });
    await call;

    for (const method of ["brand/new", "brand/new", "other/new", "brand/new"]) peer.notify(method, { anything: 1 });
    const first = await peer.request(7, "brand/ask", { anything: 1 });
    const second = await peer.request(8, "brand/ask", { anything: 2 });
    expect(got).toEqual(["brand/new", "brand/new", "other/new", "brand/new"]);
    expect([first.error?.code, second.error?.code]).toEqual([-32601, -32601]);

    const warnings = at("warn");
    expect(warnings.map((w) => w.details)).toEqual([
      { method: "brand/new", kind: "notification" },
      { method: "other/new", kind: "notification" },
      { method: "brand/ask", kind: "server request" },
    ]);
    for (const warning of warnings) expect(warning.message).toMatch(/does not define; it is delivered unvalidated and untyped\. Reported once per method\./);
    expect(warnings[0]!.message).toContain('notification "brand/new"');
  });

  it("strict: rejects invalid outgoing params with TypeError before sending", async () => {
    const { peer, connection } = await setup({ validate: "strict" });
    const bad = connection.request("turn/start", { threadId: 7 } as never);
    await expect(bad).rejects.toBeInstanceOf(TypeError);
    expect(peer.sent).toHaveLength(0);
  });
});
