import { beforeAll, describe, expect, it } from "vitest";
import type { Codex } from "../../src/index.js";
import type { ServerNotification } from "../../src/types.js";
import { trapHostErrors } from "./support/host-trap.js";
import { deltaText, wordsIn } from "./support/hostile.js";
import { abortListeners } from "./support/leaks.js";
import { describeSettled, settleWithin } from "./support/outcome.js";
import { useRealRuntime } from "./support/real-runtime.js";
import { RUNTIME_FAULT, scenario } from "./support/results.js";
import { sized } from "./support/scale.js";

// Load on the real runtime: bursts that would overflow its queues without the in-flight cap,
// concurrent turns, many sequential turns sharing one signal, and a long stream read slowly.

trapHostErrors();
const real = useRealRuntime();
let codex: Codex;

beforeAll(async () => {
  ({ codex } = await real.startForFile());
});

describe("bursts of requests", () => {
  it("completes every request of a burst", async () => {
    const count = sized(1_000, 20_000);
    await scenario(
      {
        id: "burst",
        group: "load",
        fault: `${count.toLocaleString("en")} thread/list requests issued at once (the runtime drops replies past about 128 in flight).`,
        promise: "Every request completes: the in-flight cap keeps the runtime below the point where it drops replies.",
        covers: [RUNTIME_FAULT.dropsReplies],
      },
      async () => {
        const startedAt = performance.now();
        const results = await Promise.all(
          Array.from({ length: count }, () => settleWithin(codex.threadList({ limit: 1 }), 120_000)),
        );
        const completed = results.filter((result) => result.settled && result.ok).length;
        const failed = results.find((result) => !(result.settled && result.ok));
        expect(completed, failed ? describeSettled(failed) : "").toBe(count);
        const seconds = (performance.now() - startedAt) / 1000;
        return { sent: count, completed, requestsPerSecond: count / seconds };
      },
    );
  });
});

describe("concurrent turns", () => {
  it("runs 50 turns on 50 threads at once, each with its own answer", async () => {
    await scenario(
      {
        id: "concurrent-turns",
        group: "load",
        fault: "50 turns on 50 threads started at once, each scripted with its own answer.",
        promise: "Every turn completes with its own answer; no event crosses into another turn.",
      },
      async () => {
        const threads = await Promise.all(Array.from({ length: 50 }, () => codex.threadStart({ ephemeral: true })));
        const turns = await Promise.all(
          threads.map(async (thread, i) => {
            const handle = await thread.turn(`Answer. [[mock:text answer number ${i}]]`);
            const events: ServerNotification[] = [];
            for await (const event of handle.stream()) events.push(event);
            return { handle, events, i };
          }),
        );
        for (const { handle, events, i } of turns) {
          expect(handle.finalResponse).toBe(`answer number ${i}`);
          for (const event of events) {
            const params = event.params as { threadId?: string; turnId?: string };
            if (params.threadId !== undefined) expect(params.threadId).toBe(handle.threadId);
            if (params.turnId !== undefined) expect(params.turnId).toBe(handle.id);
          }
        }
        return { sent: 50, completed: turns.filter(({ handle }) => handle.finalResponse !== undefined).length };
      },
    );
  });
});

describe("one signal shared by sequential turns on the real runtime", () => {
  it("leaves no listener on the signal after any turn", async () => {
    const count = sized(20, 1_000);
    await scenario(
      {
        id: "shared-signal-sequential-turns",
        group: "signals",
        fault: `${count.toLocaleString("en")} turns run one after another on one thread with one shared AbortSignal.`,
        promise: "No listener is left on the signal after any turn; no MaxListenersExceededWarning.",
      },
      async () => {
        const thread = await codex.threadStart({ ephemeral: true });
        const controller = new AbortController();
        let most = 0;
        for (let i = 0; i < count; i++) {
          const turn = await thread.run(`Turn ${i}. [[mock:text ok ${i}]]`, { signal: controller.signal });
          expect(turn.status).toBe("completed");
          most = Math.max(most, abortListeners(controller.signal));
        }
        expect(most).toBe(0);
        return { sent: count, completed: count, leakedListeners: most };
      },
    );
  });
});

describe("a long stream read slowly", () => {
  it("gives a slow reader all of a long answer's text, with every structural event", async () => {
    const count = sized(5_000, 200_000);
    await scenario(
      {
        id: "long-stream-slow-reader",
        group: "load",
        fault: `A reader that pauses after every event reads stream({ highWaterMark: 256 }) of a ${count.toLocaleString("en")}-delta answer.`,
        promise: "All text arrives; item and turn events are neither merged nor dropped; run() resolves with the same answer.",
      },
      async () => {
        const thread = await codex.threadStart({ ephemeral: true });
        const handle = await thread.turn(`Stream. [[mock:stream ${count}]]`);
        const events: ServerNotification[] = [];
        let text = "";
        let index = 0;
        for await (const event of handle.stream({ highWaterMark: 256 })) {
          events.push(event.method === "item/agentMessage/delta" ? ({ method: event.method } as ServerNotification) : event);
          if (event.method === "item/agentMessage/delta") text += event.params.delta;
          // Slower than the runtime: a macrotask per event, and a real pause now and then.
          await new Promise((resolve) => (++index % 1_000 === 0 ? setTimeout(resolve, 5) : setImmediate(resolve)));
        }
        expect(text).toBe(deltaText(count));
        const methods = events.map((event) => event.method);
        expect(methods.at(-1)).toBe("turn/completed");
        expect(methods.filter((method) => method === "item/completed").length).toBeGreaterThanOrEqual(2);
        const turn = await handle.run();
        expect(handle.finalResponse).toBe(deltaText(count));
        expect(turn.status).toBe("completed");
        // Completed: the deltas whose text arrived (words of the answer); merged deltas carry several each.
        return { sent: count, completed: wordsIn(text), deliveredEvents: methods.filter((method) => method === "item/agentMessage/delta").length };
      },
    );
  });
});
