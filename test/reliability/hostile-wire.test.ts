import { describe, expect, it } from "vitest";
import { trapHostErrors } from "./support/host-trap.js";
import { Codex } from "../../src/index.js";
import {
  closeAfterEach,
  deltaText,
  hostileOptions,
  hostileTurn,
  startHostile,
  waitForServerRequestAnswers,
} from "./support/hostile.js";
import { describeSettled, settleWithin, sleep } from "./support/outcome.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS, sized } from "./support/scale.js";

// What a buggy or hostile runtime writes on the wire never crashes the host and never breaks the
// connection for the messages that are well formed.

trapHostErrors();
const track = closeAfterEach();

describe("garbage between the messages", () => {
  it("is logged and skipped; requests and turns around it succeed", async () => {
    await scenario(
      {
        id: "wire-garbage",
        group: "wire",
        fault:
          "After every reply the runtime writes lines that are not JSON, JSON that is not JSON-RPC, invalid UTF-8, " +
          "bad ids, and known notifications whose params are null, a string, or hold null where an object belongs.",
        promise: "Each is logged and skipped (no SDK listener throws); every request and the turn complete.",
      },
      async () => {
        const { codex, logger } = await startHostile(track, { mode: "garbage" });
        for (let i = 0; i < 5; i++) await expect(codex.models()).resolves.toMatchObject({ nextCursor: null });
        const thread = await codex.threadStart();
        const turn = await thread.run(hostileTurn("deltas 5"));
        expect(turn.status).toBe("completed");
        expect(logger.problems.length).toBeGreaterThan(0);
        // Garbage is the runtime's fault; an exception in one of the SDK's own listeners is the SDK's.
        expect(logger.matching(/threw/).map((entry) => entry.message)).toEqual([]);
      },
    );
  });
});

describe("replies that do not belong to a pending request", () => {
  it("a second and third reply to one request are ignored", async () => {
    const { codex } = await startHostile(track, { mode: "duplicate-replies" });
    const models = await codex.models();
    expect(models).toMatchObject({ nextCursor: null });
    expect(models).not.toHaveProperty("duplicate");
    const results = await Promise.all(Array.from({ length: 20 }, () => codex.threadList()));
    for (const result of results) expect(result).toEqual({ data: [], nextCursor: null });
  });

  it("replies with ids nobody sent are ignored", async () => {
    const { codex } = await startHostile(track, { mode: "unknown-id-replies" });
    const results = await Promise.all(Array.from({ length: 20 }, () => codex.models()));
    for (const result of results) expect(result).toMatchObject({ nextCursor: null });
    const thread = await codex.threadStart();
    await expect(thread.run(hostileTurn("deltas 3"))).resolves.toMatchObject({ status: "completed" });
  });
});

describe("floods from the runtime", () => {
  it("answers every one of a flood of approval requests, fail-closed, and stays responsive", async () => {
    const count = sized(2_000, 50_000);
    await scenario(
      {
        id: "flood-server-requests",
        group: "wire",
        fault: `The runtime sends ${count.toLocaleString("en")} command approval requests as fast as its pipe takes them.`,
        promise: "Every request gets exactly one answer (a decline, as no handler is set) and calls made meanwhile succeed.",
      },
      async () => {
        const { codex } = await startHostile(track, { mode: "flood", env: { HOSTILE_FLOOD: String(count) } });
        const during = await settleWithin(codex.models(), 10_000);
        expect(during.settled && during.ok, `models() during the flood ${describeSettled(during)}`).toBe(true);
        const stats = await waitForServerRequestAnswers(codex, count, 60_000);
        expect(stats.serverRequestAnswers).toBe(count);
        expect(stats.duplicateAnswers).toBe(0);
        expect(stats.unknownAnswers).toBe(0);
        return { sent: count, completed: stats.serverRequestAnswers };
      },
    );
  });

  it("answers a flood of unknown server requests with method-not-found and calls a handler once per request", async () => {
    const count = sized(500, 10_000);
    let handled = 0;
    const { codex } = await startHostile(
      track,
      { mode: "flood", env: { HOSTILE_FLOOD: String(count), HOSTILE_FLOOD_METHOD: "hostile/unknownServerRequest" } },
      {
        serverRequests: {
          "item/commandExecution/requestApproval": () => {
            handled++;
            return { decision: "decline" };
          },
        },
      },
    );
    const stats = await waitForServerRequestAnswers(codex, count, 30_000);
    expect(stats.serverRequestAnswers).toBe(count);
    expect(handled).toBe(0);
  });

  it("delivers a flood of notifications for a thread nobody runs, in order, and stays responsive", async () => {
    const count = sized(20_000, 500_000);
    // Listen before the start: the flood begins as soon as the handshake is done.
    const codex = track(new Codex(hostileOptions({ mode: "flood", env: { HOSTILE_NOTIFY_FLOOD: String(count) } })));
    let seen = 0;
    let inOrder = true;
    codex.onNotification("item/agentMessage/delta", (n) => {
      if (n.params.delta !== `d${seen} `) inOrder = false;
      seen++;
    });
    await codex.ready();
    const deadline = performance.now() + 60_000;
    while (seen < count && performance.now() < deadline) await sleep(20);
    expect(seen).toBe(count);
    expect(inOrder).toBe(true);
    const thread = await codex.threadStart();
    const turn = await thread.run(hostileTurn("deltas 4"));
    expect(turn.items.at(-1)).toMatchObject({ type: "agentMessage", text: deltaText(4) });
  });
});

describe("faults in the caller's own code", () => {
  it("a throwing notification listener and a throwing approval handler are logged; the turn goes on", async () => {
    const { codex, logger } = await startHostile(track, {}, {
      serverRequests: {
        "item/commandExecution/requestApproval": () => {
          throw new Error("the handler failed");
        },
      },
    });
    codex.onNotification("item/agentMessage/delta", () => {
      throw new Error("the listener failed");
    });
    const thread = await codex.threadStart();
    const result = await settleWithin(thread.run(hostileTurn("approval")), PROMPT_MS);
    expect(result.settled && result.ok, `run() ${describeSettled(result)}`).toBe(true);
    const turn = (result as { value: { items: { type: string; text?: string }[] } }).value;
    // The handler's failure was answered fail-closed: the command was declined.
    expect(turn.items.at(-1)?.text).toBe("decision: decline");
    expect(logger.problems.length).toBeGreaterThan(0);
  });
});
