import { beforeAll, describe, expect, it } from "vitest";
import { TurnFailedError, TurnTimeoutError, type Codex } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { describeSettled, settleWithin } from "./support/outcome.js";
import { useRealRuntime } from "./support/real-runtime.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS } from "./support/scale.js";

// Faults of the model provider, through the mock Responses API behind the real runtime: each ends
// the turn with a typed error in bounded time, and the same thread runs its next turn normally.

trapHostErrors();
const real = useRealRuntime();
let codex: Codex;

beforeAll(async () => {
  ({ codex } = await real.startForFile());
});

/** How long the real runtime may take to turn a provider fault into a failed turn. */
const FAULT_BOUND_MS = 20_000;

const FAILURES = [
  ["an HTTP 500", "http-500", "[[mock:http 500]]", /./],
  ["an HTTP 429", "http-429", "[[mock:http 429]]", /./],
  ["a response.failed event", "response-failed", "[[mock:fail the provider is on fire]]", /the provider is on fire/],
  ["a connection dropped after three deltas", "dropped-connection", "[[mock:stream 10]] [[mock:break 3]]", /./],
] as const;

describe("a model request that fails", () => {
  for (const [name, id, directive, says] of FAILURES) {
    it(`rejects run() with TurnFailedError on ${name}, and the thread runs its next turn`, async () => {
      await scenario(
        {
          id: `model-${id}`,
          group: "model",
          fault: `The model provider answers a turn with ${name} (no retries configured).`,
          promise: "run() rejects with TurnFailedError carrying the turn and its error; the next turn on the thread completes.",
        },
        async () => {
          const thread = await codex.threadStart({ ephemeral: true });
          const result = await settleWithin(thread.run(`Fail. ${directive}`), FAULT_BOUND_MS);
          expect(result.settled, `run() ${describeSettled(result)}`).toBe(true);
          const error = result.settled && !result.ok ? result.error : undefined;
          expect(error).toBeInstanceOf(TurnFailedError);
          expect((error as TurnFailedError).turn.status).toBe("failed");
          expect((error as TurnFailedError).turnError?.message ?? "").toMatch(says);
          const next = await thread.run("Recover. [[mock:text back to normal]]");
          expect(next.status).toBe("completed");
          return { settleMs: result.ms };
        },
      );
    });
  }
});

describe("a model that stalls", () => {
  it("ends with TurnTimeoutError after idleTimeoutMs, and the thread runs its next turn", async () => {
    const idleMs = 800;
    await scenario(
      {
        id: "model-stall-idle",
        group: "model",
        fault: `The model stops after two deltas and hangs; the turn runs with idleTimeoutMs: ${idleMs}.`,
        promise: "run() rejects with TurnTimeoutError soon after the timeout fires; the turn is interrupted and the thread is free.",
      },
      async () => {
        const thread = await codex.threadStart({ ephemeral: true });
        const startedAt = performance.now();
        const result = await settleWithin(thread.run("Stall. [[mock:stream 5]] [[mock:stall 2]]", { idleTimeoutMs: idleMs }), idleMs + PROMPT_MS, startedAt);
        expect(result.settled, `run() ${describeSettled(result)}`).toBe(true);
        expect(result.settled && !result.ok && result.error).toBeInstanceOf(TurnTimeoutError);
        const next = await thread.run("Recover. [[mock:text back to normal]]");
        expect(next.status).toBe("completed");
        return { settleMs: Math.max(0, result.ms - idleMs) };
      },
    );
  });

  it("ends with the signal's reason on abort, and the thread runs its next turn", async () => {
    const thread = await codex.threadStart({ ephemeral: true });
    const controller = new AbortController();
    const handle = await thread.turn("Stall. [[mock:stream 5]] [[mock:stall 2]]", { signal: controller.signal });
    await real.harness.mock.waitForRequest((request) => request.threadId === thread.id, 10_000);
    const reason = new Error("enough");
    const abortedAt = performance.now();
    controller.abort(reason);
    const result = await settleWithin(handle.run(), PROMPT_MS, abortedAt);
    expect(result.settled && !result.ok && result.error, describeSettled(result)).toBe(reason);
    const next = await thread.run("Recover. [[mock:text back to normal]]");
    expect(next.status).toBe("completed");
  });
});
