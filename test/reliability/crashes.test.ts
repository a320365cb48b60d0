import { describe, expect, it } from "vitest";
import { Codex, TransportClosedError } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileOptions, startHostile } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { describeSettled, promptRejection, settleWithin, sleep } from "./support/outcome.js";
import { RecordingLogger } from "./support/recording-logger.js";
import { RecordingTransport } from "./support/recording-transport.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS } from "./support/scale.js";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../../src/transport/stdio.js";

// Nothing a caller passes and nothing a runtime writes may crash the host process: every failure
// is a rejected promise or a logged warning. The host trap fails a test on any escaped error.

trapHostErrors();
const track = closeAfterEach();

const MiB = 1024 * 1024;

/** Values a caller might pass as `signal` that are not an AbortSignal. */
const NOT_SIGNALS: [string, () => unknown][] = [
  ["the AbortController itself", () => new AbortController()],
  ["an empty object", () => ({})],
  ["an object that only looks aborted-aware", () => ({ aborted: false, addEventListener() {} })],
  ["a string", () => "abort"],
];

async function recordingClient(options: { requestTimeoutMs?: number } = {}) {
  const transport = new RecordingTransport();
  const logger = new RecordingLogger();
  const codex = track(await Codex.start({ transport, logger, ...options }));
  return { codex, transport, logger };
}

describe("a signal that is not an AbortSignal", () => {
  for (const [name, make] of NOT_SIGNALS) {
    it(`request() rejects ${name} with a TypeError, writes nothing and arms nothing that fires later`, async () => {
      const { codex, transport } = await recordingClient();
      const before = transport.count;
      const error = await promptRejection(codex.request("model/list", {}, { signal: make() as AbortSignal, timeoutMs: 50 }), PROMPT_MS);
      // Wait well past the 50 ms timeout the rejected call must not have left armed (the host trap sees it fire).
      await sleep(250);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/AbortSignal/);
      expect(transport.methodsSince(before)).toEqual([]);
      await expect(codex.models()).resolves.toMatchObject({ data: [] });
    });

    it(`thread.turn() and thread.run() reject ${name} with a TypeError before sending turn/start`, async () => {
      const { codex, transport } = await recordingClient();
      const thread = await codex.threadStart();
      const before = transport.count;
      const signal = make() as AbortSignal;
      for (const call of [() => thread.turn("hi", { signal }), () => thread.run("hi", { signal })]) {
        const error = await promptRejection(call(), PROMPT_MS);
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/AbortSignal/);
      }
      expect(transport.methodsSince(before)).toEqual([]);
      await sleep(100);
      await expect(thread.run("hi")).resolves.toMatchObject({ status: "completed" });
    });

    it(`a login handle's wait() rejects ${name} with a TypeError`, async () => {
      const { codex } = await recordingClient();
      const login = await codex.loginChatgpt();
      const error = await promptRejection(login.wait({ signal: make() as AbortSignal }), PROMPT_MS);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/AbortSignal/);
    });
  }

  it("the client-wide timeout of a rejected call does not fire after close()", async () => {
    const { codex } = await recordingClient({ requestTimeoutMs: 100 });
    const before = leakSnapshot();
    await promptRejection(codex.request("model/list", {}, { signal: {} as AbortSignal }), PROMPT_MS);
    await codex.close();
    await sleep(300);
    expect(leakedSince(before).timers).toBe(0);
  });
});

describe("a stdout line longer than the cap", () => {
  it(`closes the connection with a typed error when a line passes the default cap (${DEFAULT_MAX_MESSAGE_BYTES / MiB} MiB)`, async () => {
    await scenario(
      {
        id: "line-over-default-cap",
        group: "crash",
        fault: `The runtime writes ${(DEFAULT_MAX_MESSAGE_BYTES + 16 * MiB) / MiB} MiB on one line and never ends it.`,
        promise: "The pending call rejects with TransportClosedError, the cause is logged, the runtime is ended; nothing throws.",
      },
      async () => {
        const before = leakSnapshot();
        const bytes = DEFAULT_MAX_MESSAGE_BYTES + 16 * MiB;
        const { codex, logger } = await startHostile(track, { mode: "huge-line", env: { HOSTILE_LINE_BYTES: String(bytes) } }, {
          requestTimeoutMs: 60_000,
        });
        const result = await settleWithin(codex.models(), 10_000);
        expect(result.settled, describeSettled(result)).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TransportClosedError);
        const message = String((result as { error?: Error }).error?.message);
        expect(message).toMatch(new RegExp(`longer than ${DEFAULT_MAX_MESSAGE_BYTES} bytes`));
        expect(message).toMatch(/maxMessageBytes/);
        expect(logger.entries.some((entry) => entry.level === "error" && /longer than/.test(entry.message))).toBe(true);
        await codex.close();
        expect(leakedSince(before).children).toEqual([]);
        return { settleMs: result.ms };
      },
    );
  });

  it("honours a smaller cap given as an option", async () => {
    const options = { ...hostileOptions({ mode: "huge-line", env: { HOSTILE_LINE_BYTES: String(2 * MiB) } }), maxMessageBytes: MiB };
    const codex = track(await Codex.start(options));
    const result = await settleWithin(codex.models(), 10_000);
    expect(result.settled, describeSettled(result)).toBe(true);
    expect(result.settled && !result.ok && result.error).toBeInstanceOf(TransportClosedError);
    expect(String((result as { error?: Error }).error?.message)).toMatch(new RegExp(`longer than ${MiB} bytes`));
    // Later calls fail the same way, at once.
    const later = await settleWithin(codex.models(), PROMPT_MS);
    expect(later.settled && !later.ok && later.error).toBeInstanceOf(TransportClosedError);
  });

  it("delivers a line just under the cap", async () => {
    const options = { ...hostileOptions({ mode: "huge-reply", env: { HOSTILE_LINE_BYTES: String(MiB - 1024) } }), maxMessageBytes: MiB };
    const codex = track(await Codex.start(options));
    const models = (await codex.models()) as unknown as { pad: string };
    expect(models.pad.length).toBeGreaterThan(MiB - 2048);
  });

  it("delivers a 16 MiB reply under the default cap", async () => {
    const { codex } = await startHostile(track, { mode: "huge-reply", env: { HOSTILE_LINE_BYTES: String(16 * MiB) } });
    const models = (await codex.models()) as unknown as { pad: string };
    expect(models.pad.length).toBeGreaterThan(16 * MiB - 1024);
  });
});
