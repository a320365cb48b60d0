import { describe, expect, it } from "vitest";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, hostileTurn, startHostile } from "./support/hostile.js";
import { abortListeners } from "./support/leaks.js";
import { describeSettled, settleWithin, sleep } from "./support/outcome.js";
import { RUNTIME_FAULT, scenario } from "./support/results.js";
import { PROMPT_MS, sized } from "./support/scale.js";

// One AbortSignal shared by many calls (a batch cancelled together) costs one listener, prints no
// MaxListenersExceededWarning, and aborts every call it was given to.

trapHostErrors();
const track = closeAfterEach();

/** Collects the process warnings emitted while `work` runs (and on the ticks right after it). */
async function warningsDuring(work: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  try {
    await work();
    await sleep(10);
  } finally {
    process.off("warning", onWarning);
  }
  return warnings;
}

describe("one signal shared by concurrent calls", () => {
  it("registers one abort listener for 50 concurrent requests and aborts them all", async () => {
    const { codex } = await startHostile(track, { mode: "mute" }, { requestTimeoutMs: 30_000 });
    const controller = new AbortController();
    let listeners = 0;
    const warnings = await warningsDuring(async () => {
      const requests = Array.from({ length: 50 }, () =>
        settleWithin(codex.request("thread/list", {}, { signal: controller.signal }), PROMPT_MS + 1_000),
      );
      await sleep(50);
      listeners = abortListeners(controller.signal);
      const reason = new Error("cancel the batch");
      controller.abort(reason);
      for (const result of await Promise.all(requests)) {
        expect(result.settled && !result.ok && result.error, describeSettled(result)).toBe(reason);
      }
    });
    expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    expect(listeners).toBeLessThanOrEqual(1);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it("registers one abort listener for 50 concurrent turns and aborts them all", async () => {
    await scenario(
      {
        id: "shared-signal-concurrent-turns",
        group: "signals",
        fault: "50 turns on 50 threads run at once with one shared AbortSignal, which then aborts.",
        promise: "One abort listener on the signal, no MaxListenersExceededWarning, every turn rejects with the reason.",
        covers: [RUNTIME_FAULT.ignoresCancel],
      },
      async () => {
        const { codex } = await startHostile(track);
        const threads = await Promise.all(Array.from({ length: 50 }, () => codex.threadStart()));
        const controller = new AbortController();
        let listeners = 0;
        let worst = 0;
        const warnings = await warningsDuring(async () => {
          const handles = await Promise.all(threads.map((thread) => thread.turn(hostileTurn("hang"), { signal: controller.signal })));
          listeners = abortListeners(controller.signal);
          const reason = new Error("cancel every turn");
          const abortedAt = performance.now();
          controller.abort(reason);
          const results = await Promise.all(handles.map((handle) => settleWithin(handle.run(), PROMPT_MS, abortedAt)));
          for (const result of results) {
            expect(result.settled && !result.ok && result.error, describeSettled(result)).toBe(reason);
            worst = Math.max(worst, result.ms);
          }
        });
        expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
        expect(listeners).toBeLessThanOrEqual(1);
        expect(abortListeners(controller.signal)).toBe(0);
        return { settleMs: worst, leakedListeners: abortListeners(controller.signal), listenersWhileRunning: listeners };
      },
    );
  });
});

describe("one signal shared by sequential calls", () => {
  it("leaves no listener behind after each of many sequential turns", async () => {
    const count = sized(200, 1_000);
    await scenario(
      {
        id: "shared-signal-sequential-turns-stand-in",
        group: "signals",
        fault: `${count.toLocaleString("en")} turns run one after another on one thread with one shared AbortSignal (stand-in runtime).`,
        promise: "No listener is left on the signal after any turn; no MaxListenersExceededWarning.",
      },
      async () => {
        const { codex } = await startHostile(track);
        const thread = await codex.threadStart();
        const controller = new AbortController();
        let most = 0;
        const warnings = await warningsDuring(async () => {
          for (let i = 0; i < count; i++) {
            const turn = await thread.run(hostileTurn("deltas 1"), { signal: controller.signal });
            expect(turn.status).toBe("completed");
            most = Math.max(most, abortListeners(controller.signal));
          }
        });
        expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
        expect(most).toBe(0);
        return { sent: count, completed: count, leakedListeners: most };
      },
    );
  });

  it("leaves no listener behind after many sequential requests", async () => {
    const { codex } = await startHostile(track);
    const controller = new AbortController();
    for (let i = 0; i < sized(500, 5_000); i++) await codex.request("model/list", {}, { signal: controller.signal });
    expect(abortListeners(controller.signal)).toBe(0);
  });
});
