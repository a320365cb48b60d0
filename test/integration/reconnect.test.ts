import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Codex, TransportClosedError, type CodexOptions, type ConnectionChange } from "../../src/index.js";
import { createOfflineHarness, type OfflineHarness } from "../../src/testing/index.js";
import type { ServerNotification } from "../../src/types.js";
import { startListeningServer, type ListeningServer } from "../helpers/listening-server.js";
import { startTcpRelay, type TcpRelay } from "../helpers/tcp-relay.js";
import { waitFor } from "../helpers/wait-for.js";

// Reconnect against the real runtime offline: a WebSocket server behind a TCP relay the test cuts.

const TOKEN = "reconnect-suite-token";
const RECONNECT = { maxAttempts: 8, initialDelayMs: 50, maxDelayMs: 400 };

interface Setup {
  harness: OfflineHarness;
  server: ListeningServer;
  relay: TcpRelay;
  codex: Codex;
  changes: ConnectionChange["type"][];
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close().catch(() => undefined);
});

async function setup(options: Partial<CodexOptions> = {}): Promise<Setup> {
  const harness = await createOfflineHarness({ approvalPolicy: "on-request" });
  open.push(() => harness.close());
  const server = await startListeningServer(harness, { kind: "websocket", auth: { kind: "capability-token", token: TOKEN } });
  open.push(() => server.stop());
  const relay = await startTcpRelay(server.port!);
  open.push(() => relay.close());
  const changes: ConnectionChange["type"][] = [];
  const codex = new Codex({ transport: { kind: "websocket", url: relay.url, token: TOKEN }, reconnect: RECONNECT, ...options });
  codex.onConnectionChange((change) => changes.push(change.type));
  open.push(() => codex.close());
  await codex.ready();
  return { harness, server, relay, codex, changes };
}

/** Stops the server and starts a new one on the same home, behind the relay, cutting the client's connection. */
async function restartBehind(relay: TcpRelay, server: ListeningServer, harness: OfflineHarness): Promise<void> {
  relay.refuse(true);
  await server.stop();
  const restarted = await startListeningServer(harness, { kind: "websocket", auth: { kind: "capability-token", token: TOKEN } });
  open.push(() => restarted.stop());
  relay.upstreamPort = restarted.port!;
  relay.cut();
  relay.refuse(false);
}

/** The distinct types, in order, with repeated attempts folded: `reconnecting` once per run of attempts. */
const folded = (changes: readonly string[]) => changes.filter((type, i) => type !== changes[i - 1]);

describe("reconnect", () => {
  it("a cut while a turn streams: the turn finishes on the new connection, every delta after the gap once", async () => {
    const { codex, relay, changes } = await setup();
    const thread = await codex.threadStart({ cwd: undefined, ephemeral: false });
    const handle = await thread.turn("Count slowly. [[mock:stream 60]] [[mock:delay 25]]");
    const before: string[] = [];
    const after: string[] = [];
    let gaps = 0;
    for await (const event of handle.stream({ gaps: true })) {
      if (event.method === "sdk/connectionGap") gaps++;
      else if (event.method === "item/agentMessage/delta") {
        (gaps === 0 ? before : after).push(event.params.delta);
        if (before.length === 10 && gaps === 0 && after.length === 0) relay.cut();
      }
    }
    const result = await handle.run();
    expect(result.status).toBe("completed");
    expect(gaps).toBe(1);
    expect(handle.gaps).toHaveLength(1);
    expect(after.length).toBeGreaterThan(0);
    // The deltas after the gap are the tail of the answer, each once, in order.
    const text = result.finalResponse!;
    expect(text.endsWith(after.join(""))).toBe(true);
    expect(text.startsWith(before.join(""))).toBe(true);
    expect(before.length + after.length).toBeLessThanOrEqual(60);
    expect(folded(changes)).toEqual(["connected", "disconnected", "reconnecting", "reconnected"]);
    expect(relay.connections).toBe(2);
    // The client goes on as before.
    expect((await thread.run("Again. [[mock:text Still here.]]")).finalResponse).toBe("Still here.");
  });

  for (const [how, handlerGivesUp, expectedCalls] of [
    ["a handler that stops on its signal is asked again", true, 2],
    ["a handler that answers after the drop has its answer sent when the server asks again", false, 1],
  ] as const) {
    it(`a cut while an approval is pending (${how}): it is answered once and the command runs once`, async () => {
      let calls = 0;
      let cut: (() => void) | undefined;
      const { codex, relay, harness, changes } = await setup({
        serverRequests: {
          "item/commandExecution/requestApproval": async (_params, { signal }) => {
            calls++;
            if (calls === 1) {
              cut?.();
              await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
              if (handlerGivesUp) throw signal.reason;
            }
            return { decision: "accept" };
          },
        },
      });
      cut = () => relay.cut();
      const thread = await codex.threadStart({ approvalMode: "ask", cwd: harness.workspace });
      const file = path.join(harness.workspace, "ran.txt");
      const cmd = JSON.stringify({ cmd: `echo ran >> ${file}`, sandbox_permissions: "require_escalated", justification: "the suite" });
      const result = await thread.run(`Run it. [[mock:exec ${cmd}]] [[mock:then Done.]]`);
      expect(result.status).toBe("completed");
      expect(readFileSync(file, "utf8")).toBe("ran\n");
      expect(calls).toBe(expectedCalls);
      expect(folded(changes)).toEqual(["connected", "disconnected", "reconnecting", "reconnected"]);
    });
  }

  it("a server restarted on the same port and home: the client reconnects and the thread resumes with its turns", async () => {
    const { codex, relay, server, harness, changes } = await setup();
    const thread = await codex.threadStart();
    await thread.run("Remember: teal. [[mock:text Teal, noted.]]");
    await restartBehind(relay, server, harness);
    await waitFor(() => changes.includes("reconnected") || undefined, "the reconnect", 20_000);
    const resumed = await codex.threadResume(thread.id);
    const read = await resumed.read({ includeTurns: true });
    expect(read.thread.turns.map((turn) => turn.status)).toEqual(["completed"]);
    expect((await resumed.run("Which colour? [[mock:text Teal.]]")).finalResponse).toBe("Teal.");
    expect(folded(changes)).toEqual(["connected", "disconnected", "reconnecting", "reconnected"]);
  });

  it("a turn the restarted server no longer runs rejects with TransportClosedError naming it, and the thread goes on", async () => {
    const { codex, relay, server, harness } = await setup();
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count slowly. [[mock:stream 300]] [[mock:delay 20]]");
    const run = handle.run().catch((e: unknown) => e);
    await waitFor(() => codex.stats.runningTurns === 1 || undefined, "the running turn");
    await restartBehind(relay, server, harness);
    const error = await run;
    expect(error).toBeInstanceOf(TransportClosedError);
    expect(error).toMatchObject({ threadId: thread.id, turnId: handle.id });
    expect((error as Error).message).toMatch(/no longer ran the turn/);
    expect((await thread.run("Next. [[mock:text Next.]]")).finalResponse).toBe("Next.");
  });

  it("gives up after maxAttempts: gave-up, and every pending call and turn rejects", async () => {
    const { codex, relay, changes } = await setup({ reconnect: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 } });
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count slowly. [[mock:stream 200]] [[mock:delay 20]]");
    const run = handle.run().catch((e: unknown) => e);
    await waitFor(() => codex.stats.runningTurns === 1 || undefined, "the running turn");
    relay.refuse(true);
    relay.cut();
    const waiting = codex.threadList({}, { timeoutMs: 30_000 }).catch((e: unknown) => e);
    const [turnError, listError] = await Promise.all([run, waiting]);
    expect(turnError).toBeInstanceOf(TransportClosedError);
    expect(turnError).toMatchObject({ threadId: thread.id, turnId: handle.id });
    expect((turnError as Error).message).toMatch(/3 reconnect attempts failed/);
    expect(listError).toBeInstanceOf(TransportClosedError);
    await expect(codex.models()).rejects.toBeInstanceOf(TransportClosedError);
    expect(changes).toEqual(["connected", "disconnected", "reconnecting", "reconnecting", "reconnecting", "gave-up"]);
  });

  it("without reconnect, a cut rejects everything pending at once, as before", async () => {
    const { codex, relay } = await setup({ reconnect: undefined });
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count slowly. [[mock:stream 200]] [[mock:delay 20]]");
    const seen: ServerNotification[] = [];
    const reading = (async () => {
      for await (const event of handle.stream()) {
        seen.push(event);
        if (seen.length === 3) relay.cut();
      }
    })().catch((e: unknown) => e);
    expect(await reading).toBeInstanceOf(TransportClosedError);
  });
});
