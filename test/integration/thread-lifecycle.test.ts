import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError, LoginFailedError, type Thread } from "../../src/index.js";
import { useOfflineCodex } from "../helpers/offline-codex.js";

// The thread lifecycle and account calls of Codex, against the real runtime offline.

describe("thread lifecycle", () => {
  const suite = useOfflineCodex();
  let thread: Thread;

  beforeAll(async () => {
    thread = await suite.codex.threadStart({ cwd: suite.harness.workspace });
    await thread.run("Remember this. [[mock:text Noted: the first answer.]]");
  });

  it("forks a thread with its history into a new thread", async () => {
    const fork = await suite.codex.threadFork(thread.id);
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
    const first = await suite.codex.threadList({ limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(typeof first.nextCursor).toBe("string");
    const second = await suite.codex.threadList({ limit: 1, cursor: first.nextCursor! });
    expect(second.data).toHaveLength(1);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    const ids = [first.data[0]!.id, second.data[0]!.id];
    expect(ids).toContain(thread.id);
  });

  it("archives and unarchives a thread", async () => {
    await expect(suite.codex.threadArchive(thread.id)).resolves.toEqual({});
    const archived = await suite.codex.threadList({ archived: true });
    expect(archived.data.map((t) => t.id)).toContain(thread.id);
    const active = await suite.codex.threadList({});
    expect(active.data.map((t) => t.id)).not.toContain(thread.id);

    const restored = await suite.codex.threadUnarchive(thread.id);
    expect(restored.id).toBe(thread.id);
    const after = await suite.codex.threadList({});
    expect(after.data.map((t) => t.id)).toContain(thread.id);
    // The restored thread runs turns, and sees its history.
    const turn = await restored.run("Still there? [[mock:text Yes, still here.]]");
    expect(turn.status).toBe("completed");
    const read = await restored.read({ includeTurns: true });
    expect(read.thread.turns.length).toBeGreaterThanOrEqual(2);
  });
});

describe("account", () => {
  const suite = useOfflineCodex();

  it("reports no account, and refuses rate limits without one", async () => {
    await expect(suite.codex.account()).resolves.toMatchObject({ account: null });
    const limits = suite.codex.rateLimits();
    await expect(limits).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(limits).rejects.toThrow(/authentication required/);
  });

  it("stores an API key login in the isolated CODEX_HOME, and logs out", async () => {
    await suite.codex.loginApiKey("sk-test-offline");
    const authFile = join(suite.harness.home, "auth.json");
    expect(existsSync(authFile)).toBe(true);
    expect(readFileSync(authFile, "utf8")).toContain("sk-test-offline");
    await expect(suite.codex.logout()).resolves.toEqual({});
    expect(existsSync(authFile) ? readFileSync(authFile, "utf8") : "").not.toContain("sk-test-offline");
  });

  it("starts a ChatGPT login whose wait() rejects once it is cancelled", async () => {
    const login = await suite.codex.loginChatgpt();
    expect(login.loginId).toMatch(/\S/);
    expect(login.authUrl).toMatch(/^https:\/\//);
    await expect(login.cancel()).resolves.toEqual({ status: "canceled" });
    const error = await login.wait().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoginFailedError);
    expect(error).toMatchObject({ loginId: login.loginId });
  });
});
