import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, InvalidRequestError, LoginFailedError, type Thread } from "../../src/index.js";
import { createOfflineHarness } from "../../src/testing/index.js";

// The thread lifecycle and account calls of Codex, against the real runtime offline.

type Harness = Awaited<ReturnType<typeof createOfflineHarness>>;

describe("thread lifecycle", () => {
  let harness: Harness;
  let codex: Codex;
  let thread: Thread;

  beforeAll(async () => {
    harness = await createOfflineHarness();
    codex = await Codex.start(harness.codexOptions);
    thread = await codex.threadStart({ cwd: harness.workspace });
    await thread.run("Remember this. [[mock:text Noted: the first answer.]]");
  });

  afterAll(async () => {
    await codex?.close();
    await harness?.close();
    harness?.mock.assertNoEgress();
  });

  it("forks a thread with its history into a new thread", async () => {
    const fork = await codex.threadFork(thread.id);
    expect(fork.id).not.toBe(thread.id);
    const read = await fork.read({ includeTurns: true });
    const items = read.thread.turns?.flatMap((turn) => turn.items) ?? [];
    expect(items.some((item) => item.type === "agentMessage" && item.text === "Noted: the first answer.")).toBe(true);
  });

  it("names a thread and reads the name back", async () => {
    await thread.setName("Lifecycle thread");
    const read = await thread.read();
    expect(read.thread.id).toBe(thread.id);
    expect(read.thread.name).toBe("Lifecycle thread");
  });

  it("compacts a loaded thread", async () => {
    await expect(thread.compact()).resolves.toEqual({});
  });

  it("pages through threadList with its cursor", async () => {
    const first = await codex.threadList({ limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(typeof first.nextCursor).toBe("string");
    const second = await codex.threadList({ limit: 1, cursor: first.nextCursor! });
    expect(second.data).toHaveLength(1);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    const ids = [first.data[0]!.id, second.data[0]!.id];
    expect(ids).toContain(thread.id);
  });

  it("archives and unarchives a thread", async () => {
    await expect(codex.threadArchive(thread.id)).resolves.toEqual({});
    const archived = await codex.threadList({ archived: true });
    expect(archived.data.map((t) => t.id)).toContain(thread.id);
    const active = await codex.threadList({});
    expect(active.data.map((t) => t.id)).not.toContain(thread.id);

    const restored = await codex.threadUnarchive(thread.id);
    expect(restored.id).toBe(thread.id);
    const after = await codex.threadList({});
    expect(after.data.map((t) => t.id)).toContain(thread.id);
  });
});

describe("account", () => {
  let harness: Harness;
  let codex: Codex;

  beforeAll(async () => {
    harness = await createOfflineHarness();
    codex = await Codex.start(harness.codexOptions);
  });

  afterAll(async () => {
    await codex?.close();
    await harness?.close();
    harness?.mock.assertNoEgress();
  });

  it("reports no account, and refuses rate limits without one", async () => {
    await expect(codex.account()).resolves.toMatchObject({ account: null });
    const limits = codex.rateLimits();
    await expect(limits).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(limits).rejects.toThrow(/authentication required/);
  });

  it("stores an API key login in the isolated CODEX_HOME, and logs out", async () => {
    await codex.loginApiKey("sk-test-offline");
    const authFile = join(harness.home, "auth.json");
    expect(existsSync(authFile)).toBe(true);
    expect(readFileSync(authFile, "utf8")).toContain("sk-test-offline");
    await expect(codex.logout()).resolves.toEqual({});
    expect(existsSync(authFile) ? readFileSync(authFile, "utf8") : "").not.toContain("sk-test-offline");
  });

  it("starts a ChatGPT login whose wait() rejects once it is cancelled", async () => {
    const login = await codex.loginChatgpt();
    expect(login.loginId).toMatch(/\S/);
    expect(login.authUrl).toMatch(/^https:\/\//);
    await expect(login.cancel()).resolves.toEqual({ status: "canceled" });
    const error = await login.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect(error).toMatchObject({ loginId: login.loginId });
  });
});
