import { readFileSync } from "node:fs";
import { ProcessExitError, TransportClosedError } from "../../src/errors.js";
import type { JsonRpcId, JsonRpcMessage, Transport, TransportSink } from "../../src/transport/transport.js";
import { PINNED } from "./runtime-versions.js";

/** A message the client sent, as the server would see it (after a JSON round trip). */
export type WireMessage = {
  id?: JsonRpcId | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};

/**
 * The client's half of an in-memory connection: pass it to `new Connection(...)` or as the
 * `transport` option of `Codex`. The other half, the {@link InMemoryPeer}, is played by the test.
 */
export class InMemoryTransport implements Transport {
  readonly #peer: InMemoryPeer;
  sink: TransportSink | undefined;
  closeError: Error | undefined;
  /** How many times the client called `close()`. */
  closeCalls = 0;

  constructor(peer: InMemoryPeer) {
    this.#peer = peer;
  }

  attach(sink: TransportSink): void {
    if (this.sink) throw new TypeError("already attached");
    this.sink = sink;
    if (this.closeError) sink.close(this.closeError);
  }

  send(message: JsonRpcMessage): void {
    if (this.closeError) throw this.closeError;
    this.#peer.receiveFromClient(JSON.parse(JSON.stringify(message)) as WireMessage);
  }

  async close(): Promise<void> {
    this.closeCalls++;
    this.fireClose(new TransportClosedError("The in-memory transport was closed by the client."));
  }

  fireClose(error: Error): void {
    if (this.closeError) return;
    this.closeError = error;
    this.sink?.close(error);
  }
}

interface Waiter {
  resolve: (message: WireMessage) => void;
  reject: (error: Error) => void;
}

/**
 * The server's half of an in-memory connection, driven by the test: read what the client sent,
 * answer, notify, send server requests, and die.
 */
export class InMemoryPeer {
  readonly transport: InMemoryTransport = new InMemoryTransport(this);
  /** Every message the client sent, in order. */
  readonly sent: WireMessage[] = [];
  readonly #unread: WireMessage[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #answerWaiters = new Map<JsonRpcId, (message: WireMessage) => void>();

  /** Called by the transport for each message from the client. */
  receiveFromClient(message: WireMessage): void {
    this.sent.push(message);
    if (message.method === undefined && message.id !== undefined && message.id !== null) {
      const waiter = this.#answerWaiters.get(message.id);
      if (waiter) {
        this.#answerWaiters.delete(message.id);
        waiter(message);
        return;
      }
    }
    const next = this.#waiters.shift();
    if (next) next.resolve(message);
    else this.#unread.push(message);
  }

  /** The next message from the client that no `next()` or `request()` has taken yet. */
  next(): Promise<WireMessage> {
    const message = this.#unread.shift();
    if (message) return Promise.resolve(message);
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** The next message, which must be a request (for `method`, when given). */
  async nextRequest(method?: string): Promise<WireMessage & { id: JsonRpcId; method: string }> {
    const message = await this.next();
    if (message.method === undefined || message.id === undefined || message.id === null) {
      throw new Error(`expected a request, got ${JSON.stringify(message)}`);
    }
    if (method !== undefined && message.method !== method) {
      throw new Error(`expected a "${method}" request, got ${JSON.stringify(message)}`);
    }
    return message as WireMessage & { id: JsonRpcId; method: string };
  }

  /** Messages the client sent that nobody has read yet. */
  get unread(): readonly WireMessage[] {
    return this.#unread;
  }

  /** Delivers anything to the client, as if it came off the wire. */
  send(message: unknown): void {
    if (this.transport.closeError) throw new Error("the peer is closed");
    this.transport.sink?.message(message);
  }

  respond(id: JsonRpcId, result: unknown): void {
    this.send({ id, result });
  }

  fail(id: JsonRpcId, code: number, message: string, data?: unknown): void {
    this.send({ id, error: data === undefined ? { code, message } : { code, message, data } });
  }

  notify(method: string, params: unknown, emittedAtMs?: number): void {
    this.send(emittedAtMs === undefined ? { method, params } : { method, params, emittedAtMs });
  }

  /** Sends a server request and resolves with the client's answer. */
  request(id: JsonRpcId, method: string, params: unknown): Promise<WireMessage> {
    const answer = new Promise<WireMessage>((resolve) => this.#answerWaiters.set(id, resolve));
    this.send({ id, method, params });
    return answer;
  }

  /** The server goes away: the transport closes with `error` (a dead process by default). */
  die(error: Error = new ProcessExitError(undefined, { exitCode: 1, signal: null, stderrTail: "boom" })): void {
    this.transport.fireClose(error);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
  }
}

/** Creates a connected transport/peer pair. */
export function createInMemoryPeer(): InMemoryPeer {
  return new InMemoryPeer();
}

/** One line of a wire recording: `>` client to server, `<` server to client, `stderr`, `exit`. */
export interface TranscriptEntry {
  t: number;
  dir: ">" | "<" | "stderr" | "exit";
  line: string;
}

/** The runtime version in a recorded `initialize` answer's user agent (`"userAgent":"name/0.169.0 ...`). */
const RECORDED_USER_AGENT_VERSION = /("userAgent":"[^"/\s]+\/)\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g;

/**
 * Reads a recorded transcript (`{t, dir, line}` per line). The runtime version the recording's
 * user agent reports is replaced with the pinned one, so recordings stay usable across bumps.
 */
export function loadTranscript(file: string): TranscriptEntry[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as TranscriptEntry)
    .map((entry) => ({ ...entry, line: entry.line?.replace(RECORDED_USER_AGENT_VERSION, `$1${PINNED}`) }));
}

/** What happened during a replay. */
export interface ReplayReport {
  /** Each client message next to the recorded one it stood for. */
  exchanged: { recorded: WireMessage; actual: WireMessage }[];
}

/**
 * Plays the server side of a recorded transcript against whatever client drives `peer`. Recorded
 * client messages are awaited in order (requests and notifications must match by method, answers
 * to server requests by id); recorded server messages are delivered as soon as their turn comes,
 * with response ids translated to the ids the client actually used. Rejects on the first mismatch.
 * With `exit: true`, a recorded `exit` closes the transport with `ProcessExitError`.
 */
export async function replayTranscript(
  peer: InMemoryPeer,
  entries: readonly TranscriptEntry[],
  options: { exit?: boolean } = {},
): Promise<ReplayReport> {
  const ids = new Map<JsonRpcId, JsonRpcId>();
  const report: ReplayReport = { exchanged: [] };
  let stderr = "";
  for (const entry of entries) {
    if (entry.dir === "stderr") {
      stderr += entry.line;
      continue;
    }
    if (entry.dir === "exit") {
      if (options.exit) {
        const { code, signal } = JSON.parse(entry.line) as { code: number | null; signal: string | null };
        peer.die(new ProcessExitError(undefined, { exitCode: code, signal, stderrTail: stderr }));
      }
      continue;
    }
    const recorded = JSON.parse(entry.line) as WireMessage;
    if (entry.dir === "<") {
      if (recorded.method === undefined && recorded.id !== undefined && recorded.id !== null) {
        const actual = ids.get(recorded.id);
        if (actual === undefined) throw new Error(`replay: response to unknown request id ${String(recorded.id)}`);
        peer.send({ ...recorded, id: actual });
      } else {
        peer.send(recorded);
      }
      continue;
    }
    const actual = await peer.next();
    const isRequest = recorded.method !== undefined && recorded.id !== undefined;
    const matches = recorded.method !== undefined ? actual.method === recorded.method : actual.id === recorded.id;
    if (!matches || isRequest !== (actual.id !== undefined && actual.method !== undefined)) {
      throw new Error(`replay: expected ${entry.line}, the client sent ${JSON.stringify(actual)}`);
    }
    if (isRequest) ids.set(recorded.id as JsonRpcId, actual.id as JsonRpcId);
    report.exchanged.push({ recorded, actual });
  }
  return report;
}
