import { describe, expect, it } from "vitest";
import {
  CodexPool,
  CodexStartError,
  NoHealthyMemberError,
  ThreadNotFoundError,
  TransportClosedError,
  fewestRunningTurns,
  type PoolMemberChange,
  type PoolMemberInfo,
  type PoolMemberOptions,
} from "../../../src/index.js";
import { OwnerCache } from "../../../src/pool/owner-cache.js";
import { choose } from "../../../src/pool/placement.js";
import { waitFor } from "../../helpers/wait-for.js";

// The pool without a runtime: its option checks, placement, owner cache, and the lifecycle paths
// that need no server (members that cannot start, discovery on a lazy pool, close).

const MISSING_BIN = "/nonexistent/codex-for-pool-tests";
const broken = (name: string): PoolMemberOptions => ({ name, codexBin: MISSING_BIN });

describe("CodexPool options", () => {
  it("reject a bad pool option before anything starts", () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /CodexPool options must be an object with members/],
      [{}, /"members" must be an array of member options or a function/],
      [{ members: [] }, /"members" is empty/],
      [{ members: [{}], placement: () => "x" }, /unknown option "placement". Known options: locate, logLevel, logger, members, place, refreshIntervalMs, rejoin/],
      [{ members: [{}], place: "fewest" }, /option "place" must be a function, got string "fewest"/],
      [{ members: [{}], rejoin: { initialDelayMs: -1 } }, /"rejoin" option "initialDelayMs" must be a non-negative number/],
      [{ members: [{}], refreshIntervalMs: 1_000 }, /"refreshIntervalMs" needs members given as a function/],
      [{ members: [{}], logger: { warn: "loud" } }, /"logger.warn" must be a function/],
      [{ members: [{}], logLevel: "loud" }, /"logLevel" must be one of "off", "error", "warn", "info", "debug"/],
      [{ members: [42] }, /members"\[0\] must be an object of Codex options, got number 42/],
      [{ members: [{ name: "" }] }, /members"\[0\] option "name" must be a non-empty string/],
      [{ members: [{ name: "a" }, { name: "a" }] }, /members"\[1\] is called "a" like an earlier member/],
      [{ members: [{}, {}, { name: "member-1" }] }, /members"\[2\] is called "member-1" like an earlier member/],
      [{ members: [{ name: "a", modle: "x" }] }, /CodexPool member "a": Codex got an unknown option "modle"/],
      [{ members: [{ name: "a", transport: { kind: "stdio" }, reconnect: {} }] }, /CodexPool member "a": Codex option "reconnect" needs/],
      [{ members: [{ transport: { attach() {}, send() {}, close: async () => {} } }] }, /not a Transport object: the pool opens a new connection/],
    ];
    for (const [options, message] of cases) expect(() => new CodexPool(options as never), String(message)).toThrow(message);
    for (const [options] of cases) expect(() => new CodexPool(options as never)).toThrow(TypeError);
  });

  it("name members by their transport when no name is given", () => {
    const pool = new CodexPool({
      members: [
        { transport: { kind: "websocket", url: "ws://127.0.0.1:4500" } },
        { transport: { kind: "unix", path: "/run/codex.sock" } },
        { codexBin: MISSING_BIN },
        { name: "mine", codexBin: MISSING_BIN },
      ],
    });
    expect(pool.members.map((m) => [m.name, m.state])).toEqual([
      ["ws://127.0.0.1:4500", "idle"],
      ["unix:/run/codex.sock", "idle"],
      ["member-2", "idle"],
      ["mine", "idle"],
    ]);
  });

  it("check call options before starting a member", async () => {
    const pool = new CodexPool({ members: [broken("a")] });
    await expect(pool.threadStart({ modle: "x" } as never)).rejects.toThrow(/threadStart\(\) got an unknown option "modle"/);
    await expect(pool.threadResume("")).rejects.toThrow(/threadResume\(\) needs a thread id string/);
    await expect(pool.threadList({ limit: -1 })).rejects.toThrow(/threadList\(\) option "limit"/);
    await expect(pool.threadList({ cursor: "not-ours" })).rejects.toThrow(/not a cursor of this pool/);
    expect(() => pool.onMemberChange("listener" as never)).toThrow(TypeError);
    expect(pool.members[0]!.state).toBe("idle");
    await pool.close();
  });
});

describe("placement", () => {
  const info = (name: string, runningTurns: number, loadedThreads: number) => ({ name, runningTurns, loadedThreads }) as PoolMemberInfo;

  it("by default picks the fewest running turns, then the fewest loaded threads, then the first listed", () => {
    const pick = (members: PoolMemberInfo[]) => fewestRunningTurns(members, {}).name;
    expect(pick([info("a", 2, 0), info("b", 1, 9), info("c", 1, 3)])).toBe("c");
    expect(pick([info("a", 0, 1), info("b", 0, 1)])).toBe("a");
    expect(pick([info("a", 3, 3)])).toBe("a");
  });

  it("takes a member or its name from a custom policy, and nothing else", () => {
    const members = [info("a", 0, 0), info("b", 0, 0)];
    expect(choose(() => "b", members, {})).toBe("b");
    expect(choose((m) => m[1]!, members, {})).toBe("b");
    expect(choose((m, options) => (options.model === "big" ? "b" : fewestRunningTurns(m, options)), members, { model: "big" })).toBe("b");
    expect(() => choose(() => "c", members, {})).toThrow(/must return one of the members it was given, or its name \("a", "b"\), got "c"/);
    expect(() => choose(() => undefined as never, members, {})).toThrow(TypeError);
  });
});

describe("the owner cache", () => {
  it("keeps the most recently used owners up to its capacity", () => {
    const cache = new OwnerCache(2);
    cache.set("t1", "a");
    cache.set("t2", "b");
    expect(cache.get("t1")).toBe("a");
    cache.set("t3", "c");
    expect([cache.get("t1"), cache.get("t2"), cache.get("t3"), cache.size]).toEqual(["a", undefined, "c", 2]);
    cache.delete("t1");
    expect(cache.get("t1")).toBeUndefined();
  });
});

describe("a pool whose members cannot start", () => {
  it("CodexPool.start() rejects with NoHealthyMemberError naming every member's failure, and leaves nothing running", async () => {
    const changes: string[] = [];
    const error = await CodexPool.start({ members: [broken("a"), broken("b")], logger: { info: (m) => changes.push(m) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoHealthyMemberError);
    const failure = error as NoHealthyMemberError;
    expect(failure.members.map((m) => [m.member, m.state])).toEqual([
      ["a", "down"],
      ["b", "down"],
    ]);
    expect(failure.members.every((m) => m.error instanceof CodexStartError && m.error.kind === "codex-bin-not-found")).toBe(true);
    expect(failure.message).toMatch(/No member of the pool is up to take a new thread: "a" is down \(.*codexBin.*\); "b" is down/s);
    expect(changes.some((line) => /"a" is closed/.test(line))).toBe(true);
  });

  it("a lazy pool rejects threadStart() and keeps restarting its members with backoff until closed", async () => {
    const changes: PoolMemberChange[] = [];
    const pool = new CodexPool({ members: [broken("a")], rejoin: { initialDelayMs: 10, maxDelayMs: 20 } });
    pool.onMemberChange((change) => changes.push(change));
    const error = await pool.threadStart().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoHealthyMemberError);
    expect((error as NoHealthyMemberError).members[0]!.error).toBeInstanceOf(CodexStartError);
    const first = pool.members[0]!.codex;
    await waitFor(() => (pool.members[0]!.codex !== first ? true : undefined), "a restart attempt with a new client");
    expect(pool.members[0]!.state).toBe("down");
    await expect(pool.threadResume("01a232c0-7588-7253-90d4-740d10d2f0a9")).rejects.toBeInstanceOf(ThreadNotFoundError);
    await pool.close();
    expect(changes.map((c) => c.state)).toEqual(["starting", "down", "closed"]);
    expect(changes[1]!.error).toBeInstanceOf(CodexStartError);
    await expect(pool.threadStart()).rejects.toBeInstanceOf(TransportClosedError);
    await expect(pool.threadList()).rejects.toThrow(/This CodexPool is closed/);
  });

  it("a thread known to be on a member that is down rejects naming the member", async () => {
    const pool = new CodexPool({ members: [broken("a")], locate: () => "a" });
    const error = await pool.threadResume("01a232c0-7588-7253-90d4-740d10d2f0a9").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/Pool member "a" is down \(.*\)\. Its threads are stored in its CODEX_HOME/);
    await expect(new CodexPool({ members: [broken("a")], locate: () => "z" }).memberOf("t")).rejects.toThrow(
      /locate\(\) places thread t on "z", which is not a member of the pool \(its members: "a"\)/,
    );
    await expect(new CodexPool({ members: [broken("a")], locate: () => 7 as never }).memberOf("t")).rejects.toThrow(
      /locate\(\) function must return a member name, undefined or null, got number 7/,
    );
    await pool.close();
  });
});

describe("discovery", () => {
  it("re-reads a members function on refresh(): members join, and members that left drain and go", async () => {
    let listed: PoolMemberOptions[] = [broken("a"), broken("b")];
    let reads = 0;
    const changes: string[] = [];
    const pool = new CodexPool({
      members: async () => {
        reads++;
        return listed;
      },
      refreshIntervalMs: Infinity,
    });
    pool.onMemberChange((change) => changes.push(`${change.name}:${change.previous ?? "new"}->${change.state}`));
    expect(pool.members).toEqual([]);
    await pool.refresh();
    expect(pool.members.map((m) => m.name)).toEqual(["a", "b"]);
    listed = [broken("b"), broken("c")];
    await Promise.all([pool.refresh(), pool.refresh()]);
    expect(reads).toBe(2);
    await waitFor(() => (pool.members.map((m) => m.name).join() === "b,c" ? true : undefined), "a to leave");
    expect(changes).toEqual(["a:new->idle", "b:new->idle", "c:new->idle", "a:idle->closed"]);
    listed = [{ name: "c", modle: "x" } as never];
    await expect(pool.refresh()).rejects.toThrow(/CodexPool member "c": Codex got an unknown option "modle"/);
    expect(pool.members.map((m) => m.name)).toEqual(["b", "c"]);
    await pool.close();
  });

  it("re-reads on its interval, and a failing read keeps the members as they were", async () => {
    let reads = 0;
    const warnings: string[] = [];
    const pool = new CodexPool({
      members: () => {
        reads++;
        if (reads > 1) throw new Error("discovery is down");
        return [broken("a")];
      },
      refreshIntervalMs: 20,
      rejoin: { initialDelayMs: 60_000 },
      logger: { warn: (message) => warnings.push(message) },
    });
    await expect(pool.ready()).rejects.toBeInstanceOf(NoHealthyMemberError);
    await waitFor(() => (reads >= 3 ? true : undefined), "two more reads");
    expect(warnings.some((w) => /members failed; they stay as they were: discovery is down/.test(w))).toBe(true);
    expect(pool.members.map((m) => m.name)).toEqual(["a"]);
    await pool.close();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(reads).toBe(after);
  });

  it("a members function that fails on the first read fails the start with NoHealthyMemberError", async () => {
    const pool = new CodexPool({
      members: () => {
        throw new Error("no DNS");
      },
    });
    const error = await pool.threadStart().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoHealthyMemberError);
    expect((error as Error).message).toMatch(/members\(\) function failed, so the pool has no members: no DNS/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    const empty = new CodexPool({ members: () => [] });
    await expect(empty.ready()).rejects.toThrow(/The pool has no members/);
    await Promise.all([pool.close(), empty.close()]);
  });

  it("await using closes the pool", async () => {
    let member: PoolMemberInfo | undefined;
    {
      await using pool = new CodexPool({ members: [broken("a")] });
      member = pool.members[0];
    }
    await expect(member!.codex.ready()).rejects.toBeInstanceOf(TransportClosedError);
  });
});
