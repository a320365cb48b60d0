import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main as approvals } from "../../examples/approvals.js";
import { main as offlineTest } from "../../examples/offline-test.js";

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
