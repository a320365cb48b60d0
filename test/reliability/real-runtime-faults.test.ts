import { describe, expect, it } from "vitest";
import { ProcessExitError, RequestTimeoutError, TransportClosedError, TurnTimeoutError } from "../../src/index.js";
import { isAlive } from "../helpers/processes.js";
import { trapHostErrors } from "./support/host-trap.js";
import { abortListeners } from "./support/leaks.js";
import { describeSettled, promptRejection, settleWithin, sleep } from "./support/outcome.js";
import { ESCALATED_ECHO, heldApprovals, useRealRuntime } from "./support/real-runtime.js";
import { RUNTIME_FAULT, scenario } from "./support/results.js";
import { PROMPT_MS, TARGET_MS, settleBound, sized } from "./support/scale.js";

// The real pinned runtime, killed (SIGKILL) or frozen (SIGSTOP) in the middle of a turn, a burst of
// requests and an approval: everything pending settles at once with the right error, and close()
// leaves no process behind.

trapHostErrors();
const real = useRealRuntime();

const killBound = settleBound(TARGET_MS.afterKill);
const abortBound = settleBound(TARGET_MS.abortOrIdle);

/** Waits until the mock model has received the request of the turn whose input carries `marker`. */
function modelReached(marker: string): Promise<unknown> {
  return real.harness.mock.waitForRequest((request) => request.lastUserText?.includes(marker) === true, 20_000);
}

describe("SIGKILL of the real runtime", () => {
  it("mid-turn: run() and stream() reject with ProcessExitError within a second", async () => {
    await scenario(
      {
        id: "kill-mid-turn",
        group: "kill",
        fault: "SIGKILL of the runtime while a turn streams (the model stalls after two deltas).",
        promise: "run() and stream() reject with ProcessExitError (signal SIGKILL) within 1 s; later calls fail at once.",
      },
      async (trial) => {
        const { codex, pid } = await real.start();
        const thread = await codex.threadStart({ ephemeral: true });
        const marker = `kill-mid-turn-${trial}`;
        const handle = await thread.turn(`${marker} [[mock:stall 2]]`);
        const reading = (async () => {
          for await (const _ of handle.stream()) {
            // drain
          }
        })();
        reading.catch(() => undefined);
        await modelReached(marker);
        const killedAt = performance.now();
        process.kill(pid, "SIGKILL");
        const stream = await settleWithin(reading, killBound, killedAt);
        const run = await settleWithin(handle.run(), killBound, killedAt);
        expect(stream.settled, `stream() ${describeSettled(stream)}`).toBe(true);
        expect(stream.settled && !stream.ok && stream.error).toMatchObject({ name: "ProcessExitError", signal: "SIGKILL" });
        expect(run.settled && !run.ok && run.error).toBeInstanceOf(ProcessExitError);
        const later = await promptRejection(codex.models(), PROMPT_MS);
        expect(later).toBeInstanceOf(TransportClosedError);
        await codex.close();
        expect(isAlive(pid)).toBe(false);
        return { settleMs: Math.max(stream.ms, run.ms), leakedChildren: isAlive(pid) ? 1 : 0 };
      },
    );
  });

  it("mid-burst: every call of a burst settles within a second", async () => {
    const count = sized(1_000, 20_000);
    await scenario(
      {
        id: "kill-mid-burst",
        group: "kill",
        fault: `SIGKILL of the runtime after the first 100 of ${count.toLocaleString("en")} thread/list calls have been answered.`,
        promise: "Every call settles within 1 s of the kill: answered ones resolved, the rest rejected with TransportClosedError.",
        covers: [RUNTIME_FAULT.dropsReplies],
      },
      async () => {
        const { codex, pid } = await real.start();
        let answered = 0;
        let killedAt = 0;
        const settledAt: number[] = [];
        const calls = Array.from({ length: count }, () =>
          codex.threadList({ limit: 1 }).then(
            (value) => {
              settledAt.push(performance.now());
              if (++answered === 100) {
                killedAt = performance.now();
                process.kill(pid, "SIGKILL");
              }
              return value;
            },
            (error: unknown) => {
              settledAt.push(performance.now());
              throw error;
            },
          ),
        );
        const results = await Promise.all(calls.map((call) => settleWithin(call, 60_000)));
        for (const result of results) {
          expect(result.settled, describeSettled(result)).toBe(true);
          if (result.settled && !result.ok) expect(result.error).toBeInstanceOf(TransportClosedError);
        }
        expect(killedAt).toBeGreaterThan(0);
        const worst = Math.max(...settledAt) - killedAt;
        expect(worst, `the last call settled ${Math.round(worst)} ms after the kill`).toBeLessThan(killBound);
        const completed = results.filter((result) => result.settled && result.ok).length;
        return { settleMs: worst, sent: count, completed };
      },
    );
  });

  it("mid-approval: the handler's signal aborts and run() rejects with ProcessExitError within a second", async () => {
    await scenario(
      {
        id: "kill-mid-approval",
        group: "kill",
        fault: "SIGKILL of the runtime while the client's approval handler is deciding on a command.",
        promise: "The handler's signal aborts with the exit and run() rejects with ProcessExitError within 1 s.",
      },
      async () => {
        const { handlers, asked } = heldApprovals();
        const { codex, pid } = await real.start({ serverRequests: handlers });
        const thread = await codex.threadStart({ approvalMode: "ask", ephemeral: true });
        const handle = await thread.turn(`Run it. ${ESCALATED_ECHO}`);
        const handlerSignal = await asked;
        const killedAt = performance.now();
        process.kill(pid, "SIGKILL");
        const run = await settleWithin(handle.run(), killBound, killedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBeInstanceOf(ProcessExitError);
        expect(handlerSignal.aborted).toBe(true);
        expect(handlerSignal.reason).toBeInstanceOf(TransportClosedError);
        return { settleMs: run.ms };
      },
    );
  });
});

describe("SIGSTOP of the real runtime", () => {
  it("mid-turn: an abort rejects run() with the signal's reason at once, and close() still ends the process", async () => {
    await scenario(
      {
        id: "freeze-mid-turn-abort",
        group: "freeze",
        fault: "SIGSTOP of the runtime while a turn streams; the caller aborts, then closes the client.",
        promise: "run() rejects with the signal's reason within 100 ms of the abort; close() ends the stopped process.",
        covers: [RUNTIME_FAULT.ignoresCancel],
      },
      async (trial) => {
        const { codex, pid } = await real.start({ requestTimeoutMs: 15_000 });
        const thread = await codex.threadStart({ ephemeral: true });
        const marker = `freeze-mid-turn-${trial}`;
        const controller = new AbortController();
        const handle = await thread.turn(`${marker} [[mock:stall 2]]`, { signal: controller.signal });
        await modelReached(marker);
        real.freeze(pid);
        const reason = new Error("the caller gave up");
        const abortedAt = performance.now();
        controller.abort(reason);
        const run = await settleWithin(handle.run(), abortBound, abortedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBe(reason);
        const closedAt = performance.now();
        const closed = await settleWithin(codex.close(), 15_000, closedAt);
        expect(closed.settled, `close() ${describeSettled(closed)}`).toBe(true);
        expect(isAlive(pid)).toBe(false);
        return { settleMs: run.ms, closeMs: closed.ms, leakedChildren: isAlive(pid) ? 1 : 0 };
      },
    );
  });

  it("mid-turn: an idle timeout rejects run() with TurnTimeoutError as soon as it fires", async () => {
    // Long enough that a loaded machine's runtime reaches the model before the turn counts as idle.
    const idleMs = 1_500;
    await scenario(
      {
        id: "freeze-mid-turn-idle",
        group: "freeze",
        fault: `SIGSTOP of the runtime during a turn run with idleTimeoutMs: ${idleMs}.`,
        promise: "run() rejects with TurnTimeoutError within 100 ms of the idle timeout firing.",
      },
      async (trial) => {
        const { codex, pid } = await real.start({ requestTimeoutMs: 15_000 });
        const thread = await codex.threadStart({ ephemeral: true });
        const marker = `freeze-idle-${trial}`;
        const handle = await thread.turn(`${marker} [[mock:stall 2]]`, { idleTimeoutMs: idleMs });
        let lastEventAt = performance.now();
        const reading = (async () => {
          for await (const _ of handle.stream()) lastEventAt = performance.now();
        })();
        // Observed at once, so a failure before it is awaited is reported as that failure alone.
        reading.catch(() => undefined);
        await modelReached(marker);
        await sleep(100);
        real.freeze(pid);
        const frozenAt = performance.now();
        const result = await settleWithin(reading, idleMs + abortBound + 200, frozenAt);
        expect(result.settled, `stream() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TurnTimeoutError);
        const late = performance.now() - (lastEventAt + idleMs);
        expect(late, `settled ${Math.round(late)} ms after the idle timeout fired`).toBeLessThan(abortBound);
        real.killFrozen();
        return { settleMs: Math.max(0, late) };
      },
    );
  });

  it("mid-burst: one shared signal aborts every pending call at once", async () => {
    const count = sized(1_000, 20_000);
    await scenario(
      {
        id: "freeze-mid-burst-abort",
        group: "freeze",
        fault: `SIGSTOP of the runtime during a burst of ${count.toLocaleString("en")} calls sharing one AbortSignal, which then aborts.`,
        promise: "Every call not yet answered rejects with the signal's reason within 100 ms; the signal keeps at most one listener.",
        covers: [RUNTIME_FAULT.ignoresCancel, RUNTIME_FAULT.dropsReplies],
      },
      async (_trial, record) => {
        const { codex, pid } = await real.start({ requestTimeoutMs: 30_000 });
        const controller = new AbortController();
        let answered = 0;
        // When each call was rejected, seen by a handler attached at the call, so the figure is the SDK's
        // time to settle the burst and not the suite's time to start watching 20,000 promises.
        let lastRejectedAt = 0;
        const calls = Array.from({ length: count }, () =>
          codex.request("thread/list", { limit: 1 }, { signal: controller.signal }).then(
            (value) => {
              if (++answered === 50) real.freeze(pid);
              return value;
            },
            (error: unknown) => {
              lastRejectedAt = performance.now();
              throw error;
            },
          ),
        );
        while (answered < 50) await sleep(5);
        const listeners = abortListeners(controller.signal);
        // Watched before the abort, so nothing of the suite's runs between the abort and the rejections.
        const watched = calls.map((call) => settleWithin(call, 60_000));
        const reason = new Error("cancel the burst");
        const abortedAt = performance.now();
        controller.abort(reason);
        const results = await Promise.all(watched);
        for (const result of results) {
          expect(result.settled, describeSettled(result)).toBe(true);
          if (result.settled && !result.ok) expect(result.error).toBe(reason);
        }
        expect(results.some((result) => result.settled && !result.ok)).toBe(true);
        const worst = lastRejectedAt - abortedAt;
        record({ settleMs: worst, sent: count, completed: answered });
        expect(worst, `the last call rejected ${Math.round(worst)} ms after the abort`).toBeLessThan(abortBound);
        expect(listeners).toBeLessThanOrEqual(1);
        expect(abortListeners(controller.signal)).toBe(0);
        real.killFrozen();
        return { settleMs: worst, sent: count, completed: answered, listenersWhileRunning: listeners };
      },
    );
  });

  it("mid-burst: calls time out against the stopped runtime, none waits past its timeout by much", async () => {
    const count = sized(200, 2_000);
    const timeoutMs = 500;
    const { codex, pid } = await real.start();
    await codex.threadList({ limit: 1 });
    real.freeze(pid);
    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: count }, () => settleWithin(codex.request("thread/list", { limit: 1 }, { timeoutMs }), 20_000)),
    );
    for (const result of results) {
      expect(result.settled, describeSettled(result)).toBe(true);
      expect(result.settled && !result.ok && result.error).toBeInstanceOf(RequestTimeoutError);
    }
    expect(performance.now() - startedAt).toBeLessThan(20_000);
    real.killFrozen();
  });

  it("mid-approval: an abort rejects run() with the signal's reason at once", async () => {
    await scenario(
      {
        id: "freeze-mid-approval-abort",
        group: "freeze",
        fault: "SIGSTOP of the runtime while the approval handler is deciding; the caller aborts the turn.",
        promise: "run() rejects with the signal's reason within 100 ms of the abort.",
        covers: [RUNTIME_FAULT.ignoresCancel],
      },
      async () => {
        const { handlers, asked } = heldApprovals();
        const { codex, pid } = await real.start({ serverRequests: handlers, requestTimeoutMs: 15_000 });
        const thread = await codex.threadStart({ approvalMode: "ask", ephemeral: true });
        const controller = new AbortController();
        const handle = await thread.turn(`Run it. ${ESCALATED_ECHO}`, { signal: controller.signal });
        await asked;
        real.freeze(pid);
        const reason = new Error("the caller gave up");
        const abortedAt = performance.now();
        controller.abort(reason);
        const run = await settleWithin(handle.run(), abortBound, abortedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBe(reason);
        real.killFrozen();
        return { settleMs: run.ms };
      },
    );
  });
});
