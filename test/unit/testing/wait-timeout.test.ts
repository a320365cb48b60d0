import { describe, expect, it } from "vitest";
import { startMockResponses } from "../../../src/testing/index.js";

describe("MockResponses waits", () => {
  it("treat an Infinity timeout as no timeout instead of failing at once", async () => {
    const mock = await startMockResponses();
    try {
      let settled = false;
      const waiting = mock.waitForRequests(1, Infinity).then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      await fetch(`${mock.url}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", stream: true, input: [] }),
      }).then((response) => response.text());
      await waiting;
      expect(mock.requests).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });

  it("rejects a negative or NaN timeout with a TypeError", async () => {
    const mock = await startMockResponses();
    try {
      await expect(mock.waitForRequests(1, -1)).rejects.toThrow(TypeError);
      await expect(mock.waitForRequest(() => true, Number.NaN)).rejects.toThrow(TypeError);
    } finally {
      await mock.close();
    }
  });
});
