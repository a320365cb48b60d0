import { describe, expect, it } from "vitest";
import { Codex } from "../../../src/index.js";
import { TransportClosedError } from "../../../src/errors.js";
import type { Logger } from "../../../src/logger.js";
import { traceWire, withWireTrace } from "../../../src/transport/wire-trace.js";
import { createInMemoryPeer } from "../../helpers/in-memory-peer.js";
import { PINNED } from "../../helpers/runtime-versions.js";

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = { debug: (message) => lines.push(message) };
  return { lines, logger };
}

describe("traceWire", () => {
  it("writes every message out and in, and the close, as JSON lines with secrets redacted", async () => {
    const peer = createInMemoryPeer();
    const { lines, logger } = recordingLogger();
    const codex = new Codex({ transport: traceWire(peer.transport, logger) });
    const started = codex.ready();
    const initialize = await peer.next();
    peer.respond(initialize.id!, { userAgent: `sdk/${PINNED} (Linux; x86_64)`, codexHome: "/h", platformFamily: "unix", platformOs: "linux" });
    await peer.next(); // initialized
    await started;
    const login = codex.loginApiKey("sk-secret-0123456789");
    const request = await peer.next();
    peer.respond(request.id!, { type: "apiKey" });
    await login;
    peer.die(new TransportClosedError("gone"));
    await codex.close();

    expect(lines[0]).toMatch(/^wire -> \{"id":\d+,"method":"initialize","params":/);
    expect(lines[1]).toMatch(/^wire <- \{"id":\d+,"result":\{"userAgent":/);
    expect(lines[2]).toBe('wire -> {"method":"initialized"}');
    expect(lines[3]).toMatch(/^wire -> \{"id":\d+,"method":"account\/login\/start","params":\{"type":"apiKey","apiKey":"\[redacted\]"\}\}$/);
    expect(lines[4]).toMatch(/^wire <- \{"id":\d+,"result":\{"type":"apiKey"\}\}$/);
    expect(lines[5]).toBe("wire closed: gone");
    expect(lines.join("\n")).not.toContain("sk-secret");
    // The server saw the real key: tracing changes nothing on the wire.
    expect(peer.sent.find((message) => message.method === "account/login/start")?.params).toEqual({ type: "apiKey", apiKey: "sk-secret-0123456789" });
  });

  it("never lets a throwing logger disturb the connection", async () => {
    const peer = createInMemoryPeer();
    const codex = new Codex({ transport: traceWire(peer.transport, { debug: () => { throw new Error("logger broke"); } }) });
    const started = codex.ready();
    const initialize = await peer.next();
    peer.respond(initialize.id!, { userAgent: `sdk/${PINNED} (Linux; x86_64)`, codexHome: "/h", platformFamily: "unix", platformOs: "linux" });
    await expect(started).resolves.toBe(codex);
    await codex.close();
  });

  it("shortens a message longer than 64 KiB, saying how much it left out", () => {
    const { lines, logger } = recordingLogger();
    const sent: unknown[] = [];
    const traced = traceWire({ attach() {}, send: (message) => void sent.push(message), close: async () => {} }, logger);
    traced.send({ method: "big", params: { text: "x".repeat(70_000) } });
    expect(sent).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(66 * 1024);
    expect(lines[0]).toMatch(/… \(\d+ more characters\)$/);
  });

  it("passes keepAlive through when the transport has it, and only then", () => {
    const calls: boolean[] = [];
    const base = { attach() {}, send() {}, close: async () => {} };
    expect(traceWire(base, {}).keepAlive).toBeUndefined();
    traceWire({ ...base, keepAlive: (busy: boolean) => void calls.push(busy) }, {}).keepAlive?.(true);
    expect(calls).toEqual([true]);
  });
});

describe("withWireTrace", () => {
  it("returns the transport itself when tracing is off", () => {
    const transport = createInMemoryPeer().transport;
    const previous = process.env.CODEX_SDK_LOG;
    delete process.env.CODEX_SDK_LOG;
    try {
      expect(withWireTrace(transport, {}, {})).toBe(transport);
      expect(withWireTrace(transport, { trace: true }, {})).not.toBe(transport);
    } finally {
      if (previous !== undefined) process.env.CODEX_SDK_LOG = previous;
    }
  });
});
