import { describe, expect, it } from "vitest";
import { reply } from "../../../src/testing/index.js";
import { streamSteps } from "../../../src/testing/sse.js";

describe("a very long scripted answer", () => {
  it("becomes one SSE step per delta, however many deltas it has", () => {
    const count = 200_000;
    const steps = streamSteps(reply.stream(count), "resp_long");
    expect(steps.filter((step) => step.delta)).toHaveLength(count);
    expect(steps[0]!.chunk).toContain("response.created");
    expect(steps.at(-1)!.chunk).toContain("response.completed");
  });
});
