import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { main as approvals } from "../../examples/approvals.js";
import { main as chat } from "../../examples/chat.js";
import { main as concurrentThreads } from "../../examples/concurrent-threads.js";
import { main as eventLog } from "../../examples/event-log.js";
import { main as goals } from "../../examples/goals.js";
import { main as login } from "../../examples/login.js";
import { main as offlineTest } from "../../examples/offline-test.js";
import { main as quickstart } from "../../examples/quickstart.js";
import { main as remoteWebSocket } from "../../examples/remote-websocket.js";
import { main as resumeAndFork } from "../../examples/resume-and-fork.js";
import { main as retryOnOverload } from "../../examples/retry-on-overload.js";
import { main as steerAndInterrupt } from "../../examples/steer-and-interrupt.js";
import { main as streamingUi } from "../../examples/streaming-ui.js";
import { main as structuredOutput } from "../../examples/structured-output.js";
import { main as tools } from "../../examples/tools.js";
import { main as webPage } from "../../examples/web-page.js";

// The examples are type-checked with the project and run here, offline, against the real runtime,
// several at once: each has its own harness (mock model, CODEX_HOME) and its own app-server.

const root = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

describe.concurrent("examples", () => {
  it("quickstart.ts runs a turn, then streams a second one", async () => {
    await expect(quickstart()).resolves.toEqual({
      answer: "It is an empty workspace.",
      streamed: "C'est un espace de travail vide.",
      tokens: expect.any(Number),
    });
  });

  it("streaming-ui.ts shows the reasoning, the command with its output, the answer and a status line, in order", async () => {
    let screen = "";
    await streamingUi((text) => (screen += text));
    const lines = screen.split("\n").filter((line) => line.trim() !== "");
    expect(lines[0]).toBe("thinking: I should list the workspace first.");
    expect(lines.slice(1, 4)).toEqual(["$ echo README.md", "README.md", "[exit 0]"]);
    expect(lines[4]).toBe("There is one file, README.md.");
    expect(lines[5]).toMatch(/^── completed in \d+ ms, [1-9]\d* tokens$/);
  });

  it("chat.ts keeps one conversation: each turn's request carries the earlier answers", async () => {
    await expect(chat(["My name is Ada.", "What is my name?", "Thanks."])).resolves.toEqual([
      "(history: 0 earlier answers) You said: My name is Ada.",
      "(history: 1 earlier answer) You said: What is my name?",
      "(history: 2 earlier answers) You said: Thanks.",
    ]);
  });

  it("steer-and-interrupt.ts steers a turn, aborts one with a signal and a deadline, and interrupts one", async () => {
    await expect(steerAndInterrupt()).resolves.toEqual({
      steered: "Goodbye!",
      busyRefused: true,
      aborted: "The user pressed Stop.",
      interrupted: "interrupted",
      statuses: ["completed", "interrupted", "interrupted", "interrupted"],
    });
  });

  it("approvals.ts accepts the allow-list and declines the rest, as the files on disk show", async () => {
    await expect(approvals()).resolves.toEqual({
      decisions: ["accept: touch allowed.txt", "decline: rm -rf build", "decline: touch sneaky.txt && rm -rf build"],
      onDisk: { "allowed.txt": true, build: true, "sneaky.txt": false },
    });
  });

  it("retry-on-overload.ts gets every answer of a burst, does not retry a refusal, and runs a failed turn again", async () => {
    const result = await retryOnOverload();
    expect(result).toMatchObject({ burst: 300, succeeded: 300, invalidAttempts: 1, answer: "Answered on the second try." });
    expect(result.retried + result.timedOut).toBeLessThanOrEqual(300);
  });

  it("concurrent-threads.ts runs three threads at once, their deltas interleaved", async () => {
    const { answers, order } = await concurrentThreads();
    expect(answers).toEqual(["parser.ts looks fine to me.", "lexer.ts looks fine to me.", "printer.ts looks fine to me."]);
    const switches = order.filter((file, i) => i > 0 && file !== order[i - 1]).length;
    expect(switches).toBeGreaterThan(2); // not one thread after another
  });

  it("resume-and-fork.ts continues a thread from a second client, forks it, and unarchives the fork ready for turns", async () => {
    await expect(resumeAndFork()).resolves.toEqual({
      listed: true,
      sawHistory: true,
      turns: { source: 2, fork: 3 },
      unarchived: "Still here, Grace.",
    });
  });

  it("login.ts logs in with a key and out, cancels a browser login, and the device-code request meets the egress trap", async () => {
    const result = await login();
    expect(result).toMatchObject({
      startKind: "auth-required",
      accounts: ["none", "apiKey", "none"],
      authFile: [true, false],
      browserLogin: "cancelled",
      egress: ["auth.openai.com:443"],
    });
    expect(result.deviceCode).toMatch(/^InternalRpcError: .*device code/);
  });

  it("structured-output.ts parses typed output and reports where an answer does not match", async () => {
    await expect(structuredOutput()).resolves.toEqual({
      population: 522250,
      summary: "Sunny",
      mismatch: { reason: "schema-mismatch", text: '{"city":"Marseille","population":"about 870,000"}', paths: ["/population"] },
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

  it("offline-test.ts passes its own assertions", async () => {
    await expect(offlineTest()).resolves.toBeUndefined();
  });

  it("remote-websocket.ts serves two clients in turn from one server, and refuses a wrong token", async () => {
    await expect(remoteWebSocket()).resolves.toEqual({
      answers: ["Hello, first client.", "Hello, second client."],
      wrongToken: "auth-failed",
      serverRunning: true,
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

  it("web-page.ts streams a turn into a page in headless Chromium, delta by delta", async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}, so the web page example cannot be checked in a browser. ` +
          "Install Debian's chromium package (apt-get install chromium), as .ci/run does.",
      );
    }
    const { url, close } = await webPage();
    const profile = await mkdtemp(join(tmpdir(), "chromium-profile-"));
    try {
      const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
      try {
        const page = await browser.newPage();
        await page.goto(url);
        await page.fill("#prompt", "What is a river?");
        await page.click("button");
        await page.waitForFunction('document.getElementById("status").textContent === "completed"', undefined, { timeout: 20_000 });
        expect(await page.textContent("#answer")).toBe("You asked: What is a river? Here is the answer, streamed word by word.");
        expect(await page.evaluate("window.deltas")).toBe(14); // one event per word
      } finally {
        await browser.close();
      }
    } finally {
      await close();
      await rm(profile, { recursive: true, force: true });
    }
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
