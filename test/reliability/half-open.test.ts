import { describe, expect, it } from "vitest";
import { TransportClosedError } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileTurn, startHostile } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { describeSettled, settleWithin } from "./support/outcome.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS } from "./support/scale.js";

// Half-open and wedged states: a runtime whose stdout is gone is a closed connection even while the
// process lives on, and one malformed event never wedges a turn or its thread.

trapHostErrors();
const track = closeAfterEach();

const REQUEST_TIMEOUT_MS = 15_000;

describe("a runtime that closes its stdout but keeps running", () => {
  it("rejects a pending request with TransportClosedError at once", async () => {
    await scenario(
      {
        id: "stdout-closed-pending-request",
        group: "half-open",
        fault: "The runtime closes its stdout after initialize and keeps running (and reading stdin).",
        promise: "A pending request rejects with TransportClosedError at once; close() still ends the process.",
      },
      async () => {
        const before = leakSnapshot();
        const { codex } = await startHostile(
          track,
          { mode: "close-stdout", neverAnswer: ["model/list"] },
          { requestTimeoutMs: REQUEST_TIMEOUT_MS },
        );
        const result = await settleWithin(codex.models(), PROMPT_MS);
        expect(result.settled, `models() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TransportClosedError);
        const later = await settleWithin(codex.threadList(), PROMPT_MS);
        expect(later.settled && !later.ok && later.error).toBeInstanceOf(TransportClosedError);
        await codex.close();
        expect(leakedSince(before).children).toEqual([]);
        return { settleMs: result.ms };
      },
    );
  });

  it("rejects a running turn's run() and stream() with TransportClosedError at once", async () => {
    await scenario(
      {
        id: "stdout-closed-mid-turn",
        group: "half-open",
        fault: "The runtime closes its stdout in the middle of a turn and keeps running.",
        promise: "run() and stream() reject with TransportClosedError at once instead of waiting for close().",
      },
      async () => {
        const { codex } = await startHostile(track, {}, { requestTimeoutMs: REQUEST_TIMEOUT_MS });
        const thread = await codex.threadStart();
        const handle = await thread.turn(hostileTurn("close-stdout-after 2"));
        const startedAt = performance.now();
        const reading = (async () => {
          for await (const _ of handle.stream()) {
            // drain
          }
        })();
        const run = await settleWithin(handle.run(), PROMPT_MS, startedAt);
        const stream = await settleWithin(reading, PROMPT_MS, startedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBeInstanceOf(TransportClosedError);
        expect(stream.settled && !stream.ok && stream.error).toBeInstanceOf(TransportClosedError);
        return { settleMs: Math.max(run.ms, stream.ms) };
      },
    );
  });
});

describe("a malformed turn event", () => {
  it("in the same chunk as the turn/start reply neither escapes thread.turn() nor wedges the thread", async () => {
    await scenario(
      {
        id: "malformed-event-in-reply-chunk",
        group: "half-open",
        fault: "The turn/start reply, a turn/completed with `turn: null` and a valid turn/completed arrive in one chunk.",
        promise: "thread.turn() resolves, the malformed event is logged, the valid completion ends the turn, the thread is free.",
      },
      async () => {
        const { codex, logger } = await startHostile(track);
        const thread = await codex.threadStart();
        const started = await settleWithin(thread.turn(hostileTurn("malformed-with-reply")), PROMPT_MS);
        expect(started.settled && started.ok, `thread.turn() ${describeSettled(started)}`).toBe(true);
        const handle = (started as { value: Awaited<ReturnType<typeof thread.turn>> }).value;
        const run = await settleWithin(handle.run(), PROMPT_MS);
        expect(run.settled && run.ok, `run() ${describeSettled(run)}`).toBe(true);
        expect((run as { value: { status: string } }).value.status).toBe("completed");
        expect(logger.problems.length).toBeGreaterThan(0);
        const next = await settleWithin(thread.run(hostileTurn("deltas 2")), PROMPT_MS);
        expect(next.settled && next.ok, `the next turn ${describeSettled(next)}`).toBe(true);
      },
    );
  });
});
