import { realpathSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CodexStartError, ProcessExitError, TransportClosedError } from "../../../src/errors.js";
import type { Logger } from "../../../src/logger.js";
import { Connection } from "../../../src/rpc/connection.js";
import { StdioTransport, type StdioTransportOptions } from "../../../src/transport/stdio.js";
import { makeFakeRuntimes, type FakeRuntimeDir } from "./fake-runtime.js";
import { isAlive } from "../../helpers/processes.js";

let fake: FakeRuntimeDir;
const open: StdioTransport[] = [];

beforeAll(() => {
  fake = makeFakeRuntimes();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});
afterAll(() => fake.cleanup());

function recordingLogger() {
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    debug: (message, details) => lines.push({ level: "debug", message, details }),
    warn: (message, details) => lines.push({ level: "warn", message, details }),
    error: (message, details) => lines.push({ level: "error", message, details }),
  };
  return { logger, lines };
}

async function start(options: StdioTransportOptions = {}) {
  const transport = await StdioTransport.spawn({ codexBin: fake.server, ...options });
  open.push(transport);
  const connection = await Connection.open(transport, { logger: options.logger });
  const call = (method: string, params: object = {}) =>
    (connection.request as (m: string, p: object) => Promise<unknown>)(method, params);
  return { transport, connection, call };
}

describe("StdioTransport.spawn", () => {
  it("runs `app-server --listen stdio://` with -c flags, args, cwd and merged env", async () => {
    const { transport, call } = await start({
      config: { model: "gpt-5.5", features: { plugins: false } },
      args: ["--strict-config"],
      cwd: fake.dir,
      env: { FOO: "bar" },
    });
    const result = (await call("echo", { a: 1 })) as { params: unknown; cwd: string; env: { FOO: string; HAS_PATH: boolean } };
    expect(result.params).toEqual({ a: 1 });
    expect(realpathSync(result.cwd)).toBe(realpathSync(fake.dir));
    expect(result.env).toEqual({ FOO: "bar", HAS_PATH: true });
    expect(transport.stderrTail()).toContain(
      `argv ${JSON.stringify(["app-server", "--listen", "stdio://", "-c", 'model="gpt-5.5"', "-c", "features.plugins=false", "--strict-config"])}`,
    );
    expect(transport.pid).toBeGreaterThan(0);
  });

  it("replaceEnv uses env as the whole environment", async () => {
    const { call } = await start({ env: { FOO: "only" }, replaceEnv: true });
    const result = (await call("echo")) as { env: { FOO: string; HAS_PATH: boolean } };
    expect(result.env).toEqual({ FOO: "only", HAS_PATH: false });
  });

  it("checks codexBin before spawning", async () => {
    for (const codexBin of [`${fake.dir}/missing`, fake.notExecutable, fake.dir]) {
      const error = await StdioTransport.spawn({ codexBin }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodexStartError);
      expect(error).toMatchObject({ kind: "codex-bin-not-found" });
    }
  });

  it("rejects a cwd that is not a directory before spawning", async () => {
    await expect(StdioTransport.spawn({ codexBin: fake.server, cwd: `${fake.dir}/nope` })).rejects.toBeInstanceOf(TypeError);
  });

  it("rejects config values TOML cannot carry before spawning", async () => {
    await expect(StdioTransport.spawn({ codexBin: fake.server, config: { a: null as never } })).rejects.toBeInstanceOf(TypeError);
  });
});

describe("StdioTransport framing", () => {
  it("skips lines that are not JSON, tells the logger, and goes on", async () => {
    const { logger, lines } = recordingLogger();
    const { connection, call } = await start({ logger });
    const notes: string[] = [];
    connection.notifications.on("*", (n) => notes.push(n.method));
    await expect(call("garbage")).resolves.toBe("ok");
    expect(notes).toEqual(["after/garbage"]);
    const warnings = lines.filter((l) => l.level === "warn").map((l) => l.message);
    // Two lines are not JSON; `[1,2,3]` is JSON but not JSON-RPC (reported by the connection).
    expect(warnings.filter((m) => m.includes("not JSON."))).toHaveLength(2);
    expect(warnings.filter((m) => m.includes("not a JSON object"))).toHaveLength(1);
  });

  it("joins lines split across chunks (inside multi-byte characters too) and strips \\r", async () => {
    const { connection, call } = await start();
    const texts: string[] = [];
    connection.notifications.on("*", (n) => texts.push((n.params as { text: string }).text));
    await expect(call("split")).resolves.toEqual({ done: true });
    expect(texts).toEqual(["héllo wörld ✓"]);
  });

  it("carries large lines", async () => {
    const { call } = await start();
    const size = 8 * 1024 * 1024;
    const result = (await call("big", { size })) as { text: string };
    expect(result.text.length).toBe(size);
  });

  it("keeps a bounded stderr tail and passes each line to logger.debug", async () => {
    const { logger, lines } = recordingLogger();
    const { transport, call } = await start({ logger });
    await call("stderr", { lines: 5000 });
    // stderr is a separate pipe: its last lines may arrive after the reply.
    await vi.waitFor(() => expect(transport.stderrTail().endsWith("line 4999")).toBe(true));
    const tail = transport.stderrTail();
    expect(tail.length).toBeLessThanOrEqual(16_384);
    expect(tail.endsWith("line 4999")).toBe(true);
    expect(tail).not.toContain("line 0\n");
    expect(lines.filter((l) => l.level === "debug" && l.message.includes("stderr: line ")).length).toBe(5000);
  });
});

describe("StdioTransport lifecycle", () => {
  it("a process exit rejects pending requests with ProcessExitError carrying code and stderr tail", async () => {
    const { connection, call } = await start();
    const pending = call("hang").catch((e: unknown) => e);
    const exit = call("exit", { code: 3 }).catch((e: unknown) => e);
    const error = await exit;
    expect(await pending).toBe(error);
    expect(error).toBeInstanceOf(ProcessExitError);
    expect(error).toMatchObject({ exitCode: 3, signal: null });
    expect((error as ProcessExitError).stderrTail).toContain("fatal: bye");
    expect((error as Error).message).toContain("fatal: bye");
    expect(connection.closeError).toBe(error);
    await expect(call("echo")).rejects.toBe(error);
  });

  it("an exit while the pipe is backed up rejects everything with the ProcessExitError, not a failed write", async () => {
    const { connection, call } = await start();
    await call("stopReadingThenExit", { code: 7, afterMs: 300 });
    const calls = Array.from({ length: 40 }, () => call("filler", { text: "x".repeat(64 * 1024) }).catch((e: unknown) => e));
    const errors = await Promise.all(calls);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProcessExitError);
      expect(error).toMatchObject({ exitCode: 7 });
    }
    expect((errors[0] as ProcessExitError).stderrTail).toContain("fatal: bye");
    expect(connection.closeError).toBe(errors[0]);
  });

  it("close() ends stdin and the server exits on its own", async () => {
    const { transport, connection } = await start();
    const pid = transport.pid!;
    const closes: Error[] = [];
    connection.onClose((e) => closes.push(e));
    await transport.close();
    expect(isAlive(pid)).toBe(false);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ exitCode: 0, signal: null });
    expect(() => transport.send({ method: "x" })).toThrow(ProcessExitError);
  });

  it("close() escalates to SIGTERM when stdin EOF is ignored", async () => {
    const { transport, connection, call } = await start({ env: { FAKE_IGNORE_EOF: "1" }, closeTimeoutMs: 200 });
    await call("echo"); // the script is up and has set up its handlers
    const closes: Error[] = [];
    connection.onClose((e) => closes.push(e));
    await transport.close();
    expect(isAlive(transport.pid!)).toBe(false);
    expect(closes[0]).toMatchObject({ signal: "SIGTERM" });
  });

  it("close() escalates to SIGKILL when EOF and SIGTERM are both ignored, and leaves no child", async () => {
    const { transport, connection, call } = await start({ env: { FAKE_IGNORE_EOF: "1", FAKE_IGNORE_TERM: "1" }, closeTimeoutMs: 200 });
    await call("echo"); // the script is up and ignores SIGTERM from now on
    const closes: Error[] = [];
    connection.onClose((e) => closes.push(e));
    await Promise.all([transport.close(), transport.close()]);
    expect(isAlive(transport.pid!)).toBe(false);
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ signal: "SIGKILL" });
    expect(transport.stderrTail()).toContain("ignoring SIGTERM");
  });
});

describe("StdioTransport faults", () => {
  it("strips colour codes from the stderr tail", async () => {
    const { transport, call } = await start();
    await call("ansi");
    await vi.waitFor(() => expect(transport.stderrTail()).toContain("colourful"));
    expect(transport.stderrTail().split("\n").at(-1)).toBe("2026-12-01T00:00:00Z ERROR codex: colourful");
    expect(transport.stderrTail()).not.toContain("\u001b");
  });

  it("closes with a TransportClosedError and stops the process when it closes stdout but keeps running", async () => {
    const { transport, connection, call } = await start({ closeTimeoutMs: 200 });
    await expect(call("closeStdout")).resolves.toBe("closing");
    const pending = call("hang").catch((e: unknown) => e);
    const error = await pending;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error).not.toBeInstanceOf(ProcessExitError);
    expect((error as Error).message).toMatch(/closed its stdout but kept running/);
    expect(connection.isClosed).toBe(true);
    await transport.close();
    expect(isAlive(transport.pid!)).toBe(false);
  });

  it("closes with a TransportClosedError and stops the process when it closes stdin but keeps running", async () => {
    const { lines, logger } = recordingLogger();
    const { transport, call } = await start({ logger });
    await call("closeStdin");
    const error = await call("echo").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error).not.toBeInstanceOf(ProcessExitError);
    expect((error as Error).message).toMatch(/closed its stdin but kept running/);
    expect(lines.some((l) => l.level === "error" && /closed its stdin/.test(l.message))).toBe(true);
    await transport.close();
    expect(isAlive(transport.pid!)).toBe(false);
  });

  it("closes with a typed error, without building the string, when a message is longer than maxMessageBytes", async () => {
    const { logger, lines } = recordingLogger();
    const { transport, call } = await start({ maxMessageBytes: 1024 * 1024, logger, closeTimeoutMs: 200 });
    const error = await call("hugeLine", { bytes: 3 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/longer than 1048576 bytes.*maxMessageBytes/);
    expect(lines.some((l) => l.level === "error" && l.message.includes("longer than"))).toBe(true);
    await transport.close();
    expect(isAlive(transport.pid!)).toBe(false);
  });

  it("applies back-pressure when the server stops reading: send() returns a promise until the pipe drains", async () => {
    const { transport, call } = await start();
    await call("stopReading");
    let pressure: void | Promise<void> = undefined;
    for (let i = 0; i < 1000 && pressure === undefined; i++) {
      pressure = transport.send({ method: "filler", params: { text: "x".repeat(64 * 1024) } });
    }
    expect(pressure).toBeInstanceOf(Promise);
    await transport.close();
  });
});
