import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer, type WebSocket as ServerSocket } from "ws";
import { CodexStartError, TransportClosedError } from "../../../src/index.js";
import type { WebSocketTransportOptions } from "../../../src/transport/remote-options.js";
import type { TransportSink } from "../../../src/transport/transport.js";
import { connectWebSocket } from "../../../src/transport/websocket.js";
import type { WebSocketTransport } from "../../../src/transport/websocket-transport.js";
import { SecretWatch } from "../../helpers/secret-watch.js";

// The WebSocket transport against an in-process `ws` server standing in for app-server.

const TOKEN = "unit-test-token-0123456789";

interface Stand {
  url: string;
  /** The server side of each connection, with the upgrade request and every text frame it received. */
  connections: { socket: ServerSocket; request: IncomingMessage; received: string[] }[];
  connected(): Promise<Stand["connections"][number]>;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function stand(options: { autoPong?: boolean } = {}): Promise<Stand> {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", maxPayload: 64 * 1024 * 1024, ...options });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const connections: Stand["connections"] = [];
  const waiting: ((connection: Stand["connections"][number]) => void)[] = [];
  server.on("connection", (socket, request) => {
    const connection = { socket, request, received: [] as string[] };
    socket.on("message", (data: Buffer) => connection.received.push(data.toString("utf8")));
    connections.push(connection);
    waiting.shift()?.(connection);
  });
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const client of server.clients) client.terminate();
    server.close(() => resolve());
  }));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    connected: () => (connections.length > waiting.length ? Promise.resolve(connections[waiting.length]!) : new Promise((resolve) => waiting.push(resolve))),
  };
}

/** An HTTP server that answers every upgrade with `status` and `body`. */
async function refusing(status: number, body: string): Promise<string> {
  const server: Server = createServer();
  server.on("upgrade", (_request, socket: Socket) => {
    socket.end(`HTTP/1.1 ${status} Refused\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function collect(transport: WebSocketTransport) {
  const messages: unknown[] = [];
  let closeError: Error | undefined;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const sink: TransportSink = {
    message: (message) => messages.push(message),
    close: (error) => {
      closeError = error;
      markClosed();
    },
  };
  transport.attach(sink);
  return { messages, closed, closeError: () => closeError };
}

async function connect(options: Omit<WebSocketTransportOptions, "kind">, watch = new SecretWatch(), maxMessageBytes?: number) {
  const transport = await connectWebSocket({ kind: "websocket", ...options }, { logger: watch.logger, maxMessageBytes });
  cleanups.push(() => transport.close());
  return transport;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe("WebSocketTransport", () => {
  it("sends the bearer token and headers on the upgrade, and one JSON message per text frame both ways", async () => {
    const server = await stand();
    const watch = new SecretWatch();
    let tokenCalls = 0;
    const transport = await connect({ url: server.url, token: () => (tokenCalls++, TOKEN), headers: { "X-Trace": "t-1" } }, watch);
    const connection = await server.connected();
    expect(tokenCalls).toBe(1);
    expect(connection.request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(connection.request.headers["x-trace"]).toBe("t-1");

    const { messages } = collect(transport);
    connection.socket.send(JSON.stringify({ method: "one" }));
    connection.socket.send(Buffer.from(JSON.stringify({ method: "binary" })), { binary: true });
    connection.socket.send("not json");
    connection.socket.send(JSON.stringify({ id: 1, result: {} }));
    await until(() => messages.length === 2);
    expect(messages).toEqual([{ method: "one" }, { id: 1, result: {} }]);
    expect(watch.count("Skipped a binary WebSocket frame")).toBe(1);
    expect(watch.count("is not JSON")).toBe(1);

    transport.send({ id: 1, method: "thread/list", params: {} });
    transport.send({ method: "initialized" });
    await until(() => connection.received.length === 2);
    expect(connection.received.map((text) => JSON.parse(text))).toEqual([{ id: 1, method: "thread/list", params: {} }, { method: "initialized" }]);
    expect(watch.count(`Connected to the app-server at ${server.url}/`)).toBe(1);
    expect(watch.count("bearer token")).toBeGreaterThan(0);
    expect(watch.leaks([TOKEN])).toEqual([]);
  });

  it("sends a message longer than app-server's 16 MiB frame limit in fragments that arrive as one message", async () => {
    const server = await stand();
    const transport = await connect({ url: server.url });
    const connection = await server.connected();
    const text = "x".repeat(17 * 1024 * 1024);
    await transport.send({ method: "big", params: { text } });
    await until(() => connection.received.length === 1);
    expect(JSON.parse(connection.received[0]!)).toEqual({ method: "big", params: { text } });
  });

  it("applies back-pressure while the server does not read, and lets go once it does", async () => {
    const server = await stand();
    const transport = await connect({ url: server.url });
    const connection = await server.connected();
    const raw = (connection.socket as unknown as { _socket: Socket })._socket;
    raw.pause();
    const chunk = "y".repeat(256 * 1024);
    let waited: void | Promise<void> = undefined;
    let sent = 0;
    while (waited === undefined && sent < 400) {
      waited = transport.send({ method: "fill", params: { chunk } });
      sent++;
    }
    expect(waited).toBeInstanceOf(Promise);
    let drained = false;
    void (waited as Promise<void>).then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(drained).toBe(false);
    raw.resume();
    await waited;
    await until(() => connection.received.length === sent);
  });

  it("closes with an error naming maxMessageBytes when the server sends a longer message", async () => {
    const server = await stand();
    const transport = await connect({ url: server.url }, new SecretWatch(), 1024);
    const connection = await server.connected();
    const { closed, closeError } = collect(transport);
    connection.socket.send(JSON.stringify({ method: "long", params: { text: "z".repeat(2048) } }));
    await closed;
    expect(closeError()).toBeInstanceOf(TransportClosedError);
    expect(closeError()!.message).toMatch(/longer than 1024 bytes.*Raise maxMessageBytes/);
    expect(() => transport.send({ method: "after" })).toThrow(TransportClosedError);
  });

  it("close() sends a close frame and resolves once the socket is gone", async () => {
    const server = await stand();
    const watch = new SecretWatch();
    const transport = await connect({ url: server.url }, watch);
    const connection = await server.connected();
    const { closed, closeError } = collect(transport);
    const serverSaw = new Promise<number>((resolve) => connection.socket.once("close", (code) => resolve(code)));
    await transport.close();
    await closed;
    expect(await serverSaw).toBe(1000);
    expect(closeError()!.message).toContain("closed by the client");
    expect(watch.count(`Disconnected from the app-server at ${server.url}/`)).toBe(1);
  });

  it("keepalive does not drop a live connection after the event loop was blocked past the timeout", async () => {
    const server = await stand({ autoPong: false });
    const transport = await connect({ url: server.url, keepaliveIntervalMs: 100, keepaliveTimeoutMs: 300 });
    const connection = await server.connected();
    const { messages, closeError } = collect(transport);
    let blocked = false;
    connection.socket.on("ping", () => {
      connection.socket.pong();
      if (blocked) return;
      blocked = true;
      // The answer is on its way while this process is blocked past the client's timeout.
      const until = Date.now() + 500;
      while (Date.now() < until);
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(blocked).toBe(true);
    connection.socket.send(JSON.stringify({ method: "still-here" }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closeError()).toBeUndefined();
    expect(messages).toEqual([{ method: "still-here" }]);
  });

  it("reports a server that goes away as a closed connection", async () => {
    const server = await stand();
    const transport = await connect({ url: server.url });
    const connection = await server.connected();
    const { closed, closeError } = collect(transport);
    connection.socket.terminate();
    await closed;
    expect(closeError()!.message).toMatch(/closed without a close frame: the server exited or the network dropped/);
  });
});

describe("connecting", () => {
  it("turns a 401 into auth-failed with the server's reason and what to check, and never shows the token", async () => {
    const url = await refusing(401, `invalid websocket bearer token (${TOKEN})`);
    const watch = new SecretWatch();
    const error = await connect({ url, token: TOKEN }, watch).catch((caught: unknown) => watch.error(caught));
    expect(error).toBeInstanceOf(CodexStartError);
    expect(error).toMatchObject({ kind: "auth-failed" });
    expect((error as Error).message).toContain('HTTP 401: "invalid websocket bearer token ([token])"');
    expect((error as Error).message).toContain("--ws-token-file");
    expect(watch.leaks([TOKEN])).toEqual([]);
  });

  it("turns another HTTP answer into connect-failed", async () => {
    const url = await refusing(502, "Bad Gateway");
    const error = await connect({ url }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "connect-failed" });
    expect((error as Error).message).toContain('answered the WebSocket upgrade with HTTP 502: "Bad Gateway"');
  });

  it("fails with auth-failed when the token function throws, returns no token, or takes too long", async () => {
    const server = await stand();
    const failures = await Promise.all([
      connect({ url: server.url, token: () => { throw new Error("vault is sealed"); } }).catch((e: unknown) => e),
      connect({ url: server.url, token: () => "" }).catch((e: unknown) => e),
      connect({ url: server.url, token: () => new Promise<string>(() => {}), connectTimeoutMs: 50 }).catch((e: unknown) => e),
    ]);
    expect(failures.map((error) => (error as CodexStartError).kind)).toEqual(["auth-failed", "auth-failed", "auth-failed"]);
    expect((failures[0] as Error).message).toContain("token function of the transport to");
    expect((failures[0] as Error).message).toContain("vault is sealed");
    expect((failures[1] as Error).message).toContain("returned an empty string");
    expect((failures[2] as Error).message).toContain("did not return within 50 ms");
    expect(server.connections).toHaveLength(0);
  });
});
