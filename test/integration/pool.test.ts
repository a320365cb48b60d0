import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodexPool,
  fewestRunningTurns,
  ThreadNotFoundError,
  TransportClosedError,
  type PlacementPolicy,
  type PoolMemberChange,
  type PoolMemberOptions,
  type Thread,
} from "../../src/index.js";
import { createOfflineHarness, startMockResponses, type MockResponses, type OfflineHarness } from "../../src/testing/index.js";
import { startListeningServer, type ListeningServer } from "../helpers/listening-server.js";
import { childrenNamed } from "../helpers/processes.js";
import { startTcpRelay, type TcpRelay } from "../helpers/tcp-relay.js";
import { waitFor } from "../helpers/wait-for.js";

// A pool of three stdio members and two WebSocket members on the real runtime, offline: placement,
// routing, merged listing, a member lost mid-run and its return, and resuming from a fresh pool.
// Each member has its own CODEX_HOME (one harness each); the WebSocket servers sit behind TCP
// relays, so a restarted server (on a new port) is reached at the same URL.

const TOKEN = "pool-suite-token";
const THREADS = 30;
const STDIO = ["local-0", "local-1", "local-2"];
const REMOTE = ["remote-0", "remote-1"];

let mock: MockResponses;
const harnesses = new Map<string, OfflineHarness>();
const servers = new Map<string, ListeningServer>();
const relays = new Map<string, TcpRelay>();
const cleanup: (() => Promise<unknown>)[] = [];
let memberOptions: PoolMemberOptions[];
let pool: CodexPool;
const changes: PoolMemberChange[] = [];
const poolLog: string[] = [];
/** Thread id -> the member it was placed on, as `memberOf()` said right after the start. */
const placedOn = new Map<string, string>();
let threads: Thread[] = [];
/** The pool's placement policy, which a test swaps. */
let policy: PlacementPolicy = fewestRunningTurns;

async function serve(name: string): Promise<ListeningServer> {
  const server = await startListeningServer(harnesses.get(name)!, { kind: "websocket", auth: { kind: "capability-token", token: TOKEN } });
  servers.set(name, server);
  cleanup.push(() => server.stop());
  return server;
}

/** The threads a member's server has loaded, by its own `thread/loaded/list`. */
async function loadedOn(name: string): Promise<Set<string>> {
  const member = pool.members.find((m) => m.name === name)!;
  const loaded = await member.codex.request("thread/loaded/list", {});
  return new Set(loaded.data);
}

const stateOf = (name: string) => pool.members.find((m) => m.name === name)?.state;
const changed = (name: string, state: string, after: number) =>
  changes.slice(after).some((change) => change.name === name && change.state === state) || undefined;

beforeAll(async () => {
  mock = await startMockResponses();
  await Promise.all(
    [...STDIO, ...REMOTE].map(async (name) => {
      const harness = await createOfflineHarness({ mock });
      harnesses.set(name, harness);
      cleanup.push(() => harness.close());
    }),
  );
  await Promise.all(
    REMOTE.map(async (name) => {
      const server = await serve(name);
      const relay = await startTcpRelay(server.port!);
      relays.set(name, relay);
      cleanup.push(() => relay.close());
    }),
  );
  memberOptions = [
    ...STDIO.map((name) => ({ name, ...harnesses.get(name)!.codexOptions })),
    ...REMOTE.map((name) => ({
      name,
      transport: { kind: "websocket" as const, url: relays.get(name)!.url, token: TOKEN },
      // remote-0 reconnects by itself; remote-1 is restarted by the pool.
      ...(name === "remote-0" ? { reconnect: { maxAttempts: 20, initialDelayMs: 50, maxDelayMs: 300 } } : {}),
    })),
  ];
  pool = new CodexPool({
    members: memberOptions,
    place: (members, options) => policy(members, options),
    rejoin: { initialDelayMs: 600, maxDelayMs: 1_000 },
    logger: { info: (message) => poolLog.push(message) },
  });
  pool.onMemberChange((change) => changes.push(change));
  await pool.ready();
}, 60_000);

afterAll(async () => {
  await pool?.close();
  for (const close of cleanup.reverse()) await close().catch(() => undefined);
  mock?.assertNoEgress();
  await mock?.close();
});

describe("CodexPool on the real runtime", () => {
  it("starts every member in parallel", () => {
    expect(pool.members.map((m) => [m.name, m.state])).toEqual([...STDIO, ...REMOTE].map((name) => [name, "up"]));
    expect(new Set(pool.members.map((m) => m.codex)).size).toBe(5);
  });

  it(`spreads ${THREADS} concurrent threads across the members, and every later turn lands on its member`, async () => {
    threads = await Promise.all(Array.from({ length: THREADS }, () => pool.threadStart()));
    for (const thread of threads) placedOn.set(thread.id, (await pool.memberOf(thread.id)).name);
    const counts = [...STDIO, ...REMOTE].map((name) => [...placedOn.values()].filter((m) => m === name).length);
    const mean = THREADS / counts.length;
    expect(Math.max(...counts)).toBeLessThanOrEqual(mean + 2);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(THREADS);

    for (const round of [1, 2]) {
      const results = await Promise.all(threads.map((thread, i) => thread.run(`Round ${round}. [[mock:text t${i}r${round}]]`)));
      expect(results.map((r) => r.finalResponse)).toEqual(threads.map((_, i) => `t${i}r${round}`));
    }
    // Each member's server has loaded exactly the threads placed on it.
    for (const name of [...STDIO, ...REMOTE]) {
      const loaded = await loadedOn(name);
      for (const [threadId, owner] of placedOn) expect(loaded.has(threadId), `${threadId} on ${name}`).toBe(owner === name);
    }
    // And each thread's history is where it was placed: two completed turns.
    const read = await Promise.all(threads.map((thread) => thread.read({ includeTurns: true })));
    expect(read.every((r) => r.thread.turns.length === 2 && r.thread.turns.every((t) => t.status === "completed"))).toBe(true);
  });

  it("merges the members' thread/list pages: no duplicates, no gaps, newest first", async () => {
    const everyThread = new Set<string>();
    for (const member of pool.members) {
      let cursor: string | null | undefined = null;
      do {
        const page = await member.codex.threadList({ limit: 100, cursor });
        for (const thread of page.data) everyThread.add(thread.id);
        cursor = page.nextCursor;
      } while (cursor);
    }
    expect(everyThread.size).toBeGreaterThanOrEqual(THREADS);

    for (const limit of [4, 7]) {
      const listed: { id: string; createdAt: number }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await pool.threadList({ limit, cursor });
        expect(page.unavailable).toEqual([]);
        expect(page.data.length).toBeLessThanOrEqual(limit);
        listed.push(...page.data.map((t) => ({ id: t.id, createdAt: t.createdAt })));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      const ids = listed.map((t) => t.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(everyThread);
      expect(pages).toBe(Math.ceil(everyThread.size / limit));
      const order = listed.map((t) => t.createdAt);
      expect(order).toEqual([...order].sort((a, b) => b - a));
    }
  });

  it("places by a custom policy, and routes fork, archive and unarchive to the member that holds the thread", async () => {
    const seen: string[][] = [];
    policy = (members, options) => {
      seen.push(members.map((m) => m.name));
      return options.model === "pinned" ? "remote-1" : fewestRunningTurns(members, options);
    };
    try {
      const pinned = await pool.threadStart({ model: "pinned" });
      expect((await pool.memberOf(pinned.id)).name).toBe("remote-1");
      expect(seen[0]).toEqual([...STDIO, ...REMOTE]);
      policy = () => "nowhere";
      await expect(pool.threadStart()).rejects.toThrow(/place\(\) policy must return one of the members it was given/);
    } finally {
      policy = fewestRunningTurns;
    }

    const [source, owner] = [...placedOn].find(([, name]) => name === "local-2")!;
    const fork = await pool.threadFork(source);
    expect((await pool.memberOf(fork.id)).name).toBe(owner);
    expect((await loadedOn(owner)).has(fork.id)).toBe(true);
    expect((await fork.run("In the fork. [[mock:text forked]]")).finalResponse).toBe("forked");
    await fork.close();
    await pool.threadArchive(fork.id);
    const archived = await pool.members.find((m) => m.name === owner)!.codex.threadList({ archived: true });
    expect(archived.data.map((t) => t.id)).toContain(fork.id);
    const restored = await pool.threadUnarchive(fork.id);
    expect((await restored.read()).thread.id).toBe(fork.id);
  });

  it("a member killed mid-run rejects only its own turns, new threads go elsewhere, and it rejoins after restart", async () => {
    const mark = changes.length;
    const handles = await Promise.all(threads.map((thread) => thread.turn("Count slowly. [[mock:stream 60]] [[mock:delay 25]]")));
    const outcomes = handles.map((handle) => handle.run().then(() => "completed", (error: unknown) => error));
    await waitFor(() => pool.members.reduce((sum, m) => sum + m.runningTurns, 0) === THREADS || undefined, "every turn running");

    const local = pool.members.find((m) => m.name === "local-1")!;
    const before = childrenNamed("codex");
    process.kill(local.codex.pid!, "SIGKILL");
    servers.get("remote-1")!.child.kill("SIGKILL");
    // Placed on local-1 before the pool has seen it die: the start fails there and goes elsewhere.
    policy = (members, options) => members.find((m) => m.name === "local-1") ?? fewestRunningTurns(members, options);
    try {
      const moved = await pool.threadStart();
      expect((await pool.memberOf(moved.id)).name).not.toBe("local-1");
      expect(poolLog).toContainEqual(expect.stringMatching(/^Pool member "local-1" could not start a thread \(.*\); trying another member\.$/s));
    } finally {
      policy = fewestRunningTurns;
    }
    await waitFor(() => (changed("local-1", "down", mark) && changed("remote-1", "down", mark)) || undefined, "both members down");

    // Placement skips the members that are down.
    const extra = await pool.threadStart();
    expect(["local-1", "remote-1"]).not.toContain((await pool.memberOf(extra.id)).name);

    const settled = await Promise.all(outcomes);
    threads.forEach((thread, i) => {
      const owner = placedOn.get(thread.id)!;
      if (owner === "local-1" || owner === "remote-1") {
        expect(settled[i]).toBeInstanceOf(TransportClosedError);
        expect(settled[i]).toMatchObject({ threadId: thread.id, turnId: handles[i]!.id });
        expect((settled[i] as Error).message).toContain(`Pool member "${owner}" went down`);
      } else {
        expect(settled[i], `the turn on ${owner}`).toBe("completed");
      }
    });

    // local-1 is respawned by the pool; remote-1 rejoins once its server is back (on a new port behind its relay).
    const restarted = await serve("remote-1");
    relays.get("remote-1")!.upstreamPort = restarted.port!;
    await waitFor(() => (stateOf("local-1") === "up" && stateOf("remote-1") === "up") || undefined, "both members up again", 20_000);
    expect(childrenNamed("codex").length).toBe(before.length);

    // Their threads continue there, through the pool.
    for (const name of ["local-1", "remote-1"]) {
      const threadId = [...placedOn].find(([, owner]) => owner === name)![0];
      const resumed = await pool.threadResume(threadId);
      expect((await resumed.run("After the restart. [[mock:text back]]")).finalResponse).toBe("back");
      expect((await loadedOn(name)).has(threadId)).toBe(true);
      threads[threads.findIndex((t) => t.id === threadId)] = resumed;
    }
  });

  it("a remote member with reconnect is reconnecting while its server restarts, and its cut-off turn names it", async () => {
    const mark = changes.length;
    const relay = relays.get("remote-0")!;
    const threadId = [...placedOn].find(([, owner]) => owner === "remote-0")![0];
    const thread = threads.find((t) => t.id === threadId)!;
    const handle = await thread.turn("Count slowly. [[mock:stream 300]] [[mock:delay 20]]");
    const outcome = handle.run().catch((error: unknown) => error);
    relay.refuse(true);
    await servers.get("remote-0")!.stop();
    relay.cut();
    await waitFor(() => changed("remote-0", "reconnecting", mark), "remote-0 reconnecting");
    expect(stateOf("remote-0")).toBe("reconnecting");
    const restarted = await serve("remote-0");
    relay.upstreamPort = restarted.port!;
    relay.refuse(false);
    const error = await outcome;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect((error as Error).message).toMatch(/Pool member "remote-0" went down: .*no longer ran the turn/);
    await waitFor(() => stateOf("remote-0") === "up" || undefined, "remote-0 up again", 20_000);
    expect(changes.slice(mark).filter((c) => c.name === "remote-0").map((c) => c.state)).toEqual(["reconnecting", "up"]);
    // The same client and Thread go on after a reconnect.
    expect((await thread.run("Still there? [[mock:text yes]]")).finalResponse).toBe("yes");
  });

  it("resumes threads from a fresh pool: with locate where it knows, by asking the members where it does not", async () => {
    const located: string[] = [];
    const byMember = new Map<string, string>();
    for (const [threadId, owner] of placedOn) if (!byMember.has(owner)) byMember.set(owner, threadId);
    const knownToLocate = new Set([...byMember.values()].slice(0, 2));
    // As after a service restart: the old pool (and its stdio servers) is gone; the remote servers run on.
    await pool.close();
    await using fresh = await CodexPool.start({
      members: memberOptions.map(({ reconnect: _reconnect, ...options }) => options),
      locate: (threadId) => {
        located.push(threadId);
        return knownToLocate.has(threadId) ? placedOn.get(threadId) : undefined;
      },
    });
    for (const [owner, threadId] of byMember) {
      const resumed = await fresh.threadResume(threadId);
      expect((await fresh.memberOf(threadId)).name).toBe(owner);
      expect((await resumed.run("From a fresh pool. [[mock:text fresh]]")).finalResponse).toBe("fresh");
    }
    // locate() was asked once per thread; the answer (its own or the members') is remembered.
    expect(located.sort()).toEqual([...byMember.values()].sort());
    const unknown = "01a2a2a2-0000-7000-8000-000000000000";
    const missing = await fresh.threadResume(unknown).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ThreadNotFoundError);
    expect(missing).toMatchObject({ threadId: unknown, unavailable: [] });
  });
});
