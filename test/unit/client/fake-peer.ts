import { fileURLToPath } from "node:url";
import type { Thread as ProtocolThread } from "../../../generated/protocol.js";
import type { ClientCore } from "../../../src/client/client-core.js";
import { OpenThreads } from "../../../src/client/open-threads.js";
import { TurnRegistry } from "../../../src/client/turn-registry.js";
import { ServerRequestScopes } from "../../../src/client/server-request-scopes.js";
import { UNWATCHED } from "../../../src/internal/activity.js";
import { ListenerSet } from "../../../src/internal/listeners.js";
import { ClientLink } from "../../../src/client/client-link.js";
import type { CodexMetadata } from "../../../src/client/runtime-version.js";
import { threadFor, type Thread } from "../../../src/client/thread.js";
import { Connection, type ConnectionOptions } from "../../../src/rpc/connection.js";
import type { JsonRpcId } from "../../../src/transport/transport.js";
import {
  InMemoryPeer,
  loadTranscript,
  replayTranscript,
  type ReplayReport,
  type TranscriptEntry,
  type WireMessage,
} from "../../helpers/in-memory-peer.js";

type Responder = (params: Record<string, unknown>, id: JsonRpcId) => unknown;

/** A request the client sent. */
export interface SentRequest {
  id: JsonRpcId;
  method: string;
  params: Record<string, unknown>;
}

/**
 * The in-memory server of the unit tests, with conveniences on top of the shared peer: scripted
 * responders per method, waiting for the next request of a method, and listing requests by method.
 */
export class FakePeer extends InMemoryPeer {
  readonly responders = new Map<string, Responder>();
  #waiters: { method: string; resolve: (request: SentRequest) => void }[] = [];

  override receiveFromClient(message: WireMessage): void {
    super.receiveFromClient(message);
    if (typeof message.method !== "string" || message.id === undefined || message.id === null) return;
    const request = message as SentRequest;
    const index = this.#waiters.findIndex((waiter) => waiter.method === request.method);
    if (index >= 0) this.#waiters.splice(index, 1)[0].resolve(request);
    const responder = this.responders.get(request.method);
    if (!responder) return;
    let result: unknown;
    try {
      result = responder(request.params ?? {}, request.id);
    } catch (error) {
      const e = error as { code?: number; message: string };
      queueMicrotask(() => this.fail(request.id, e.code ?? -32600, e.message));
      return;
    }
    if (result !== undefined) queueMicrotask(() => this.respond(request.id, result));
  }

  /** Resolves with the next request of `method` the client sends. */
  waitForRequest(method: string): Promise<SentRequest> {
    return new Promise((resolve) => this.#waiters.push({ method, resolve }));
  }

  /** Every request of `method` sent so far. */
  requests(method: string): SentRequest[] {
    return this.sent.filter((m) => m.method === method && m.id !== undefined && m.id !== null) as SentRequest[];
  }
}

/** What {@link setup} builds a client context from: the connection's options, and the event log's size (none by default). */
export interface SetupOptions extends ConnectionOptions {
  maxEventsPerThread?: number;
}

async function coreFor(peer: InMemoryPeer, { maxEventsPerThread, ...options }: SetupOptions = {}): Promise<ClientCore> {
  const logger = options.logger ?? {};
  const turns = new TurnRegistry(logger);
  const handlers = options.serverRequests;
  if (typeof handlers === "function") throw new TypeError("setup() takes serverRequests as handlers, not a lookup");
  // As in Codex: the connection finds handlers through the scopes (turn, thread, client, then tools).
  const scopes = new ServerRequestScopes(handlers, turns);
  const connection = await Connection.open(peer.transport, { requestTimeoutMs: 5_000, ...options, serverRequests: scopes.lookup });
  const link = new ClientLink(
    { connection, transport: peer.transport, metadata: {} as CodexMetadata },
    { connect: () => Promise.reject(new Error("unit tests do not reconnect")), resume: async () => {} },
    { notifications: connection.notifications, reconnect: undefined, requestTimeoutMs: 5_000, logger, changes: new ListenerSet(logger, "A change listener") },
  );
  const threads = new OpenThreads({ link, logger, turns, scopes, maxEventsPerThread });
  return { link, logger, turns, scopes, threads, activity: UNWATCHED };
}

/** A minimal protocol Thread for constructing `Thread`s in tests. */
export function protocolThread(id: string): ProtocolThread {
  return { id } as ProtocolThread;
}

/** A connection, client context and thread over a fresh FakePeer. */
export async function setup(threadId = "thr_1", options: SetupOptions = {}) {
  const peer = new FakePeer();
  const core = await coreFor(peer, options);
  const thread = threadFor(core, protocolThread(threadId));
  return { peer, connection: core.link.connection, core, thread };
}

/** Wire shapes for scripted events. */
export const wire = {
  turn(id: string, status = "inProgress", extra: Record<string, unknown> = {}) {
    return { id, items: [], itemsView: "notLoaded", status, error: null, startedAt: null, completedAt: null, durationMs: null, ...extra };
  },
  agentMessage(id: string, text: string, phase: string | null = null) {
    return { type: "agentMessage", id, text, phase, memoryCitation: null, delivery: null, questions: null, moderation: null };
  },
  usage(total: number) {
    const b = { totalTokens: total, inputTokens: total - 1, cachedInputTokens: 0, outputTokens: 1, reasoningOutputTokens: 0 };
    return { total: b, last: b, modelContextWindow: null };
  },
};

/** A recording of the real app-server (test/unit/client/fixtures/: the wire lines from the first turn/start on). */
export function transcript(name: string): TranscriptEntry[] {
  return loadTranscript(fileURLToPath(new URL(`./fixtures/${name}.jsonl`, import.meta.url)));
}

/**
 * The part of a recording from the first `turn/start` on (wire messages only), up to the first
 * entry `stop` accepts.
 */
export function fromFirstTurn(entries: readonly TranscriptEntry[], stop?: (message: WireMessage, dir: string) => boolean) {
  const out: TranscriptEntry[] = [];
  for (const entry of entries) {
    if (entry.dir !== "<" && entry.dir !== ">") continue;
    const message = JSON.parse(entry.line) as WireMessage;
    if (out.length === 0 && !(entry.dir === ">" && message.method === "turn/start")) continue;
    if (stop?.(message, entry.dir)) break;
    out.push(entry);
  }
  return out;
}

/**
 * Replays the server side of a recording against Threads built for the thread ids its
 * `turn/start`s name. `replay` settles when the recording is used up (rejects on a mismatch).
 */
export async function setupReplay(entries: readonly TranscriptEntry[], options: ConnectionOptions = {}) {
  const peer = new InMemoryPeer();
  const core = await coreFor(peer, options);
  const threads: Thread[] = [];
  for (const entry of entries) {
    const message = JSON.parse(entry.line) as WireMessage;
    const threadId = (message.params as { threadId?: string } | undefined)?.threadId;
    if (entry.dir === ">" && message.method === "turn/start" && threadId) threads.push(threadFor(core, protocolThread(threadId)));
  }
  const replay: Promise<ReplayReport> = replayTranscript(peer, entries);
  replay.catch(() => {});
  return { peer, core, threads, replay };
}
