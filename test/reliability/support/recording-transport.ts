import { readFileSync } from "node:fs";
import { TransportClosedError, type JsonRpcMessage, type Transport, type TransportSink } from "../../../src/index.js";

const RUNTIME_VERSION = (
  JSON.parse(readFileSync(new URL("../../../schema/runtime-version.json", import.meta.url), "utf8")) as { version: string }
).version;

type Wire = { id?: unknown; method?: unknown; params?: Record<string, unknown> };

/**
 * A `Transport` with a small well-behaved server behind it, in process: it records every message
 * the client writes (as JSON, the way a pipe would carry it) and answers the handshake, reads,
 * thread and turn calls the way app-server does. For checking that bad input never reaches the wire.
 */
export class RecordingTransport implements Transport {
  /** Every message the client wrote, parsed back from its JSON. */
  readonly written: Wire[] = [];
  #sink: TransportSink | undefined;
  #closed: Error | undefined;
  #threads = 0;
  #turns = 0;

  send(message: JsonRpcMessage): void {
    if (this.#closed) throw this.#closed;
    const wire = JSON.parse(JSON.stringify(message)) as Wire;
    this.written.push(wire);
    if (typeof wire.method === "string" && wire.id !== undefined) this.#answer(wire.id, wire.method, wire.params ?? {});
  }

  attach(sink: TransportSink): void {
    if (this.#sink) throw new TypeError("The recording transport already has a consumer.");
    this.#sink = sink;
    if (this.#closed) sink.close(this.#closed);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = new TransportClosedError("The recording transport was closed.");
    this.#sink?.close(this.#closed);
  }

  /** Whether a client has attached (started on this transport). */
  get attached(): boolean {
    return this.#sink !== undefined;
  }

  /** How many messages the client has written so far. */
  get count(): number {
    return this.written.length;
  }

  /** The methods written since message number `from`. */
  methodsSince(from: number): string[] {
    return this.written.slice(from).map((message) => (typeof message.method === "string" ? message.method : `<answer ${String(message.id)}>`));
  }

  #deliver(message: unknown): void {
    setImmediate(() => {
      if (!this.#closed) this.#sink?.message(message);
    });
  }

  #answer(id: unknown, method: string, params: Record<string, unknown>): void {
    const result = this.#result(method, params);
    if (result === undefined) {
      this.#deliver({ id, error: { code: -32600, message: `Invalid request: unknown variant \`${method}\`` } });
      return;
    }
    this.#deliver({ id, result });
    if (method === "turn/start") {
      const threadId = params.threadId;
      const turn = (result as { turn: { id: string } }).turn;
      this.#deliver({ method: "turn/started", params: { threadId, turn } });
      this.#deliver({ method: "item/completed", params: { threadId, turnId: turn.id, item: { type: "agentMessage", id: "m", text: "ok" } } });
      this.#deliver({ method: "turn/completed", params: { threadId, turn: { ...turn, status: "completed" } } });
    }
  }

  #result(method: string, params: Record<string, unknown>): unknown {
    const thread = (id: unknown) => ({ id, preview: "", modelProvider: "recording", createdAt: 0, updatedAt: 0, status: { type: "idle" }, turns: [] });
    switch (method) {
      case "initialize": {
        const name = (params.clientInfo as { name?: string } | undefined)?.name ?? "client";
        return {
          userAgent: `${name}/${RUNTIME_VERSION} (Debian 12.0.0; x86_64) xterm (${name}; 0.0.0)`,
          codexHome: "/nonexistent/recording-home",
          platformFamily: "unix",
          platformOs: "linux",
        };
      }
      case "model/list":
      case "thread/list":
        return { data: [], nextCursor: null };
      case "account/read":
        return { account: null, requiresOpenaiAuth: false };
      case "account/rateLimits/read":
        return { rateLimits: { limitId: "codex", primary: null, secondary: null } };
      case "account/logout":
      case "thread/archive":
      case "thread/name/set":
      case "thread/compact/start":
      case "turn/interrupt":
        return {};
      case "account/login/start":
        if (params.type === "apiKey") return { type: "apiKey" };
        if (params.type === "chatgpt") return { type: "chatgpt", loginId: "login-1", authUrl: "http://127.0.0.1:9/auth" };
        return { type: "chatgptDeviceCode", loginId: "login-1", verificationUrl: "http://127.0.0.1:9/device", userCode: "ABCD" };
      case "account/login/cancel":
        return { status: "canceled" };
      case "thread/start":
        return { thread: thread(`thr-${++this.#threads}`) };
      case "thread/resume":
      case "thread/fork":
      case "thread/unarchive":
      case "thread/read":
        return { thread: thread(params.threadId) };
      case "turn/start":
        return { turn: { id: `turn-${++this.#turns}`, items: [], itemsView: "notLoaded", status: "inProgress", error: null } };
      case "turn/steer":
        return { turnId: params.expectedTurnId };
      default:
        return undefined;
    }
  }
}
