import { randomBytes } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, CodexStartError, TransportClosedError, type CodexOptions } from "../../src/index.js";
import { createOfflineHarness, startMockResponses, type MockResponses, type OfflineHarness } from "../../src/testing/index.js";
import type { ServerNotification } from "../../src/types.js";
import { signJwt } from "../helpers/jwt.js";
import { startListeningServer, type Listen, type ListeningServer } from "../helpers/listening-server.js";
import { childrenNamed, freeze } from "../helpers/processes.js";
import { acceptingApprovals, runTransportScenario } from "../helpers/remote-scenario.js";
import { SecretWatch } from "../helpers/secret-watch.js";
import { connectionsToPort, unixSocketCount } from "../helpers/sockets.js";

// Every transport but the daemon's (see daemon-transport.test.ts) against real app-servers, offline:
// the same scenario over each, auth and connect failures, a server dying mid-turn, a dead peer,
// two clients on one server, and no secret in any log line or error.

const TOKEN = randomBytes(24).toString("hex");
const WRONG_TOKEN = randomBytes(24).toString("hex");
const SECRET = randomBytes(32).toString("hex");
const ISSUER = "sdk-tests";
const AUDIENCE = "codex-app-server";
const secrets: string[] = [TOKEN, WRONG_TOKEN, SECRET];

const watch = new SecretWatch();
let mock: MockResponses;
const harnesses: OfflineHarness[] = [];
const servers: ListeningServer[] = [];

function jwt(claims: Record<string, unknown> = {}): string {
  const token = signJwt({ iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60, ...claims }, SECRET);
  secrets.push(token);
  return token;
}

async function harness(): Promise<OfflineHarness> {
  const created = await createOfflineHarness({ mock });
  harnesses.push(created);
  return created;
}

async function serve(listen: Listen, on?: OfflineHarness): Promise<ListeningServer> {
  const server = await startListeningServer(on ?? (await harness()), listen);
  servers.push(server);
  return server;
}

/** The start error of a client with these options, recorded for the secret scan. */
async function startError(options: CodexOptions): Promise<CodexStartError> {
  const error = await Codex.start({ ...options, logger: watch.logger }).then(
    () => undefined,
    (caught: unknown) => watch.error(caught),
  );
  expect(error).toBeInstanceOf(CodexStartError);
  return error as CodexStartError;
}

let capabilityServer: ListeningServer;
let signedServer: ListeningServer;

beforeAll(async () => {
  mock = await startMockResponses();
  [capabilityServer, signedServer] = await Promise.all([
    serve({ kind: "websocket", auth: { kind: "capability-token", token: TOKEN } }),
    serve({ kind: "websocket", auth: { kind: "signed-bearer-token", secret: SECRET, issuer: ISSUER, audience: AUDIENCE } }),
  ]);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(harnesses.map((h) => h.close()));
  mock?.assertNoEgress();
  await mock?.close();
});

describe("the same scenario over every transport", () => {
  interface Case {
    name: string;
    /** The client's transport options, and a check that nothing of the client is left after close(). */
    open(): Promise<{ options: CodexOptions; leftBehind: () => unknown; nothingLeft: unknown }>;
  }
  const codexChildren = () => childrenNamed("codex").sort();
  const cases: Case[] = [
    {
      name: "stdio",
      async open() {
        const h = await harness();
        return { options: h.codexOptions, leftBehind: codexChildren, nothingLeft: codexChildren() };
      },
    },
    {
      name: "WebSocket with a capability token",
      async open() {
        const { url, port } = capabilityServer;
        return {
          options: { transport: { kind: "websocket", url: url!, token: TOKEN } },
          leftBehind: () => ({ connections: connectionsToPort(port!), children: codexChildren() }),
          nothingLeft: { connections: 0, children: codexChildren() },
        };
      },
    },
    {
      name: "WebSocket with a signed bearer token (JWT from a token function)",
      async open() {
        const { url, port } = signedServer;
        return {
          options: { transport: { kind: "websocket", url: url!, token: () => jwt() } },
          leftBehind: () => ({ connections: connectionsToPort(port!), children: codexChildren() }),
          nothingLeft: { connections: 0, children: codexChildren() },
        };
      },
    },
    {
      name: "a unix socket",
      async open() {
        const h = await harness();
        const path = join(h.root, "app-server.sock");
        await serve({ kind: "unix", path }, h);
        return {
          options: { transport: { kind: "unix", path } },
          leftBehind: () => ({ sockets: unixSocketCount(), children: codexChildren() }),
          nothingLeft: { sockets: unixSocketCount(), children: codexChildren() },
        };
      },
    },
  ];

  for (const { name, open } of cases) {
    it(`passes over ${name}, and close() leaves no process or connection behind`, async () => {
      const { options, leftBehind, nothingLeft } = await open();
      const commands: string[] = [];
      const codex = await Codex.start({ ...options, serverRequests: acceptingApprovals(commands), logger: watch.logger });
      try {
        watch.text(codex.metadata);
        await runTransportScenario(codex, commands);
      } finally {
        await codex.close();
      }
      expect(leftBehind()).toEqual(nothingLeft);
    });
  }
});

describe("auth and connect failures", () => {
  it("a wrong, a missing or an expired token fails the start with auth-failed and the server's reason", async () => {
    const { url } = capabilityServer;
    const wrong = await startError({ transport: { kind: "websocket", url: url!, token: WRONG_TOKEN } });
    expect(wrong.kind).toBe("auth-failed");
    expect(wrong.message).toContain('HTTP 401: "invalid websocket bearer token"');
    expect(wrong.message).toContain("capability token");

    const missing = await startError({ transport: { kind: "websocket", url: url! } });
    expect(missing.kind).toBe("auth-failed");
    expect(missing.message).toContain("missing websocket bearer token");

    const expired = await startError({
      transport: { kind: "websocket", url: signedServer.url!, token: jwt({ exp: Math.floor(Date.now() / 1000) - 120 }) },
    });
    expect(expired.kind).toBe("auth-failed");
    expect(expired.message).toContain("expired websocket jwt");

    const otherAudience = await startError({ transport: { kind: "websocket", url: signedServer.url!, token: jwt({ aud: "someone-else" }) } });
    expect(otherAudience.message).toContain("audience mismatch");
    expect(otherAudience.message).toContain("--ws-audience");
  });

  it("a lazy client fails its first call the same way", async () => {
    const codex = new Codex({ transport: { kind: "websocket", url: capabilityServer.url!, token: WRONG_TOKEN }, logger: watch.logger });
    const error = await codex.threadList().catch((caught: unknown) => watch.error(caught));
    expect(error).toMatchObject({ name: "CodexStartError", kind: "auth-failed" });
    await codex.close();
  });

  it("a refused port and a missing socket fail with connect-failed at once", async () => {
    const port = await freePort();
    const refused = await startError({ transport: { kind: "websocket", url: `ws://127.0.0.1:${port}` } });
    expect(refused.kind).toBe("connect-failed");
    expect(refused.message).toContain(`ws://127.0.0.1:${port}/: nothing is listening there`);

    const h = await harness();
    const missing = await startError({ transport: { kind: "unix", path: join(h.root, "nothing.sock") } });
    expect(missing.kind).toBe("connect-failed");
    expect(missing.message).toContain("there is no socket at that path");
  });

  it("a server that never answers the upgrade fails with connect-failed within connectTimeoutMs", async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const startedAt = Date.now();
      const error = await startError({ transport: { kind: "websocket", url: `ws://127.0.0.1:${port}`, connectTimeoutMs: 500 } });
      const elapsed = Date.now() - startedAt;
      expect(error.kind).toBe("connect-failed");
      expect(error.message).toContain("within 500 ms (connectTimeoutMs)");
      expect(elapsed).toBeGreaterThanOrEqual(480);
      expect(elapsed).toBeLessThan(500 + 1_500);
      expect(connectionsToPort(port)).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("dropped connections", () => {
  it("a server killed mid-turn rejects everything pending at once with TransportClosedError", async () => {
    const server = await serve({ kind: "websocket" });
    const codex = await Codex.start({ transport: { kind: "websocket", url: server.url! }, logger: watch.logger });
    const thread = await codex.threadStart();
    const other = await codex.threadStart();
    const handle = await thread.turn("Count for long. [[mock:stream 400]] [[mock:delay 10]]");
    const events = handle.stream();
    expect((await events.next()).done).toBe(false);
    // Stopped, the server leaves requests unanswered: they are pending when it is killed.
    freeze(server.pid);
    const pending = [codex.threadList(), other.read(), codex.request("thread/loaded/list", {})];
    const reading = (async () => {
      for (;;) if ((await events.next()).done) return;
    })();
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.child.kill("SIGKILL");

    const outcomes = await Promise.allSettled([...pending, handle.run(), reading]);
    const labels = ["thread/list", "thread/read", "thread/loaded/list", "run()", "stream()"];
    expect(outcomes.map((outcome, i) => `${labels[i]}: ${outcome.status}`)).toEqual(labels.map((label) => `${label}: rejected`));
    const errors = outcomes.map((outcome) => watch.error((outcome as PromiseRejectedResult).reason as unknown));
    for (const error of errors) expect(error).toBeInstanceOf(TransportClosedError);
    const [, , , runError, streamError] = errors as TransportClosedError[];
    expect(runError).toMatchObject({ threadId: thread.id, turnId: handle.id });
    expect(streamError).toMatchObject({ threadId: thread.id, turnId: handle.id });
    expect(runError!.message).toContain(`Turn ${handle.id} on thread ${thread.id} was cut off`);
    expect(runError!.message).toContain(`${server.url}/ closed without a close frame`);
    await codex.close();
  });

  it("keepalive drops a connection whose server stopped answering, and keeps an idle live one", async () => {
    const server = await serve({ kind: "websocket" });
    const codex = await Codex.start({
      // Short enough for a test, long enough for a loaded machine to answer in time.
      transport: { kind: "websocket", url: server.url!, keepaliveIntervalMs: 200, keepaliveTimeoutMs: 1_000 },
      logger: watch.logger,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await expect(codex.threadList()).resolves.toHaveProperty("data");
    process.kill(server.pid, "SIGSTOP");
    try {
      const error = await codex.threadList().catch((caught: unknown) => watch.error(caught));
      expect(error).toBeInstanceOf(TransportClosedError);
      expect((error as Error).message).toContain("sent nothing for 1000 ms after a ping (keepaliveTimeoutMs)");
    } finally {
      await server.stop();
      await codex.close();
    }
  });
});

describe("large messages", () => {
  it("a request longer than the server's 16 MiB frame limit still reaches it (sent in fragments)", async () => {
    const codex = await Codex.start({ transport: { kind: "websocket", url: capabilityServer.url!, token: TOKEN }, logger: watch.logger });
    try {
      const thread = await codex.threadStart({ ephemeral: true });
      const text = "x".repeat(17 * 1024 * 1024);
      // The server reads it, and refuses the input as too long for a turn, on a connection that stays up.
      const error = await codex.request("turn/start", { threadId: thread.id, input: [{ type: "text", text, text_elements: [] }] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: -32602 });
      await expect(codex.threadList({ limit: 1 })).resolves.toHaveProperty("data");
    } finally {
      await codex.close();
    }
  });
});

describe("two clients on one WebSocket server", () => {
  it("each runs turns on its own threads with nothing crossed", async () => {
    const options: CodexOptions = { transport: { kind: "websocket", url: capabilityServer.url!, token: TOKEN }, logger: watch.logger };
    const [a, b] = await Promise.all([Codex.start(options), Codex.start(options)]);
    const seen = { a: [] as ServerNotification[], b: [] as ServerNotification[] };
    a.onNotification("*", (n) => seen.a.push(n));
    b.onNotification("*", (n) => seen.b.push(n));
    try {
      const [threadA, threadB] = await Promise.all([a.threadStart(), b.threadStart()]);
      const run = async (thread: typeof threadA, word: string) => {
        const handle = await thread.turn(`Say ${word}. [[mock:text ${word} ${word} ${word}]] [[mock:delay 5]]`);
        const streamed = await thread.turn("Then count. [[mock:stream 30]] [[mock:delay 5]]").catch(() => undefined);
        expect(streamed).toBeUndefined(); // the thread is busy with the first turn
        await handle.run();
        const second = await thread.turn("Count. [[mock:stream 30]] [[mock:delay 5]]");
        let deltas = 0;
        for await (const n of second.stream()) if (n.method === "item/agentMessage/delta") deltas++;
        return { first: handle.finalResponse, deltas };
      };
      const [resultA, resultB] = await Promise.all([run(threadA, "alpha"), run(threadB, "bravo")]);
      expect(resultA).toEqual({ first: "alpha alpha alpha", deltas: 30 });
      expect(resultB).toEqual({ first: "bravo bravo bravo", deltas: 30 });
      const turnThreads = (notifications: ServerNotification[]) =>
        new Set(
          notifications
            .filter((n) => n.method.startsWith("turn/") || n.method.startsWith("item/"))
            .map((n) => (n.params as { threadId?: string }).threadId),
        );
      expect(turnThreads(seen.a)).toEqual(new Set([threadA.id]));
      expect(turnThreads(seen.b)).toEqual(new Set([threadB.id]));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("secrets", () => {
  it("no token, JWT or secret appears in any log line, error or metadata of this suite", () => {
    expect(watch.size).toBeGreaterThan(50);
    // Connecting and disconnecting were logged, with the URL and auth scheme.
    expect(watch.count(`info Connected to the app-server at ${capabilityServer.url}/ { url: '${capabilityServer.url}/', auth: 'bearer token' }`)).toBeGreaterThan(0);
    expect(watch.count(`info Disconnected from the app-server at ${capabilityServer.url}/`)).toBeGreaterThan(0);
    expect(watch.leaks(secrets)).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
