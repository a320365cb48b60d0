/**
 * On the real pinned app-server, offline: the streaming thread search, the event log, the
 * `"inherit"` approval mode and `clientUserMessageId`. The client runs over a transport that
 * records what it writes, so the tests can see the wire.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Codex, ThreadBusyError, type LoggedEvent, type Thread, type ThreadSearchBatch } from "../../src/index.js";
import { silentLogger } from "../../src/logger.js";
import { createOfflineHarness, type OfflineHarness } from "../../src/testing/index.js";
import { openTransport } from "../../src/transport/open-transport.js";
import type { JsonRpcMessage, Transport } from "../../src/transport/transport.js";
import type { ServerNotification } from "../../src/types.js";
import { waitFor } from "../helpers/wait-for.js";

const MAX_EVENTS = 40;

let harness: OfflineHarness;
let codex: Codex;
const written: JsonRpcMessage[] = [];
const received: Array<Record<string, unknown>> = [];
const debug: string[] = [];
const heard: ServerNotification[] = [];

beforeAll(async () => {
  harness = await createOfflineHarness();
  const stdio = await openTransport(harness.codexOptions, silentLogger);
  const recording: Transport = {
    attach: (sink) =>
      stdio.attach({
        message: (message) => {
          received.push(message as Record<string, unknown>);
          sink.message(message);
        },
        close: (error) => sink.close(error),
      }),
    send: (message) => {
      written.push(message);
      return stdio.send(message);
    },
    close: () => stdio.close(),
    keepAlive: (busy) => stdio.keepAlive?.(busy),
  };
  codex = await Codex.start({
    transport: recording,
    eventLog: { maxEventsPerThread: MAX_EVENTS },
    logger: { debug: (message) => debug.push(message) },
  });
  codex.onNotification("*", (n) => heard.push(n));
});

afterAll(async () => {
  await codex?.close();
  await harness?.close();
  harness?.mock.assertNoEgress();
});

afterEach(() => harness.mock.assertNoEgress());

const requestsTo = (method: string) => written.filter((m): m is JsonRpcMessage & { id: number; params: Record<string, unknown> } => "method" in m && m.method === method && "id" in m);
const ofThread = (threadId: string) =>
  heard.filter((n) => {
    const params = n.params as { threadId?: string; thread?: { id?: string } } | undefined;
    return (params?.threadId ?? params?.thread?.id) === threadId;
  });

describe("codex.threadSearch()", () => {
  beforeAll(async () => {
    for (const animal of ["otter", "heron", "badger", "lynx", "marten", "ibis"]) {
      const thread = await codex.threadStart({ cwd: harness.workspace });
      await thread.run(`Tell me about the narwhal and the ${animal}. [[mock:text The narwhal and the ${animal} are friends.]]`);
      await thread.close();
    }
  });

  it("yields the server's partial batches, then the final page, and ends", async () => {
    const searches: ThreadSearchBatch[][] = [];
    // Partials are best effort (none in some searches): search until one came.
    for (let attempt = 0; attempt < 12 && !searches.some((s) => s.length > 1); attempt++) {
      const batches: ThreadSearchBatch[] = [];
      for await (const batch of codex.threadSearch({ searchTerm: "narwhal" })) batches.push(batch);
      searches.push(batches);
    }
    for (const batches of searches) {
      expect(batches.at(-1)?.final).toBe(true);
      expect(batches.slice(0, -1).every((batch) => !batch.final && batch.data.length > 0)).toBe(true);
    }
    const withPartials = searches.find((s) => s.length > 1);
    expect(withPartials).toBeDefined();
    const final = withPartials!.at(-1)!;
    expect(final.data).toHaveLength(6);
    expect(final.data.every((row) => /narwhal/.test(row.snippet))).toBe(true);
    expect(final).toMatchObject({ final: true, nextCursor: null });
    for (const partial of withPartials!.slice(0, -1)) {
      expect(partial.data.every((row) => final.data.some((r) => r.thread.id === row.thread.id))).toBe(true);
    }
    // Each search was one thread/search/stream request, matched to its partials by id; none was cancelled.
    expect(requestsTo("thread/search/stream/cancel")).toEqual([]);
  });

  it("cancels the search on the server when the loop breaks early", async () => {
    let broke = false;
    for (let attempt = 0; attempt < 12 && !broke; attempt++) {
      for await (const batch of codex.threadSearch({ searchTerm: "narwhal" })) {
        broke = !batch.final;
        break;
      }
    }
    expect(broke).toBe(true);
    const stream = requestsTo("thread/search/stream").at(-1)!;
    expect(requestsTo("thread/search/stream/cancel").map((m) => m.params)).toEqual([{ requestId: stream.id }]);
    expect(codex.stats.pendingRequests).toBe(0);
  });

  it("cancels a search that has not answered yet when the loop ends, and the server ends it", async () => {
    const before = requestsTo("thread/search/stream/cancel").length;
    const searches = requestsTo("thread/search/stream").length;
    const search = codex.threadSearch({ searchTerm: "narwhal" });
    const first = search.next();
    while (requestsTo("thread/search/stream").length === searches) await new Promise((resolve) => setImmediate(resolve));
    await search.return!();
    const stream = requestsTo("thread/search/stream").at(-1)!;
    expect(requestsTo("thread/search/stream/cancel").slice(before).map((m) => m.params)).toEqual([{ requestId: stream.id }]);
    await expect(first).resolves.toEqual({ value: undefined, done: true });
    expect(codex.stats.pendingRequests).toBe(0);
  });
});

describe("thread.events()", () => {
  async function readUntil(events: AsyncIterator<LoggedEvent>, done: (event: LoggedEvent) => boolean): Promise<LoggedEvent[]> {
    const out: LoggedEvent[] = [];
    for (;;) {
      const next = await events.next();
      if (next.done) return out;
      out.push(next.value);
      if (done(next.value)) return out;
    }
  }
  const isTurnEnd = (event: LoggedEvent) => event.notification.method === "turn/completed";

  it("replays exactly the events after a sequence number, then follows live across turns", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const live = thread.events();
    await thread.run("First. [[mock:text One two.]]");
    const firstTurn = await readUntil(live, isTurnEnd);
    await live.return!();
    expect(firstTurn.map((e) => e.seq)).toEqual(firstTurn.map((_, i) => i + 1));
    const lastSeen = firstTurn.at(-1)!.seq;

    // A turn the UI misses, then it comes back.
    const missedFrom = ofThread(thread.id).length;
    await thread.run("Second. [[mock:text Three four.]]");
    const missed = ofThread(thread.id).slice(missedFrom);
    const returning = thread.events({ after: lastSeen });
    const replayed = await readUntil(returning, isTurnEnd);
    expect(replayed.map((e) => e.seq)).toEqual(missed.map((_, i) => lastSeen + 1 + i));
    expect(replayed.map((e) => e.notification)).toEqual(missed);

    // The same loop then follows the next turn live.
    const liveFrom = ofThread(thread.id).length;
    const following = readUntil(returning, isTurnEnd);
    await thread.run("Third. [[mock:text Five six.]]");
    const followed = await following;
    expect(followed.map((e) => e.notification)).toEqual(ofThread(thread.id).slice(liveFrom, liveFrom + followed.length));
    expect(followed[0]!.seq).toBe(replayed.at(-1)!.seq + 1);
    expect(followed.at(-1)?.notification.method).toBe("turn/completed");
    await returning.return!();
    await thread.close();
  });

  it("keeps at most maxEventsPerThread events: the oldest go first, and a reader left behind skips ahead", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const live = thread.events();
    const reading = readUntil(live, isTurnEnd);
    await thread.run("Many deltas. [[mock:stream 120]]");
    const followed = await reading;
    // Every notification of the thread from the first one logged (the same objects the log holds).
    const all = ofThread(thread.id).slice(ofThread(thread.id).indexOf(followed[0]!.notification));
    expect(all.length).toBeGreaterThan(120);
    const last = followed.at(-1)!.seq;
    expect(last - followed[0]!.seq + 1).toBe(all.length);
    // Deltas arrive in bursts faster than a loop reads them: the reader skips what the log dropped.
    const seqs = followed.map((e) => e.seq);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    expect(followed.map((e) => e.notification)).toEqual(seqs.map((seq) => all[seq - followed[0]!.seq]));

    const held = await readUntil(thread.events(), (event) => event.seq === last);
    expect(held.map((e) => e.seq)).toEqual(Array.from({ length: MAX_EVENTS }, (_, i) => last - MAX_EVENTS + 1 + i));
    expect(held.map((e) => e.notification)).toEqual(all.slice(-MAX_EVENTS));
    expect(codex.stats.loggedEvents).toBeLessThanOrEqual(MAX_EVENTS * codex.stats.threads);
    const before = codex.stats.loggedEvents;
    await thread.close();
    expect(codex.stats.loggedEvents).toBe(before - MAX_EVENTS);
  });
});

describe('approvalMode "inherit"', () => {
  it("sends no approval fields, so the configuration's approval_policy = \"never\" applies (the default preset does not)", async () => {
    const inherited = await codex.threadStart({ cwd: harness.workspace, approvalMode: "inherit" });
    const preset = await codex.threadStart({ cwd: harness.workspace });
    const [inheritStart, presetStart] = requestsTo("thread/start").slice(-2);
    expect(inheritStart!.params).not.toHaveProperty("approvalPolicy");
    expect(inheritStart!.params).not.toHaveProperty("approvalsReviewer");
    expect(presetStart!.params).toMatchObject({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" });
    // The thread's settings as the server answered thread/start...
    const answerTo = (id: number) => received.find((m) => m.id === id && "result" in m)?.result;
    expect(answerTo(inheritStart!.id)).toMatchObject({ approvalPolicy: "never", approvalsReviewer: "user" });
    expect(answerTo(presetStart!.id)).toMatchObject({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" });
    // ...and as it holds them after a turn.
    await inherited.run("Hello. [[mock:text Hi.]]");
    const settings = await codex.request("thread/resume", { threadId: inherited.id, excludeTurns: true });
    expect(settings).toMatchObject({ approvalPolicy: "never", approvalsReviewer: "user" });
    await inherited.close();
    await preset.close();
  });
});

describe("clientUserMessageId", () => {
  it("is recorded as the user message's clientId, not deduplicated: a repeat is another turn", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace });
    const first = await thread.run("Once. [[mock:text First.]]", { clientUserMessageId: "cumid-1" });
    const again = await thread.run("Once. [[mock:text Again.]]", { clientUserMessageId: "cumid-1" });
    expect(again.id).not.toBe(first.id);
    expect(first.items[0]).toMatchObject({ type: "userMessage", clientId: "cumid-1" });
    expect(again.items[0]).toMatchObject({ type: "userMessage", clientId: "cumid-1" });
    await expect(thread.findTurnIdByClientUserMessageId("cumid-1")).resolves.toBe(again.id);
    await expect(thread.findTurnIdByClientUserMessageId("never-sent")).resolves.toBeNull();

    // A Thread opened afresh has seen nothing live: the stored history answers.
    const id = thread.id;
    await thread.close();
    const resumed = await codex.threadResume(id, { excludeTurns: true });
    await expect(resumed.findTurnIdByClientUserMessageId("cumid-1")).resolves.toBe(again.id);
    await expect(resumed.findTurnIdByClientUserMessageId("never-sent")).resolves.toBeNull();
    await resumed.close();
  });

  it("is found while its turn still runs, so a retry after a lost reply can tell the message arrived", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace });
    const handle = await thread.turn("Slowly. [[mock:stream 10]] [[mock:delay 40]]", { clientUserMessageId: "cumid-2" });
    await waitFor(() => (ofThread(thread.id).some((n) => n.method === "item/started" && n.params.item.type === "userMessage") || undefined), "the user message");
    await expect(thread.findTurnIdByClientUserMessageId("cumid-2")).resolves.toBe(handle.id);
    // What a blind resend would do: the SDK refuses it while the turn runs...
    await expect(thread.turn("Slowly.", { clientUserMessageId: "cumid-2" })).rejects.toBeInstanceOf(ThreadBusyError);
    // ...and the server, asked directly, merges it into the running turn as another message.
    const resent = await codex.request("turn/start", {
      threadId: thread.id,
      input: [{ type: "text", text: "Slowly, again." }],
      clientUserMessageId: "cumid-2",
    });
    expect(resent.turn.id).toBe(handle.id);
    const result = await handle.run();
    expect(result.items.filter((item) => item.type === "userMessage").map((item) => item.type === "userMessage" && item.clientId)).toEqual([
      "cumid-2",
      "cumid-2",
    ]);
    await thread.close();
  });
});
