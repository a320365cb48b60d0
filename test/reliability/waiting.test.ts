import { describe, expect, it } from "vitest";
import { RequestTimeoutError, TurnTimeoutError } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileStats, hostileTurn, startHostile } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { describeSettled, settleWithin, sleep } from "./support/outcome.js";
import { RUNTIME_FAULT, scenario } from "./support/results.js";
import { PROMPT_MS, TARGET_MS, settleBound } from "./support/scale.js";

// An abort or an idle timeout settles on its own clock: against a runtime that stops answering it
// rejects at once (with the signal's reason, or TurnTimeoutError), interrupting only in the
// background. A request timeout never blames the server for a request it was never sent.

trapHostErrors();
const track = closeAfterEach();

/** Long enough that waiting it out is clearly wrong, short enough to end a failing test. */
const REQUEST_TIMEOUT_MS = 15_000;
const IDLE_MS = 300;

const abortBound = settleBound(TARGET_MS.abortOrIdle);

describe("an abort against a runtime that stops answering", () => {
  it("rejects a running turn with the signal's reason at once when the runtime freezes mid-turn", async () => {
    await scenario(
      {
        id: "abort-frozen-mid-turn",
        group: "waiting",
        fault: "The runtime freezes after accepting a turn (turn/interrupt is never answered); the caller aborts.",
        promise: "run() and stream() reject with the signal's reason within 100 ms of the abort.",
        covers: [RUNTIME_FAULT.ignoresCancel],
      },
      async () => {
        const before = leakSnapshot();
        const { codex } = await startHostile(track, {}, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
        const thread = await codex.threadStart();
        const controller = new AbortController();
        const handle = await thread.turn(hostileTurn("freeze"), { signal: controller.signal });
        const reading = (async () => {
          for await (const _ of handle.stream()) {
            // drain
          }
        })();
        await sleep(50);
        const reason = new Error("the caller gave up");
        const abortedAt = performance.now();
        controller.abort(reason);
        const run = await settleWithin(handle.run(), abortBound, abortedAt);
        const stream = await settleWithin(reading, abortBound, abortedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBe(reason);
        expect(stream.settled && !stream.ok && stream.error).toBe(reason);
        const closedAt = performance.now();
        await codex.close();
        return { settleMs: Math.max(run.ms, stream.ms), closeMs: performance.now() - closedAt, leakedChildren: leakedSince(before).children.length };
      },
    );
  });

  it("rejects thread.turn() with the signal's reason at once when turn/start is never answered", async () => {
    await scenario(
      {
        id: "abort-unanswered-turn-start",
        group: "waiting",
        fault: "The runtime never answers turn/start; the caller aborts.",
        promise: "thread.turn() rejects with the signal's reason within 100 ms of the abort, not after the request timeout.",
        covers: [RUNTIME_FAULT.ignoresCancel, RUNTIME_FAULT.silentOnMalformed],
      },
      async () => {
        const { codex } = await startHostile(track, { neverAnswer: ["turn/start"] }, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
        const thread = await codex.threadStart();
        const controller = new AbortController();
        const turn = thread.turn(hostileTurn("deltas 3"), { signal: controller.signal });
        await sleep(100);
        const reason = new Error("the caller gave up");
        const abortedAt = performance.now();
        controller.abort(reason);
        const result = await settleWithin(turn, abortBound, abortedAt);
        expect(result.settled, `thread.turn() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBe(reason);
        return { settleMs: result.ms };
      },
    );
  });

  it("rejects thread.run() with the signal's reason at once when turn/start is never answered", async () => {
    const { codex } = await startHostile(track, { neverAnswer: ["turn/start"] }, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const run = thread.run(hostileTurn("deltas 3"), { signal: controller.signal });
    await sleep(100);
    const abortedAt = performance.now();
    controller.abort();
    const result = await settleWithin(run, PROMPT_MS, abortedAt);
    expect(result.settled, `thread.run() ${describeSettled(result)}`).toBe(true);
    expect(result.settled && !result.ok && (result.error as Error).name).toBe("AbortError");
  });

  it("rejects a request at once on abort, although the runtime never answers it", async () => {
    const { codex } = await startHostile(track, { mode: "mute" }, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const controller = new AbortController();
    const pending = codex.request("model/list", {}, { signal: controller.signal });
    await sleep(50);
    const reason = new Error("stop");
    const abortedAt = performance.now();
    controller.abort(reason);
    const result = await settleWithin(pending, PROMPT_MS, abortedAt);
    expect(result.settled && !result.ok && result.error).toBe(reason);
  });

  it("leaves a healthy thread free after an abort the runtime honours", async () => {
    const { codex } = await startHostile(track);
    const thread = await codex.threadStart();
    const controller = new AbortController();
    const handle = await thread.turn(hostileTurn("hang"), { signal: controller.signal });
    controller.abort();
    const result = await settleWithin(handle.run(), PROMPT_MS);
    expect(result.settled && !result.ok && (result.error as Error).name).toBe("AbortError");
    await expect(thread.run(hostileTurn("deltas 2"))).resolves.toMatchObject({ status: "completed" });
  });
});

describe("an idle timeout against a runtime that stops answering", () => {
  it("rejects a running turn with TurnTimeoutError as soon as it fires when the runtime freezes mid-turn", async () => {
    await scenario(
      {
        id: "idle-frozen-mid-turn",
        group: "waiting",
        fault: `The runtime freezes after accepting a turn run with idleTimeoutMs: ${IDLE_MS}.`,
        promise: "run() rejects with TurnTimeoutError within 100 ms of the idle timeout firing.",
      },
      async () => {
        const { codex } = await startHostile(track, {}, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
        const thread = await codex.threadStart();
        const handle = await thread.turn(hostileTurn("freeze"), { idleTimeoutMs: IDLE_MS });
        const firesAt = performance.now() + IDLE_MS;
        const result = await settleWithin(handle.run(), IDLE_MS + abortBound);
        expect(result.settled, `run() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TurnTimeoutError);
        return { settleMs: Math.max(0, performance.now() - firesAt) };
      },
    );
  });

  it("rejects thread.turn() with TurnTimeoutError as soon as it fires when turn/start is never answered", async () => {
    await scenario(
      {
        id: "idle-unanswered-turn-start",
        group: "waiting",
        fault: `The runtime never answers turn/start of a turn run with idleTimeoutMs: ${IDLE_MS}.`,
        promise: "thread.turn() rejects with TurnTimeoutError within 100 ms of the idle timeout firing.",
        covers: [RUNTIME_FAULT.silentOnMalformed],
      },
      async () => {
        const { codex } = await startHostile(track, { neverAnswer: ["turn/start"] }, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
        const thread = await codex.threadStart();
        const firesAt = performance.now() + IDLE_MS;
        const result = await settleWithin(thread.turn(hostileTurn("deltas 3"), { idleTimeoutMs: IDLE_MS }), IDLE_MS + abortBound);
        expect(result.settled, `thread.turn() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TurnTimeoutError);
        return { settleMs: Math.max(0, performance.now() - firesAt) };
      },
    );
  });
});

describe("request timeouts of queued requests", () => {
  it("never time a request out for the server's slowness before it was sent", async () => {
    await scenario(
      {
        id: "queued-request-timeouts",
        group: "waiting",
        fault: "Five calls on a client with maxInFlight: 1 and a 1 s timeout, to a runtime that takes 400 ms per reply.",
        promise:
          "Timeouts count from the call; a call that expires still queued says it was never sent (sent: false), and only calls the runtime received blame it.",
      },
      async () => {
        const { codex } = await startHostile(track, { delayMs: 400 }, { maxInFlight: 1, requestTimeoutMs: 1_000 });
        const calls = Array.from({ length: 5 }, () => settleWithin(codex.models(), 10_000));
        const results = await Promise.all(calls);
        const completed = results.filter((r) => r.settled && r.ok).length;
        let timedOutAfterSending = 0;
        let neverSent = 0;
        for (const result of results) {
          expect(result.settled, describeSettled(result)).toBe(true);
          if (result.settled && !result.ok) {
            expect(result.error).toBeInstanceOf(RequestTimeoutError);
            const error = result.error as RequestTimeoutError;
            if (error.sent) {
              timedOutAfterSending++;
              expect(error.message).not.toMatch(/never sent/i);
            } else {
              neverSent++;
              expect(error.message).toMatch(/never sent/i);
            }
          }
        }
        expect(completed).toBeGreaterThanOrEqual(2);
        expect(neverSent).toBeGreaterThanOrEqual(1);
        // `sent` is the truth: the runtime received exactly the calls that completed or were sent before they expired.
        const stats = await hostileStats(codex);
        expect(stats.received["model/list"]).toBe(completed + timedOutAfterSending);
        return { sent: results.length, completed };
      },
    );
  });
});
