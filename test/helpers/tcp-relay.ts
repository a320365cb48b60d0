import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP relay between clients and an upstream server on 127.0.0.1 that a test can cut: every
 * connection through it is destroyed at once (both ends), as a dropped network would. While it
 * refuses, new connections are closed as soon as they arrive; the upstream port can change (a
 * server restarted elsewhere) without clients noticing.
 */
export interface TcpRelay {
  /** The port clients connect to. */
  readonly port: number;
  /** `ws://127.0.0.1:PORT` of the relay. */
  readonly url: string;
  /** Where connections go. */
  upstreamPort: number;
  /** Destroys every connection through the relay now. */
  cut(): void;
  /** While `true`, connections are refused (closed on arrival); `false` lets them through again. */
  refuse(on: boolean): void;
  /** How many connections have come through (refused ones excluded). */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts a relay on a free loopback port in front of `upstreamPort`. */
export async function startTcpRelay(upstreamPort: number): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  let refusing = false;
  let connections = 0;
  const relay: { upstreamPort: number } = { upstreamPort };
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    connections++;
    const upstream = connect({ host: "127.0.0.1", port: relay.upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the relay has no port");
  return {
    port: address.port,
    url: `ws://127.0.0.1:${address.port}`,
    get upstreamPort() {
      return relay.upstreamPort;
    },
    set upstreamPort(port: number) {
      relay.upstreamPort = port;
    },
    get connections() {
      return connections;
    },
    cut() {
      for (const socket of sockets) socket.destroy();
    },
    refuse(on: boolean) {
      refusing = on;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
