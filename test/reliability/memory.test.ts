import { describe, expect, it } from "vitest";
import { Codex, RequestTimeoutError, type TurnHandle } from "../../src/index.js";
import type { ServerNotification } from "../../src/types.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, deltaText, hostileOptions, hostileTurn, startHostile, wordsIn } from "./support/hostile.js";
import { leakSnapshot, leakedSince } from "./support/leaks.js";
import { liveBytes } from "./support/memory.js";
import { describeSettled, settleWithin, sleep } from "./support/outcome.js";
import { scenario } from "./support/results.js";
import { observeError } from "./support/secrets.js";
import { sized } from "./support/scale.js";

// What the SDK holds stays bounded: against a runtime that stops reading, and for a stream nobody
// reads. Structural events are never merged or dropped, no text is lost, and run() is unaffected.

trapHostErrors();
const track = closeAfterEach();

const KiB = 1024;
const MiB = 1024 * KiB;

describe("a runtime that stops reading its stdin", () => {
  it("holds a bounded amount of memory however many requests time out against it", async () => {
    const count = sized(1_000, 20_000);
    const size = sized(32 * KiB, 16 * KiB);
    const bound = 8 * MiB;
    await scenario(
      {
        id: "frozen-runtime-memory",
        group: "memory",
        fault: `The runtime stops reading stdin; ${count.toLocaleString("en")} requests of ${size / KiB} KiB each time out against it.`,
        promise: `Every request settles (RequestTimeoutError); memory held afterwards stays under ${bound / MiB} MiB.`,
      },
      async () => {
        const before = leakSnapshot();
        // A logger that keeps nothing, so the figure is what the SDK holds.
        const codex = track(await Codex.start({ ...hostileOptions({ mode: "frozen" }), logger: {} }));
        const baseline = liveBytes();
        const cursor = "x".repeat(size);
        // Outcomes are tallied, not kept: the figure is what the SDK holds, not the suite's copies of its errors.
        const outcomes = new Map<string, number>();
        const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        let observed = false;
        const all = Promise.all(
          Array.from({ length: count }, () =>
            codex.request("thread/list", { cursor }, { timeoutMs: 100 }).then(
              () => tally("resolved"),
              (error: unknown) => {
                if (!observed) observeError(error);
                observed = true;
                tally(error instanceof RequestTimeoutError ? "RequestTimeoutError" : `${String(error)}`);
              },
            ),
          ),
        );
        const settled = await settleWithin(all, 60_000);
        expect(settled.settled, `the requests: ${describeSettled(settled)}`).toBe(true);
        expect(Object.fromEntries(outcomes)).toEqual({ RequestTimeoutError: count });
        const held = liveBytes() - baseline;
        expect(held, `${(held / MiB).toFixed(1)} MiB held for a frozen runtime`).toBeLessThan(bound);
        await codex.close();
        return { heldBytes: held, sent: count, completed: 0, leakedChildren: leakedSince(before).children.length };
      },
    );
  });
});

/** Reads every event of a stream, optionally pausing after each one. */
async function readAll(stream: AsyncIterableIterator<ServerNotification>, pause?: () => Promise<void>): Promise<ServerNotification[]> {
  const events: ServerNotification[] = [];
  for await (const event of stream) {
    events.push(event);
    if (pause) await pause();
  }
  return events;
}

function textOf(events: readonly ServerNotification[]): string {
  let text = "";
  for (const event of events) if (event.method === "item/agentMessage/delta") text += event.params.delta;
  return text;
}

function structural(events: readonly ServerNotification[]): string[] {
  return events.map((event) => event.method).filter((method) => method !== "item/agentMessage/delta");
}

describe("a stream with a highWaterMark", () => {
  it("merges the text deltas of an unread stream past the mark without losing text or structure", async () => {
    const count = sized(20_000, 200_000);
    const highWaterMark = 256;
    await scenario(
      {
        id: "unread-stream-bound",
        group: "memory",
        fault: `Nobody reads a turn's stream({ highWaterMark: ${highWaterMark} }) while it streams ${count.toLocaleString("en")} deltas.`,
        promise:
          "run() resolves as usual; the buffered deltas are merged (all text kept, one warning); every item and turn event is kept.",
      },
      async () => {
        const { codex, logger } = await startHostile(track);
        const thread = await codex.threadStart();
        const baseline = liveBytes();
        const handle: TurnHandle = await thread.turn(hostileTurn(`deltas ${count}`));
        const stream = handle.stream({ highWaterMark });
        const turn = await handle.run();
        expect(turn.status).toBe("completed");
        const held = liveBytes() - baseline;
        const events = await readAll(stream);
        expect(textOf(events)).toBe(deltaText(count));
        expect(structural(events)).toEqual(["turn/started", "item/started", "item/completed", "turn/completed"]);
        const deltas = events.length - 4;
        expect(deltas, `${deltas} deltas buffered past a highWaterMark of ${highWaterMark}`).toBeLessThanOrEqual(highWaterMark);
        expect(logger.problems.filter((entry) => /merg|coalesc/i.test(entry.message))).toHaveLength(1);
        expect(held / count, `${(held / count).toFixed(0)} bytes held per buffered delta`).toBeLessThan(100);
        return { heldBytes: held, bytesPerEvent: held / count, sent: count, completed: wordsIn(textOf(events)), deliveredEvents: events.length };
      },
    );
  });

  it("measures what an unread event costs when nothing is merged (highWaterMark: Infinity)", async () => {
    const count = sized(20_000, 200_000);
    await scenario(
      {
        id: "unread-stream-unmerged",
        group: "memory",
        fault: `Nobody reads a turn's stream({ highWaterMark: Infinity }) while it streams ${count.toLocaleString("en")} deltas.`,
        promise: "Every event is kept as it came; the figure is the memory one unread event costs, the price of turning merging off.",
      },
      async () => {
        const { codex } = await startHostile(track);
        const thread = await codex.threadStart();
        const baseline = liveBytes();
        const handle = await thread.turn(hostileTurn(`deltas ${count}`));
        const stream = handle.stream({ highWaterMark: Infinity });
        await handle.run();
        const held = liveBytes() - baseline;
        const events = await readAll(stream);
        expect(events.length).toBe(count + 4);
        expect(textOf(events)).toBe(deltaText(count));
        return { heldBytes: held, bytesPerEvent: held / count, sent: count, completed: wordsIn(textOf(events)), deliveredEvents: events.length };
      },
    );
  });

  it("gives a slow reader every event in order with all of its text", async () => {
    const count = sized(5_000, 200_000);
    await scenario(
      {
        id: "slow-reader-stream",
        group: "memory",
        fault: `A reader that yields to the event loop after every event reads a ${count.toLocaleString("en")}-delta turn.`,
        promise: "It sees all text and every structural event in order; merging, if any, is reported once.",
      },
      async () => {
        const { codex, logger } = await startHostile(track);
        const thread = await codex.threadStart();
        const handle = await thread.turn(hostileTurn(`deltas ${count}`));
        const events = await readAll(handle.stream({ highWaterMark: 64 }), () => new Promise((resolve) => setImmediate(resolve)));
        expect(textOf(events)).toBe(deltaText(count));
        expect(structural(events)).toEqual(["turn/started", "item/started", "item/completed", "turn/completed"]);
        expect(logger.problems.filter((entry) => /merg|coalesc/i.test(entry.message)).length).toBeLessThanOrEqual(1);
        return { sent: count, completed: wordsIn(textOf(events)), deliveredEvents: events.length };
      },
    );
  });

  it("never pauses reading: another thread's turn completes while one stream is unread", async () => {
    const { codex } = await startHostile(track);
    const [unreadThread, busyThread] = await Promise.all([codex.threadStart(), codex.threadStart()]);
    const unread = await unreadThread.turn(hostileTurn(`deltas ${sized(20_000, 200_000)}`));
    const stream = unread.stream({ highWaterMark: 16 });
    const other = await settleWithin(busyThread.run(hostileTurn("deltas 10")), 10_000);
    expect(other.settled && other.ok, `the other thread's run() ${describeSettled(other)}`).toBe(true);
    await unread.run();
    await sleep(0);
    await stream.return?.();
  });
});
