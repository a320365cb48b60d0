import { describe, expect, it } from "vitest";
import type { ServerNotification } from "../../../generated/methods.js";
import { EventLog, type LoggedEvent } from "../../../src/client/event-log.js";

const note = (n: number) => ({ method: "item/agentMessage/delta", params: { threadId: "t", turnId: "u", itemId: "i", delta: `d${n}` } }) as ServerNotification;
const deltaOf = (event: LoggedEvent) => (event.notification.params as { delta: string }).delta;

function logWith(capacity: number, count: number): EventLog {
  const log = new EventLog(capacity);
  for (let i = 1; i <= count; i++) log.append(note(i));
  return log;
}

async function take(events: AsyncIterator<LoggedEvent>, count: number): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const next = await events.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

describe("EventLog", () => {
  it("numbers events from 1 and replays exactly those after a sequence number", async () => {
    const log = logWith(10, 5);
    expect([log.firstSeq, log.lastSeq, log.size]).toEqual([1, 5, 5]);
    const events = log.read(2, undefined);
    const replayed = await take(events, 3);
    expect(replayed.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(replayed.map(deltaOf)).toEqual(["d3", "d4", "d5"]);
    expect((await take(log.read(0, undefined), 5)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    await events.return?.();
  });

  it("then follows live: a waiting read gets the next event as it is logged, in order, several reads at once", async () => {
    const log = logWith(10, 1);
    const events = log.read(1, undefined);
    const reads = [events.next(), events.next()];
    log.append(note(2));
    log.append(note(3));
    const [a, b] = await Promise.all(reads);
    expect([a.value?.seq, b.value?.seq]).toEqual([2, 3]);
    log.close();
    await expect(events.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("never holds more than its capacity, whatever the number of readers; a reader left behind skips to the oldest held", async () => {
    const log = logWith(3, 10);
    expect([log.size, log.firstSeq, log.lastSeq]).toEqual([3, 8, 10]);
    const behind = log.read(2, undefined);
    expect((await take(behind, 3)).map((e) => [e.seq, deltaOf(e)])).toEqual([
      [8, "d8"],
      [9, "d9"],
      [10, "d10"],
    ]);
    const readers = Array.from({ length: 50 }, () => log.read(0, undefined));
    for (let i = 11; i <= 1000; i++) log.append(note(i));
    expect(log.size).toBe(3);
    expect((await take(readers[0]!, 3)).map((e) => e.seq)).toEqual([998, 999, 1000]);
  });

  it("lets readers finish what is held after close, then ends them; return() ends one reader only", async () => {
    const log = logWith(10, 3);
    const one = log.read(0, undefined);
    const two = log.read(0, undefined);
    await one.return?.();
    await expect(one.next()).resolves.toMatchObject({ done: true });
    log.close();
    log.append(note(4));
    expect(log.lastSeq).toBe(3);
    expect((await take(two, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    await expect(two.next()).resolves.toMatchObject({ done: true });
  });

  it("rejects a waiting read with the signal's reason on abort, and later reads too", async () => {
    const log = logWith(10, 0);
    const controller = new AbortController();
    const events = log.read(0, controller.signal);
    const pending = events.next();
    controller.abort(new Error("UI went away"));
    await expect(pending).rejects.toThrow("UI went away");
    await expect(events.next()).rejects.toThrow("UI went away");
    log.append(note(1));
  });

  it("works as a for-await loop that a break ends", async () => {
    const log = logWith(10, 4);
    const seen: number[] = [];
    for await (const event of log.read(1, undefined)) {
      seen.push(event.seq);
      if (event.seq === 3) break;
    }
    expect(seen).toEqual([2, 3]);
  });
});
