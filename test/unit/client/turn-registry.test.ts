import { describe, expect, it } from "vitest";
import { ThreadBusyError } from "../../../src/errors.js";
import { TurnRegistry } from "../../../src/client/turn-registry.js";
import type { TurnPhase, TurnStream } from "../../../src/client/turn-stream.js";

/** A stand-in for a turn stream: the registry reads its phase, start and end, and interrupts it. */
class FakeTurn {
  phase: TurnPhase = { name: "starting" };
  turnId: string | undefined;
  interrupts = 0;
  readonly started: Promise<string>;
  readonly settled: Promise<void>;
  #listeners: (() => void)[] = [];
  #resolveStarted!: (id: string) => void;
  #rejectStarted!: (error: unknown) => void;
  #resolveSettled!: () => void;

  constructor(readonly threadId: string, readonly endsOnInterrupt = true) {
    this.started = new Promise((resolve, reject) => {
      this.#resolveStarted = resolve;
      this.#rejectStarted = reject;
    });
    this.started.catch(() => {});
    this.settled = new Promise((resolve) => (this.#resolveSettled = resolve));
  }

  get stream(): TurnStream {
    return this as unknown as TurnStream;
  }

  onSettled(listener: () => void): void {
    this.#listeners.push(listener);
  }

  bind(turnId: string): void {
    this.turnId = turnId;
    this.phase = { name: "running" };
    this.#resolveStarted(turnId);
  }

  failStart(error: unknown): void {
    this.#rejectStarted(error);
    this.settle();
  }

  stop(): void {
    this.phase = { name: "stopping", outcome: { ok: false, error: new Error("aborted") } };
  }

  settle(): void {
    this.phase = { name: "settled", outcome: { ok: false, error: new Error("over") } };
    for (const listener of this.#listeners.splice(0)) listener();
    this.#resolveSettled();
  }

  async interrupt(): Promise<void> {
    this.interrupts++;
    if (this.endsOnInterrupt) this.settle();
  }
}

const registry = () => new TurnRegistry({});

describe("TurnRegistry", () => {
  it("registers a turn per thread and releases it the moment the turn settles", async () => {
    const turns = registry();
    const a = new FakeTurn("t1");
    const b = new FakeTurn("t2");
    await turns.claim(a.stream);
    await turns.claim(b.stream);
    expect(turns.size).toBe(2);
    expect(turns.runningOn("t1")).toBe(a.stream);
    a.settle();
    expect(turns.runningOn("t1")).toBeUndefined();
    expect(turns.size).toBe(1);
  });

  it("rejects a second turn on a thread whose turn runs, naming that turn", async () => {
    const turns = registry();
    const first = new FakeTurn("t1");
    await turns.claim(first.stream);
    first.bind("turn_1");
    const error = await turns.claim(new FakeTurn("t1").stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadBusyError);
    expect(error).toMatchObject({ threadId: "t1", activeTurnId: "turn_1" });
    expect(turns.runningOn("t1")).toBe(first.stream);
  });

  it("waits for a turn/start in flight: busy once it binds, free if it fails", async () => {
    const turns = registry();
    const first = new FakeTurn("t1");
    await turns.claim(first.stream);
    const busy = turns.claim(new FakeTurn("t1").stream).catch((e: unknown) => e);
    first.bind("turn_1");
    expect(await busy).toBeInstanceOf(ThreadBusyError);

    const second = new FakeTurn("t2");
    await turns.claim(second.stream);
    const next = new FakeTurn("t2");
    const claiming = turns.claim(next.stream);
    second.failStart(new Error("turn/start failed"));
    await claiming;
    expect(turns.runningOn("t2")).toBe(next.stream);
  });

  it("lets a new turn wait for a turn being stopped, and the wait can be aborted", async () => {
    const turns = registry();
    const stopping = new FakeTurn("t1");
    await turns.claim(stopping.stream);
    stopping.bind("turn_1");
    stopping.stop();
    const next = new FakeTurn("t1");
    const waiting = turns.claim(next.stream);
    const controller = new AbortController();
    const aborted = turns.claim(new FakeTurn("t1").stream, controller.signal).catch((e: unknown) => e);
    controller.abort(new Error("gave up"));
    expect(await aborted).toMatchObject({ message: "gave up" });
    stopping.settle();
    await waiting;
    expect(turns.runningOn("t1")).toBe(next.stream);
  });

  it("interruptAll interrupts every running turn and waits for them, at most the grace period", async () => {
    const turns = registry();
    const quick = new FakeTurn("t1");
    const stuck = new FakeTurn("t2", false);
    await turns.claim(quick.stream);
    await turns.claim(stuck.stream);
    quick.bind("a");
    stuck.bind("b");
    const started = Date.now();
    await turns.interruptAll(50);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect([quick.interrupts, stuck.interrupts]).toEqual([1, 1]);
    expect(turns.runningOn("t1")).toBeUndefined();
    expect(turns.runningOn("t2")).toBe(stuck.stream);
  });
});
