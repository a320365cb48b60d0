import { describe, expect, it } from "vitest";
import { renderReliability } from "./report.js";
import { trapHostErrors } from "./support/host-trap.js";
import { RUNTIME_FAULT, type ScenarioResult } from "./support/results.js";
import type { ReliabilityResults } from "./support/stress-results.js";

// RELIABILITY.md is generated from the stress run's JSON; this checks the generator on a small
// hand-made result set.

trapHostErrors();

function scenarioResult(overrides: Partial<ScenarioResult> & Pick<ScenarioResult, "id" | "group">): ScenarioResult {
  return {
    fault: "A fault.",
    promise: "A promise.",
    covers: [],
    trials: 3,
    held: 3,
    failures: [],
    figures: {},
    ...overrides,
  };
}

const figure = (...values: number[]) => ({ worst: Math.max(...values), median: values[Math.floor((values.length - 1) / 2)]!, values });

const RESULTS: ReliabilityResults = {
  generatedAt: "2026-01-01T00:00:00.000Z",
  node: "v20.20.2",
  platform: "linux x64",
  cpus: 2,
  cpuModel: "Test CPU",
  loadAverage: [1.5, 1.2, 0.9],
  runtimeVersion: "0.169.0",
  sdkVersion: "0.1.0",
  commit: "0123456789abcdef",
  trialsPerScenario: 3,
  scenarios: [
    scenarioResult({ id: "abort-frozen-mid-turn", group: "waiting", covers: [RUNTIME_FAULT.ignoresCancel], figures: { settleMs: figure(4, 12, 7) } }),
    scenarioResult({
      id: "freeze-mid-burst-abort",
      group: "freeze",
      covers: [RUNTIME_FAULT.ignoresCancel],
      held: 2,
      failures: ["the last call rejected 130 ms after the abort"],
      figures: { settleMs: figure(130, 60, 45), sent: figure(20_000) },
    }),
    scenarioResult({ id: "kill-mid-turn", group: "kill", figures: { settleMs: figure(40, 1_250), leakedChildren: figure(0, 0) } }),
    scenarioResult({ id: "frozen-runtime-memory", group: "memory", figures: { heldBytes: figure(3 * 1024 * 1024), sent: figure(20_000) } }),
    scenarioResult({ id: "unread-stream-unmerged", group: "memory", figures: { bytesPerEvent: figure(301.2), sent: figure(20_000) } }),
    scenarioResult({
      id: "burst",
      group: "load",
      covers: [RUNTIME_FAULT.dropsReplies],
      held: 2,
      failures: ["19999 of 20000 completed"],
      figures: { sent: figure(20_000), completed: { worst: 19_999, median: 20_000, values: [20_000, 19_999] } },
    }),
  ],
};

describe("renderReliability", () => {
  const text = renderReliability(RESULTS);

  it("states the run it comes from", () => {
    expect(text).toContain("SDK 0.1.0, runtime @openai/codex 0.169.0, Node v20.20.2");
    expect(text).toContain("commit `0123456789ab`");
    expect(text).toContain("2 x Test CPU, load average 1.5 / 1.2 / 0.9 (1 / 5 / 15 min) at the end.");
    expect(text).toContain("4 of 6 scenarios held in every trial (16 of 18 trials)");
  });

  it("holds the headline figures to their targets", () => {
    expect(text).toMatch(
      /\| abort or idle timeout on a frozen runtime.*\| ≤ 100 ms \| 12 ms \(abort-frozen-mid-turn\) \| yes \| ignores \$\/cancelRequest \|/,
    );
    expect(text).toContain(
      "| one abort of 20,000 pending calls sharing a signal on a frozen runtime, to the last rejection | ≤ 100 ms | 130 ms (median 60 ms) | **no** | ignores $/cancelRequest |",
    );
    expect(text).toMatch(/\| every pending call after a kill or exit \| ≤ 1,000 ms \| 1,250 ms \(kill-mid-turn\) \| \*\*no\*\* \| - \|/);
    expect(text).toContain("| memory held against a frozen runtime after 20,000 timed-out requests | bounded | 3.0 MiB | yes | - |");
    expect(text).toContain("| memory per unread event of a stream, nothing merged (highWaterMark: Infinity) | measured | 301 B over 20,000 deltas | yes | - |");
    expect(text).toContain("| burst: completed of sent | all | 19,999 of 20,000 | **no** | drops replies under bursts |");
    expect(text).toContain("| child processes left after close() | 0 | 0 over 1 scenarios | yes | - |");
  });

  it("lists each scenario under its group with its failures", () => {
    expect(text).toContain("## SIGKILL of the real runtime");
    expect(text).toContain("| `burst` | A fault. | A promise. | 2 of 3<br>failed: 19999 of 20000 completed |");
  });

  it("maps the runtime's own faults to the scenarios that cover them", () => {
    expect(text).toContain("| drops replies under bursts | `burst` |");
    expect(text).toContain("| ignores $/cancelRequest | `abort-frozen-mid-turn`, `freeze-mid-burst-abort` |");
    expect(text).toContain("| never answers malformed requests | - |");
  });
});
