import { describe, expect, it } from "vitest";
import { Codex, CodexStartError, ProcessExitError, TransportClosedError } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileOptions, hostileTurn, startHostile } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { describeSettled, promptRejection, settleWithin, sleep } from "./support/outcome.js";
import { scenario } from "./support/results.js";
import { TARGET_MS, settleBound, sized } from "./support/scale.js";

// A runtime that exits, at whatever stage, settles everything pending with the exit (code, signal,
// stderr tail) and leaves no process behind.

trapHostErrors();

/** When the stand-in exited, by its own clock (it writes the time to stderr as it exits). */
function exitTime(error: ProcessExitError): number {
  const match = /exiting at \S+ \(t=(\d+)\)/.exec(error.stderrTail);
  if (!match) throw new Error(`no exit time in the stderr tail: ${error.stderrTail}`);
  return Number(match[1]);
}
const track = closeAfterEach();

const exitBound = settleBound(TARGET_MS.afterKill);

describe("a runtime that exits before the client is ready", () => {
  for (const stage of ["spawn", "initialize"]) {
    it(`fails the start with CodexStartError "exited-before-initialize" when it exits at ${stage}`, async () => {
      const before = leakSnapshot();
      const error = await promptRejection(Codex.start(hostileOptions({ exitOn: stage })), 10_000);
      expect(error).toBeInstanceOf(CodexStartError);
      expect(error).toMatchObject({ kind: "exited-before-initialize", exitCode: 7 });
      expect((error as CodexStartError).stderrTail).toContain(`exiting at ${stage}`);
      expect(leakedSince(before).children).toEqual([]);
    });
  }
});

describe("a runtime that exits once the client is ready", () => {
  it("rejects the next call of an idle client with ProcessExitError", async () => {
    const { codex } = await startHostile(track, { exitOn: "initialized" });
    await sleep(300);
    const error = await promptRejection(codex.models(), exitBound);
    expect(error).toBeInstanceOf(ProcessExitError);
    expect(error).toMatchObject({ exitCode: 7 });
  });

  it("rejects the request it dies on with ProcessExitError", async () => {
    await scenario(
      {
        id: "exit-on-request",
        group: "exits",
        fault: "The runtime exits when a request arrives.",
        promise: "That request rejects with ProcessExitError (exit code and stderr tail) within 1 s.",
      },
      async () => {
        const { codex } = await startHostile(track, { exitOn: "model/list" });
        const sentAt = performance.now();
        const result = await settleWithin(codex.models(), exitBound, sentAt);
        expect(result.settled, `models() ${describeSettled(result)}`).toBe(true);
        const error = result.settled && !result.ok ? result.error : undefined;
        expect(error).toBeInstanceOf(ProcessExitError);
        expect((error as ProcessExitError).stderrTail).toContain("exiting at model/list");
        return { settleMs: result.ms };
      },
    );
  });

  it("rejects thread.turn() with ProcessExitError when it dies on turn/start", async () => {
    const { codex } = await startHostile(track, { exitOn: "turn/start" });
    const thread = await codex.threadStart();
    const error = await promptRejection(thread.turn(hostileTurn("deltas 3")), exitBound);
    expect(error).toBeInstanceOf(ProcessExitError);
  });

  it("rejects every call of a burst when it dies in the middle of it", async () => {
    const count = sized(500, 5_000);
    await scenario(
      {
        id: "exit-mid-burst",
        group: "exits",
        fault: `The runtime exits while ${count.toLocaleString("en")} calls are in flight or queued.`,
        promise: "Every call rejects with the exit (ProcessExitError or TransportClosedError) within 1 s.",
      },
      async () => {
        const before = leakSnapshot();
        const { codex } = await startHostile(track, { delayMs: 60_000, env: { HOSTILE_EXIT_AFTER_MS: "1000" } });
        const settledAt: number[] = [];
        const calls = Array.from({ length: count }, () =>
          codex.models().finally(() => settledAt.push(Date.now())),
        );
        const results = await Promise.all(calls.map((call) => settleWithin(call, 5_000 + exitBound)));
        for (const result of results) {
          expect(result.settled, `a call ${describeSettled(result)}`).toBe(true);
          expect(result.settled && !result.ok && result.error).toBeInstanceOf(TransportClosedError);
        }
        const exit = (results[0] as { error: ProcessExitError }).error;
        const worst = Math.max(...settledAt) - exitTime(exit);
        expect(worst).toBeLessThan(exitBound);
        await codex.close();
        return { settleMs: worst, sent: count, completed: 0, leakedChildren: leakedSince(before).children.length };
      },
    );
  });
});

describe("a runtime that exits during a turn", () => {
  it("rejects run() and stream() with ProcessExitError mid-turn; later turns fail at once", async () => {
    await scenario(
      {
        id: "exit-mid-turn",
        group: "exits",
        fault: "The runtime exits after streaming three deltas of a turn.",
        promise: "run() and stream() reject with ProcessExitError within 1 s; the next turn rejects at once.",
      },
      async () => {
        const { codex } = await startHostile(track);
        const thread = await codex.threadStart();
        const handle = await thread.turn(hostileTurn("exit-after 3"));
        const startedAt = performance.now();
        const events: string[] = [];
        const reading = (async () => {
          for await (const n of handle.stream()) events.push(n.method);
        })();
        const stream = await settleWithin(reading, exitBound + 500, startedAt);
        const run = await settleWithin(handle.run(), exitBound + 500, startedAt);
        expect(stream.settled && !stream.ok && stream.error).toBeInstanceOf(ProcessExitError);
        expect(run.settled && !run.ok && run.error).toBeInstanceOf(ProcessExitError);
        expect(events.filter((method) => method === "item/agentMessage/delta")).toHaveLength(3);
        const next = await promptRejection(thread.run(hostileTurn("deltas 1")), exitBound);
        expect(next).toBeInstanceOf(TransportClosedError);
        return { settleMs: Math.max(stream.ms, run.ms) };
      },
    );
  });

  it("aborts a pending approval handler and rejects run() with ProcessExitError mid-approval", async () => {
    await scenario(
      {
        id: "exit-mid-approval",
        group: "exits",
        fault: "The runtime exits while the client's approval handler is deciding.",
        promise: "The handler's signal aborts with the exit; run() rejects with ProcessExitError within 1 s.",
      },
      async () => {
        let handlerSignal: AbortSignal | undefined;
        const { codex } = await startHostile(track, {}, {
          serverRequests: {
            "item/commandExecution/requestApproval": (_params, context) => {
              handlerSignal = context.signal;
              return new Promise((resolve) =>
                context.signal.addEventListener("abort", () => resolve({ decision: "decline" }), { once: true }),
              );
            },
          },
        });
        const thread = await codex.threadStart();
        const handle = await thread.turn(hostileTurn("exit-on-approval"));
        const startedAt = performance.now();
        const run = await settleWithin(handle.run(), exitBound + 500, startedAt);
        expect(run.settled, `run() ${describeSettled(run)}`).toBe(true);
        expect(run.settled && !run.ok && run.error).toBeInstanceOf(ProcessExitError);
        expect(handlerSignal?.aborted).toBe(true);
        expect(handlerSignal?.reason).toBeInstanceOf(TransportClosedError);
        return { settleMs: run.ms };
      },
    );
  });
});
