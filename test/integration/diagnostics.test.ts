import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { Codex } from "../../src/index.js";
import { createOfflineHarness, reply } from "../../src/testing/index.js";

// The log level, the environment switch and the wire trace, against the real runtime offline.

const root = fileURLToPath(new URL("../..", import.meta.url));
const SECRET = "sk-integration-0123456789abcdef";

describe("the wire trace", () => {
  it("writes every message in and out to the logger, with the API key redacted", async () => {
    const lines: string[] = [];
    await using harness = await createOfflineHarness();
    const codex = await Codex.start({ ...harness.codexOptions, trace: true, logger: { debug: (message) => lines.push(message) } });
    try {
      await codex.loginApiKey(SECRET);
      harness.mock.enqueue(reply.text("Traced answer"));
      const result = await (await codex.threadStart({ ephemeral: true })).run("Trace this");
      expect(result.finalResponse).toBe("Traced answer");
    } finally {
      await codex.close();
    }
    const wire = lines.filter((line) => line.startsWith("wire "));
    const sent = wire.filter((line) => line.startsWith("wire -> ")).map((line) => JSON.parse(line.slice(8)) as { method?: string; id?: number });
    const received = wire.filter((line) => line.startsWith("wire <- ")).map((line) => JSON.parse(line.slice(8)) as { method?: string; id?: number });
    expect(sent.map((message) => message.method)).toEqual(expect.arrayContaining(["initialize", "initialized", "account/login/start", "thread/start", "turn/start"]));
    expect(received.map((message) => message.method)).toEqual(expect.arrayContaining(["account/login/completed", "item/agentMessage/delta", "turn/completed"]));
    // Every request sent has its answer traced.
    const answered = new Set(received.filter((message) => message.method === undefined).map((message) => message.id));
    for (const request of sent.filter((message) => message.id !== undefined)) expect(answered).toContain(request.id);
    expect(wire.find((line) => line.includes("account/login/start"))).toContain('"apiKey":"[redacted]"');
    expect(lines.join("\n")).not.toContain(SECRET);
    expect(wire.at(-1)).toMatch(/^wire closed: /);
  });
});

describe("CODEX_SDK_LOG", () => {
  const runWithEnvironment = (value: string) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "test/fixtures/diagnostics/turn-with-env-logging.ts"], {
      cwd: root,
      env: { ...process.env, CODEX_SDK_LOG: value },
      timeout: 60_000,
    });

  it("=trace prints the trace and debug lines through the built-in logger, on stderr only, secrets redacted", async () => {
    const { stdout, stderr } = await runWithEnvironment("trace");
    expect(stdout).toBe("Logged\n");
    expect(stderr).toContain('[codex-app-server-sdk] debug: wire -> {"id":0,"method":"initialize"');
    expect(stderr).toMatch(/\[codex-app-server-sdk\] debug: wire <- \{"method":"turn\/completed"/);
    expect(stderr).toContain("[codex-app-server-sdk] debug: Spawning app-server");
    expect(stderr).toContain('"apiKey":"[redacted]"');
    expect(stderr).not.toContain("sk-from-the-environment");
  });

  it("=error prints no trace and no debug line", async () => {
    const { stdout, stderr } = await runWithEnvironment("error");
    expect(stdout).toBe("Logged\n");
    expect(stderr).not.toContain("[codex-app-server-sdk] debug:");
    expect(stderr).not.toContain("wire ->");
  });
});
