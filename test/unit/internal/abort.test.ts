import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { onAbort } from "../../../src/internal/abort.js";

describe("onAbort", () => {
  it("carries one listener on a signal however many calls wait on it, and removes it when the last one leaves", () => {
    const controller = new AbortController();
    const subscriptions = Array.from({ length: 100 }, () => onAbort(controller.signal, () => undefined));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    for (const subscription of subscriptions.slice(1)) subscription.dispose();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    subscriptions[0]!.dispose();
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("calls every waiting callback once on abort, not those disposed before, and leaves nothing behind", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const subscriptions = Array.from({ length: 1_000 }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
    subscriptions[3]!.dispose();
    controller.abort();
    expect(calls).toHaveLength(999);
    expect(new Set(calls).size).toBe(999);
    expect(calls).not.toContain(3);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    for (const subscription of subscriptions) subscription.dispose();
    expect(calls).toHaveLength(999);
  });

  it("lets callbacks dispose of any subscription while the abort runs; each callback still runs once", () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const subscriptions: { dispose(): void }[] = [];
    for (let i = 0; i < 10; i++) {
      subscriptions.push(
        onAbort(controller.signal, () => {
          calls.push(i);
          for (const subscription of subscriptions) subscription.dispose();
        }),
      );
    }
    controller.abort();
    expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("starts afresh for a signal after it fired: a new controller's signal gets its own listener", () => {
    const first = new AbortController();
    onAbort(first.signal, () => undefined);
    first.abort();
    const second = new AbortController();
    let called = 0;
    onAbort(second.signal, () => called++);
    expect(getEventListeners(second.signal, "abort")).toHaveLength(1);
    second.abort();
    expect(called).toBe(1);
  });
});
