import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ServerNotification } from "../../../generated/methods.js";
import { InvalidRequestError, ProcessExitError } from "../../../src/errors.js";
import { parseRuntimeVersion } from "../../../src/client/runtime-version.js";
import { Connection } from "../../../src/rpc/connection.js";
import { createInMemoryPeer, loadTranscript, replayTranscript, type TranscriptEntry } from "../../helpers/in-memory-peer.js";
import { PINNED } from "../../helpers/runtime-versions.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const load = (name: string) => loadTranscript(path.join(fixtures, `${name}.jsonl`));

const clientInfo = { name: "offline_runtime_probe", title: "Offline runtime probe", version: "0.0.1" };

/** The params of the recorded client request number `n` (1-based) of `method`. */
function recordedParams(entries: readonly TranscriptEntry[], method: string, n = 1): unknown {
  const requests = entries
    .filter((e) => e.dir === ">")
    .map((e) => JSON.parse(e.line) as { method?: string; params?: unknown })
    .filter((m) => m.method === method);
  return requests[n - 1]!.params;
}

function recordedNotifications(entries: readonly TranscriptEntry[]): { method: string; params: Record<string, unknown> }[] {
  return entries
    .filter((e) => e.dir === "<")
    .map((e) => JSON.parse(e.line) as { id?: unknown; method?: string; params: Record<string, unknown> })
    .filter((m) => m.method !== undefined && m.id === undefined) as { method: string; params: Record<string, unknown> }[];
}

async function start(entries: readonly TranscriptEntry[]) {
  const peer = createInMemoryPeer();
  const connection = await Connection.open(peer.transport);
  const seen: ServerNotification[] = [];
  connection.notifications.on("*", (n) => seen.push(n));
  const replay = replayTranscript(peer, entries, { exit: true });
  return { peer, connection, seen, replay };
}

describe("replaying recorded app-server transcripts", () => {
  it("basic: handshake, thread, streamed turn, then the process exits", async () => {
    const entries = load("basic");
    const { connection, seen, replay } = await start(entries);
    const init = await connection.request("initialize", { clientInfo });
    expect(init.userAgent).toContain("offline_runtime_probe");
    // Recordings report the pinned runtime, whichever release they were recorded with.
    expect(parseRuntimeVersion(init.userAgent)).toBe(PINNED);
    await connection.notify("initialized");
    const { thread } = await connection.request("thread/start", {});
    const byThread: string[] = [];
    connection.notifications.onThread(thread.id, (n) => byThread.push(n.method));
    const turn = await connection.request("turn/start", recordedParams(entries, "turn/start") as never);
    expect(turn.turn.status).toBe("inProgress");
    const report = await replay;
    expect(report.exchanged.map((e) => e.actual.method)).toEqual(["initialize", "initialized", "thread/start", "turn/start"]);

    const recorded = recordedNotifications(entries);
    expect(seen.map((n) => n.method)).toEqual(recorded.map((n) => n.method));
    const deltas = seen.filter((n) => n.method === "item/agentMessage/delta");
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.every((n) => typeof n.emittedAtMs === "number")).toBe(true);
    const text = deltas.map((n) => (n.method === "item/agentMessage/delta" ? n.params.delta : "")).join("");
    const completed = seen.find((n) => n.method === "turn/completed");
    expect(completed?.method === "turn/completed" && completed.params.turn.status).toBe("completed");
    expect(text).toBe("Hello from the mock model, streamed in words.");
    expect(byThread).toContain("turn/completed");

    expect(connection.isClosed).toBe(true);
    expect(connection.closeError).toBeInstanceOf(ProcessExitError);
    expect(connection.closeError).toMatchObject({ exitCode: 0 });
    expect((connection.closeError as ProcessExitError).stderrTail).toContain("bubblewrap");
  });

  it("approval-decline: an unhandled command approval is declined, as the recorded client did", async () => {
    const entries = load("approval-decline");
    const { connection, seen, replay } = await start(entries);
    await connection.request("initialize", { clientInfo });
    await connection.notify("initialized");
    const { thread } = await connection.request("thread/start", { approvalPolicy: "untrusted" });
    await connection.request("turn/start", recordedParams(entries, "turn/start") as never);
    const report = await replay;
    const answer = report.exchanged.find((e) => e.actual.method === undefined)!;
    expect(answer.actual).toEqual(answer.recorded);
    expect(answer.actual).toEqual({ id: 0, result: { decision: "decline" } });
    expect(seen.some((n) => n.method === "serverRequest/resolved")).toBe(true);
    expect(thread.id).toMatch(/^01a2/);
  });

  it("concurrent: out-of-order responses and two interleaved turns routed by thread", async () => {
    const entries = load("concurrent");
    const { connection, replay } = await start(entries);
    await connection.request("initialize", { clientInfo });
    await connection.notify("initialized");
    const perThread = new Map<string, string[]>();
    const [a, b] = await Promise.all([connection.request("thread/start", {}), connection.request("thread/start", {})]);
    expect(a.thread.id).not.toBe(b.thread.id);
    for (const { thread } of [a, b]) {
      const list: string[] = [];
      perThread.set(thread.id, list);
      connection.notifications.onThread(thread.id, (n) => list.push(n.method));
    }
    await Promise.all([
      connection.request("turn/start", recordedParams(entries, "turn/start", 1) as never),
      connection.request("turn/start", recordedParams(entries, "turn/start", 2) as never),
    ]);
    await replay;
    // Everything after the turn/start requests, by thread, as recorded.
    const afterTurns = entries.slice(entries.findIndex((e) => e.dir === ">" && e.line.includes('"turn/start"')));
    for (const [threadId, list] of perThread) {
      const expected = recordedNotifications(afterTurns)
        .filter((n) => (n.params.threadId ?? (n.params.thread as { id?: string } | undefined)?.id) === threadId)
        .map((n) => n.method);
      expect(list.length).toBeGreaterThan(20);
      expect(list).toEqual(expected);
    }
  });

  it("interrupt: the second interrupt is an InvalidRequestError", async () => {
    const entries = load("interrupt");
    const { connection, replay } = await start(entries);
    await connection.request("initialize", { clientInfo });
    await connection.notify("initialized");
    await connection.request("thread/start", {});
    await connection.request("turn/start", recordedParams(entries, "turn/start") as never);
    const interrupt = recordedParams(entries, "turn/interrupt") as { threadId: string; turnId: string };
    await expect(connection.request("turn/interrupt", interrupt)).resolves.toEqual({});
    const second = await connection.request("turn/interrupt", interrupt).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(InvalidRequestError);
    expect((second as Error).message).toContain("no active turn");
    await replay;
  });
});
