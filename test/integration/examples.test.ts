import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main as approvals } from "../../examples/approvals.js";
import { main as eventLog } from "../../examples/event-log.js";
import { main as goals } from "../../examples/goals.js";
import { main as offlineTest } from "../../examples/offline-test.js";
import { main as tools } from "../../examples/tools.js";

// The examples are type-checked with the project and run here, offline, against the real runtime.

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("examples", () => {
  it("offline-test.ts passes its own assertions", async () => {
    await expect(offlineTest()).resolves.toBeUndefined();
  });

  it("approvals.ts accepts the allow-list and declines the rest, as the files on disk show", async () => {
    await expect(approvals()).resolves.toEqual({
      decisions: ["accept: touch allowed.txt", "decline: rm -rf build", "decline: touch sneaky.txt && rm -rf build"],
      onDisk: { "allowed.txt": true, build: true, "sneaky.txt": false },
    });
  });

  it("tools.ts runs its tools for the model, and the model is told of a throw and of invalid arguments", async () => {
    await expect(tools()).resolves.toEqual({
      answers: [
        "Sunny and 21°C in Lisbon.",
        "Customer #42",
        'Tool "crm.find_customer" failed: no customer has the email bob@example.com.',
        'Tool "crm.open_ticket" was not run: its arguments do not match its input schema (/customer must be integer).',
      ],
      failed: [false, false, true, true],
    });
  });

  it("goals.ts follows the goal's server-started turns until the model marks it complete", async () => {
    const result = await goals();
    expect(result.turns).toEqual([
      "completed: First haiku: cold water, old stones.",
      "completed: Second haiku: the river keeps its name.",
      "completed: Both haiku are written.",
    ]);
    expect(result.final).toBe("complete");
    expect(result.goalStatuses[0]).toBe("active");
    expect(result.goalStatuses.slice(-2)).toEqual(["complete", "cleared"]);
  });

  it("event-log.ts replays the turn a returning UI missed, then follows the next one live", async () => {
    const result = await eventLog();
    expect(result.firstReplayed).toBe(result.resumedAfter + 1);
    expect(result.shown.map((line) => line.replace(/^#\d+ /, ""))).toEqual([
      "The first answer.",
      "The second answer, given while the UI was away.",
      "The third answer, shown live.",
    ]);
  });

  it("npm run demo shows every step offline, without credentials", async () => {
    const env = { ...process.env, OPENAI_API_KEY: "", CODEX_API_KEY: "" };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "examples/demo.ts"], {
      cwd: root,
      env,
      timeout: 60_000,
    });
    for (const step of [
      "1) A streamed answer",
      "2) A multi-turn conversation on one thread",
      "3) A command approval round trip",
      "4) An interrupted turn",
      "5) The final Turn",
    ]) {
      expect(stdout).toContain(step);
    }
    expect(stdout).toMatch(/status: interrupted/);
    expect(stdout).toMatch(/finalResponse: "/);
  });
});
