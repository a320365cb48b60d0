/**
 * What a careful user would write by hand instead of an SDK: spawn the app-server, write JSON lines,
 * split and parse what comes back, match responses to requests by id and hand notifications to
 * listeners. No timeouts, validation or typed errors: the floor the SDK is measured against.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/** A message from the server, as parsed. */
export interface RawMessage {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** How to spawn the server. */
export interface RawSpawnOptions {
  bin: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A minimal JSON-RPC client of `codex app-server` over stdio. */
export class RawClient {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Set<(message: RawMessage) => void>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  #partial = "";

  private constructor(options: RawSpawnOptions) {
    this.#child = spawn(options.bin, ["app-server", "--listen", "stdio://", ...options.args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.#child.stdout.setEncoding("utf8");
    this.#child.stdout.on("data", (chunk: string) => this.#onData(chunk));
    this.#child.stderr.resume();
    this.#exited = new Promise((resolve) => this.#child.once("exit", () => resolve()));
    void this.#exited.then(() => {
      for (const { reject } of this.#pending.values()) reject(new Error("app-server exited"));
      this.#pending.clear();
    });
  }

  /** Spawns the server and completes the `initialize` handshake. */
  static async start(options: RawSpawnOptions): Promise<RawClient> {
    const client = new RawClient(options);
    await client.request("initialize", {
      clientInfo: { name: "raw_jsonl_client", title: null, version: "0.0.0" },
      capabilities: { experimentalApi: true },
    });
    client.notify("initialized");
    return client;
  }

  /** Sends a request and resolves with its result (rejects with the error's message). */
  request(method: string, params?: unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#write({ id, method, params });
    });
  }

  /** Sends a notification. */
  notify(method: string, params?: unknown): void {
    this.#write(params === undefined ? { method } : { method, params });
  }

  /** Calls `listener` with every notification; returns a function that removes it. */
  onNotification(listener: (message: RawMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Ends the server's stdin and resolves once the process has exited. */
  close(): Promise<void> {
    this.#child.stdin.end();
    return this.#exited;
  }

  #write(message: object): void {
    this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  #onData(chunk: string): void {
    const text = this.#partial + chunk;
    let newline = text.indexOf("\n");
    let start = 0;
    while (newline !== -1) {
      if (newline > start) this.#onMessage(JSON.parse(text.slice(start, newline)) as RawMessage);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    this.#partial = text.slice(start);
  }

  #onMessage(message: RawMessage): void {
    if (message.method === undefined) {
      const pending = this.#pending.get(message.id as number);
      if (pending === undefined) return;
      this.#pending.delete(message.id as number);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
    } else if (message.id !== undefined) {
      // A server request (approvals, user input): this client handles none.
      this.#write({ id: message.id, error: { code: -32601, message: `unhandled ${message.method}` } });
    } else {
      for (const listener of this.#listeners) listener(message);
    }
  }
}
