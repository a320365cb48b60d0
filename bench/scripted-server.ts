import { LineSplitter } from "../src/transport/line-splitter.js";
import type { JsonRpcMessage, Transport, TransportSink } from "../src/index.js";
import { PINNED_RUNTIME_VERSION } from "../src/version.js";

const THREAD_ID = "01a20c28-baab-7441-a8d4-b64f2e23e1e7";
const TURN_ID = "01a20c28-bb0c-7e21-9f0e-5d1c3a6e2b11";

/** A delta notification line shaped like the real server's (~225 bytes, two UUIDs, an item id). */
function deltaLine(i: number): string {
  return JSON.stringify({
    method: "item/agentMessage/delta",
    params: { threadId: THREAD_ID, turnId: TURN_ID, itemId: "msg_resp_1", delta: ` w${i}` },
    emittedAtMs: 1795500311727 + i,
  });
}

/** The JSONL bytes of a turn: `deltas` delta lines, then `turn/completed`. */
export function turnStream(deltas: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < deltas; i++) lines.push(deltaLine(i));
  lines.push(
    JSON.stringify({
      method: "turn/completed",
      params: {
        threadId: THREAD_ID,
        turn: { id: TURN_ID, status: "completed", items: [], itemsView: "summary", error: null },
      },
    }),
  );
  return Buffer.from(`${lines.join("\n")}\n`);
}

/** Feeds `bytes` to `onLine` in pipe-sized chunks, yielding to the event loop between chunks. */
export async function pumpChunks(bytes: Buffer, splitter: LineSplitter, chunkSize = 65_536): Promise<void> {
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    splitter.push(bytes.subarray(offset, offset + chunkSize));
    if ((offset / chunkSize) % 4 === 3) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * An in-process app-server stand-in behind the public `Transport` interface: it answers the
 * handshake, `thread/start` and `turn/start`, and then `play()` pushes recorded-shape JSONL bytes
 * through the same line splitting and parsing the stdio transport does.
 */
export class ScriptedServer implements Transport {
  #sink: TransportSink | undefined;
  readonly #splitter = new LineSplitter((line) => this.#sink?.message(JSON.parse(line)));

  attach(sink: TransportSink): void {
    this.#sink = sink;
  }

  send(message: JsonRpcMessage): void {
    if (!("id" in message) || !("method" in message)) return;
    const result = this.#answer(message.method);
    queueMicrotask(() => this.#deliver({ id: message.id, result }));
  }

  async close(): Promise<void> {
    const sink = this.#sink;
    this.#sink = undefined;
    sink?.close(new Error("closed"));
  }

  /** Streams a turn's bytes to the client. */
  play(bytes: Buffer): Promise<void> {
    return pumpChunks(bytes, this.#splitter);
  }

  #deliver(message: unknown): void {
    this.#sink?.message(message);
  }

  #answer(method: string): unknown {
    switch (method) {
      case "initialize":
        return { userAgent: `bench/${PINNED_RUNTIME_VERSION} (bench)`, codexHome: "/tmp", platformFamily: "unix", platformOs: "linux" };
      case "thread/start":
        return { thread: { id: THREAD_ID } };
      case "turn/start":
        return { turn: { id: TURN_ID, status: "inProgress", items: [], itemsView: "notLoaded", error: null } };
      default:
        return {};
    }
  }
}
