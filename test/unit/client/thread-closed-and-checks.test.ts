import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { TransportClosedError } from "../../../src/errors.js";
import { setup } from "./fake-peer.js";

describe("Thread.turn() on a closed connection", () => {
  it("rejects and leaves no listener on the caller's signal and no active turn", async () => {
    const { connection, core, thread } = await setup();
    await connection.close();
    const controller = new AbortController();
    await expect(thread.turn("hello", { signal: controller.signal, idleTimeoutMs: 60_000 })).rejects.toBeInstanceOf(
      TransportClosedError,
    );
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    expect(core.turns.size).toBe(0);
  });
});
