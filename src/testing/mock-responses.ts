import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { checkMockResponsesArguments } from "./argument-checks.js";
import { describeRequest, type MockRequest, type ProxyAttempt, type UnexpectedRequest } from "./mock-request.js";
import { redactHeaders } from "./redact.js";
import type { MockReply, MockStreamReply, ReviewVerdict } from "./replies.js";
import type { ResponsesRequestBody } from "./request-body.js";
import { scriptedReply, type OutputJsonOption } from "./scripted-reply.js";
import { failedSteps, streamSteps, type SseStep } from "./sse.js";

/**
 * Decides the answer to one request. Return `undefined` to fall through to the scripted answer
 * (directives, review verdict, output JSON, default text).
 */
export type MockHandler = (request: MockRequest) => MockReply | undefined | Promise<MockReply | undefined>;

/** Options of {@link startMockResponses}. */
export interface MockResponsesOptions {
  /** The verdict of automatic approval reviews whose history has no `[[mock:review …]]` directive. Default `"deny"`. */
  reviewVerdict?: ReviewVerdict;
  /** The answer of `outputSchema` turns without `[[mock:json …]]`. Default: a value sampled from the schema. */
  outputJson?: OutputJsonOption;
  /** The answer of a turn without directives. Default `"Hello from the mock model."`. */
  defaultText?: string;
  /** A handler consulted for every request that the queue does not answer. */
  handler?: MockHandler;
  /** The port to listen on. Default 0 (an ephemeral port). The host is always 127.0.0.1. */
  port?: number;
}

/**
 * A running mock of the Responses API (`POST /v1/responses`, answered with SSE) on 127.0.0.1.
 *
 * Each request is answered by, in order: the next queued reply ({@link enqueue}; reviews skip the
 * queue), the handler ({@link setHandler}) unless it returns `undefined`, and otherwise the script:
 * the `[[mock:…]]` directives of the latest user message (see `DirectiveScript`), the review verdict,
 * the output JSON or the default text. Used as an HTTP(S) proxy it refuses (403) and records every
 * attempt to reach another host, so tests can assert zero egress.
 */
export interface MockResponses {
  /** The `base_url` of a provider: `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`: the value of the proxy variables that turn the mock into an egress trap. */
  readonly origin: string;
  /** The port the mock listens on. */
  readonly port: number;
  /** Every model request so far, in arrival order. */
  readonly requests: readonly MockRequest[];
  /** Every attempt to reach the internet through the mock as a proxy. */
  readonly proxyAttempts: readonly ProxyAttempt[];
  /** Requests to other paths or with unreadable bodies. */
  readonly unexpectedRequests: readonly UnexpectedRequest[];
  /** The verdict of reviews without a directive; settable at any time. */
  reviewVerdict: ReviewVerdict;
  /** Whether {@link close} has been called. */
  readonly closed: boolean;
  /**
   * Queues replies (or one-shot handlers) answering the next non-review requests in arrival order,
   * tool-output follow-ups included. A queued handler is used up even when it returns `undefined`
   * (the request then falls through). With concurrent turns the arrival order is not deterministic:
   * script those with directives.
   */
  enqueue(...replies: Array<MockReply | MockHandler>): this;
  /** Sets (or with `undefined` removes) the handler consulted after the queue. */
  setHandler(handler: MockHandler | undefined): this;
  /** The latest request, if any. */
  lastRequest(): MockRequest | undefined;
  /** The latest user message text of the latest request (for a review: the review prompt). */
  lastUserText(): string | undefined;
  /** Resolves with the requests once at least `count` have arrived; rejects after `timeoutMs` (default 10,000; `Infinity` waits for ever). */
  waitForRequests(count: number, timeoutMs?: number): Promise<MockRequest[]>;
  /** Resolves with the first request (already recorded or still to come) matching `predicate`; rejects after `timeoutMs` (default 10,000; `Infinity` waits for ever). */
  waitForRequest(predicate: (request: MockRequest) => boolean, timeoutMs?: number): Promise<MockRequest>;
  /** Throws an `Error` listing the proxy attempts if there were any. */
  assertNoEgress(): void;
  /** The environment variables that route a process's outbound HTTP(S) through the trap. */
  proxyEnv(): Record<string, string>;
  /** Forgets recorded requests, proxy attempts, the queue and the handler (back to the one given at start). Response ids stay unique. */
  reset(): void;
  /** Stops the server and drops open (e.g. stalled) connections. Idempotent. */
  close(): Promise<void>;
  /** Same as {@link close}. */
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_TEXT = "Hello from the mock model.";

class MockResponsesServer implements MockResponses {
  readonly requests: MockRequest[] = [];
  readonly proxyAttempts: ProxyAttempt[] = [];
  readonly unexpectedRequests: UnexpectedRequest[] = [];
  reviewVerdict: ReviewVerdict;
  url = "";
  origin = "";
  port = 0;
  private closing: Promise<void> | undefined;
  private readonly queue: Array<MockReply | MockHandler> = [];
  private handler: MockHandler | undefined;
  private readonly tag = randomBytes(3).toString("hex");
  private counter = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private readonly server: http.Server;

  constructor(private readonly options: MockResponsesOptions) {
    this.reviewVerdict = options.reviewVerdict ?? "deny";
    this.handler = options.handler;
    this.server = http.createServer((req, res) => {
      // A reply the server cannot encode (e.g. an out-of-range status from a handler) drops the connection.
      this.onRequest(req, res).catch(() => res.destroy());
    });
    this.server.on("connect", (req: IncomingMessage, socket: Duplex) => this.onConnect(req, socket));
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address();
    if (address === null || typeof address === "string") throw new Error("The mock Responses server has no TCP address.");
    this.port = address.port;
    this.origin = `http://127.0.0.1:${address.port}`;
    this.url = `${this.origin}/v1`;
  }

  enqueue(...replies: Array<MockReply | MockHandler>): this {
    this.queue.push(...replies);
    return this;
  }

  setHandler(handler: MockHandler | undefined): this {
    this.handler = handler;
    return this;
  }

  lastRequest(): MockRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  lastUserText(): string | undefined {
    return this.lastRequest()?.lastUserText;
  }

  waitForRequests(count: number, timeoutMs = 10_000): Promise<MockRequest[]> {
    return this.waitUntil(
      () => (this.requests.length >= count ? [...this.requests] : undefined),
      () => `The mock received ${this.requests.length} of ${count} expected model requests within ${timeoutMs} ms.`,
      timeoutMs,
    );
  }

  waitForRequest(predicate: (request: MockRequest) => boolean, timeoutMs = 10_000): Promise<MockRequest> {
    return this.waitUntil(
      () => this.requests.find(predicate),
      () => `None of the ${this.requests.length} model requests the mock received within ${timeoutMs} ms matched.`,
      timeoutMs,
    );
  }

  private waitUntil<T>(find: () => T | undefined, failure: () => string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      if (typeof timeoutMs !== "number" || Number.isNaN(timeoutMs) || timeoutMs < 0) {
        reject(new TypeError(`timeoutMs must be a non-negative number of milliseconds (or Infinity), got ${String(timeoutMs)}.`));
        return;
      }
      // setTimeout fires at once for delays beyond 2^31-1 ms; treat those (Infinity included) as "no timeout".
      const timer =
        timeoutMs <= MAX_TIMER_MS
          ? setTimeout(() => {
              cleanup();
              reject(new Error(failure()));
            }, timeoutMs)
          : undefined;
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  assertNoEgress(): void {
    if (this.proxyAttempts.length === 0) return;
    const list = this.proxyAttempts.map((a) => `${a.method} ${a.target}`).join(", ");
    throw new Error(
      `${this.proxyAttempts.length} outbound connection attempt(s) reached the egress trap: ${list}. ` +
        "Disable the feature that makes them (e.g. features.plugins=false) or point it at a local mock.",
    );
  }

  proxyEnv(): Record<string, string> {
    return {
      HTTP_PROXY: this.origin,
      HTTPS_PROXY: this.origin,
      ALL_PROXY: this.origin,
      http_proxy: this.origin,
      https_proxy: this.origin,
      all_proxy: this.origin,
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
    };
  }

  reset(): void {
    this.requests.length = 0;
    this.proxyAttempts.length = 0;
    this.unexpectedRequests.length = 0;
    this.queue.length = 0;
    this.handler = this.options.handler;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private onConnect(req: IncomingMessage, socket: Duplex): void {
    this.proxyAttempts.push({ method: "CONNECT", target: req.url ?? "", headers: redactHeaders(req.headers), at: Date.now() });
    socket.on("error", () => undefined);
    socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on("error", () => undefined);
    const url = req.url ?? "/";
    const headers = redactHeaders(req.headers);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
      this.proxyAttempts.push({ method: req.method ?? "GET", target: url, headers, at: Date.now() });
      req.resume();
      sendJson(res, 403, { error: { message: "Outbound traffic is blocked by the mock's egress trap.", type: "forbidden" } });
      return;
    }
    const path = url.split("?")[0];
    if (req.method !== "POST" || !path.endsWith("/responses")) {
      this.unexpectedRequests.push({ method: req.method ?? "", path, headers, reason: "not POST …/responses" });
      req.resume();
      sendJson(res, 404, { error: { message: `The mock serves only POST /v1/responses, not ${req.method} ${path}.` } });
      return;
    }
    let body: ResponsesRequestBody;
    try {
      const parsed: unknown = JSON.parse((await readBody(req)).toString("utf8"));
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the body is not a JSON object");
      body = parsed as ResponsesRequestBody;
    } catch (error) {
      const reason = `unreadable body: ${error instanceof Error ? error.message : String(error)}`;
      this.unexpectedRequests.push({ method: "POST", path, headers, reason });
      sendJson(res, 400, { error: { message: reason } });
      return;
    }
    const responseId = `resp_${this.tag}_${++this.counter}`;
    const request = describeRequest({ index: this.requests.length, responseId, method: "POST", path, headers, body });
    this.requests.push(request);
    for (const waiter of [...this.waiters]) waiter();
    let answer: MockRequest["answer"];
    try {
      answer = await this.decide(request);
    } catch (error) {
      const message = `The mock handler threw: ${error instanceof Error ? error.message : String(error)}`;
      answer = { source: "handler", reply: { kind: "http", status: 500, message } };
    }
    request.answer = answer;
    await this.send(res, answer.reply, request.responseId);
  }

  private async decide(request: MockRequest): Promise<NonNullable<MockRequest["answer"]>> {
    if (request.kind !== "review") {
      const queued = this.queue.shift();
      if (queued !== undefined) {
        const queuedReply = typeof queued === "function" ? await queued(request) : queued;
        if (queuedReply !== undefined) return { source: "queue", reply: queuedReply };
      }
    }
    if (this.handler !== undefined) {
      const handled = await this.handler(request);
      if (handled !== undefined) return { source: "handler", reply: handled };
    }
    const reply = scriptedReply(request, {
      reviewVerdict: this.reviewVerdict,
      outputJson: this.options.outputJson,
      defaultText: this.options.defaultText ?? DEFAULT_TEXT,
    });
    return { source: "script", reply };
  }

  private async send(res: ServerResponse, reply: MockReply, responseId: string): Promise<void> {
    if (reply.kind === "http") {
      const text = JSON.stringify({
        error: { message: reply.message ?? `mock HTTP ${reply.status}`, type: "mock_error", code: null },
      });
      res.writeHead(reply.status, { ...reply.headers, "content-type": "application/json" });
      res.end(text);
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (reply.kind === "failed") {
      res.end(failedSteps(reply, responseId).map((s) => s.chunk).join(""));
      return;
    }
    await this.stream(res, reply, streamSteps(reply, responseId));
  }

  private async stream(res: ServerResponse, reply: MockStreamReply, steps: SseStep[]): Promise<void> {
    const ending = reply.ending ?? { kind: "complete" };
    const delayMs = reply.delayMs ?? 0;
    const totalDeltas = steps.filter((s) => s.delta).length;
    const stopAfter = ending.kind === "complete" ? Infinity : Math.min(ending.afterDeltas ?? totalDeltas, totalDeltas);
    let pending = "";
    let deltas = 0;
    for (const current of steps) {
      const cut = current.delta || deltas > 0 || current.chunk.startsWith("event: response.completed\n");
      if (cut && deltas >= stopAfter) break;
      if (current.delta && delayMs > 0) {
        if (pending !== "") res.write(pending);
        pending = "";
        await this.sleep(delayMs);
        if (res.destroyed || this.closed) return;
      }
      pending += current.chunk;
      if (current.delta) deltas++;
    }
    if (ending.kind === "complete") {
      res.end(pending);
      return;
    }
    if (pending !== "") res.write(pending);
    if (ending.kind === "break") {
      // Let the written events reach the client before the connection drops.
      await this.sleep(20);
      res.socket?.destroy();
    }
    // A stall leaves the response open until the client disconnects or close() drops it.
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Longest delay `setTimeout` honours. */
const MAX_TIMER_MS = 2_147_483_647;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/**
 * Starts a mock Responses API on 127.0.0.1 (an ephemeral port unless `port` is given). Point a
 * provider's `base_url` at `mock.url`, and the proxy variables at `mock.origin` to trap egress.
 *
 * @example
 * ```ts
 * await using mock = await startMockResponses();
 * mock.enqueue(reply.text("Hi there"));
 * ```
 */
export async function startMockResponses(options: MockResponsesOptions = {}): Promise<MockResponses> {
  checkMockResponsesArguments(options);
  const server = new MockResponsesServer(options);
  await server.listen(options.port ?? 0);
  return server;
}
