import type {
  ThreadSearchParams,
  ThreadSearchPartialNotification,
  ThreadSearchResponse,
  ThreadSearchResult,
} from "../../generated/protocol.js";
import { InvalidRequestError } from "../errors.js";
import { Fifo } from "../internal/fifo.js";
import { onAbort } from "../internal/abort.js";
import type { Subscription } from "../internal/listeners.js";
import { settleWithin } from "../internal/timers.js";
import { isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { RequestOptions, TrackedRequest } from "../rpc/connection.js";
import type { ClientLink } from "./client-link.js";

/**
 * One batch of a streaming thread search (`Codex.threadSearch()`): the server's early matches
 * (`final: false`, best effort: rows may repeat, and may be missing from the final page), then the
 * authoritative final page (`final: true`) with its cursors, which ends the search.
 */
export type ThreadSearchBatch =
  | {
      /** An early batch (`thread/search/partial`). */
      readonly final: false;
      /** The threads matched so far, with the matching snippet. */
      readonly data: readonly ThreadSearchResult[];
    }
  | {
      /** The final page (the response to `thread/search/stream`). */
      readonly final: true;
      /** The page's threads, in order, with the matching snippet. */
      readonly data: readonly ThreadSearchResult[];
      /** Pass as `cursor` for the next page; `null` when there is none. */
      readonly nextCursor: string | null;
      /** Pass as `cursor` with the opposite `sortDirection` to page backwards; `null` for an empty page. */
      readonly backwardsCursor: string | null;
    };

interface Reader {
  resolve(result: IteratorResult<ThreadSearchBatch>): void;
  reject(error: unknown): void;
}

/** What a search needs of the client's link to its server. */
export type SearchLink = Pick<ClientLink, "notifications" | "request" | "requestWithId">;

/** How long leaving a search early waits for the server to acknowledge the cancel and end the search. */
const CANCEL_GRACE_MS = 2_000;

const DONE: IteratorResult<ThreadSearchBatch> = { value: undefined, done: true };

/**
 * The batches of one `thread/search/stream` request, read by one loop. The request is sent on the
 * first `next()`; its `thread/search/partial` notifications are told from other searches' by the
 * request's JSON-RPC id. Leaving the loop before the final page sends `thread/search/stream/cancel`
 * for that id (the server then fails the request with "thread search cancelled", which ends the
 * search quietly); a search still waiting for a slot is simply not sent.
 */
export class ThreadSearch implements AsyncIterableIterator<ThreadSearchBatch> {
  readonly #connect: () => Promise<SearchLink>;
  readonly #params: ThreadSearchParams;
  readonly #call: RequestOptions | undefined;
  readonly #logger: Logger;
  readonly #batches = new Fifo<ThreadSearchBatch>();
  readonly #readers = new Fifo<Reader>();
  /** Gives the request up locally when the search stops before it was written. */
  readonly #abandon = new AbortController();
  #userAbort: Subscription | undefined;
  #state: "idle" | "searching" | "done" = "idle";
  #error: { readonly error: unknown } | undefined;
  #request: TrackedRequest<ThreadSearchResponse> | undefined;
  #link: SearchLink | undefined;
  #partials: Subscription | undefined;
  /** Partials heard while the request was being sent, before its id could be compared. */
  #unmatched: ThreadSearchPartialNotification[] | undefined = [];
  #cancelled = false;

  constructor(connect: () => Promise<SearchLink>, params: ThreadSearchParams, call: RequestOptions | undefined, logger: Logger) {
    this.#connect = connect;
    this.#params = params;
    this.#call = call;
    this.#logger = logger;
  }

  next(): Promise<IteratorResult<ThreadSearchBatch>> {
    const batch = this.#batches.shift();
    if (batch !== undefined) return Promise.resolve({ value: batch, done: false });
    if (this.#state === "idle") this.#start();
    if (this.#state === "done") return this.#ended();
    return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
  }

  /** Ends the loop; before the final page, cancels the search and waits (briefly) for the server to end it. */
  async return(): Promise<IteratorResult<ThreadSearchBatch>> {
    const searching = this.#state === "searching";
    this.#finish();
    if (searching) {
      const ended = this.#cancel(new DOMException("The search loop ended before the search was sent.", "AbortError"));
      await settleWithin(ended, CANCEL_GRACE_MS);
    }
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #start(): void {
    this.#state = "searching";
    const signal = this.#call?.signal;
    if (signal?.aborted) {
      this.#fail(signal.reason);
      return;
    }
    if (signal !== undefined) {
      this.#userAbort = onAbort(signal, () => {
        if (this.#state !== "searching") return;
        this.#fail(signal.reason);
        void this.#cancel(signal.reason);
      });
    }
    this.#connect().then(
      (link) => this.#send(link),
      (error: unknown) => this.#fail(error),
    );
  }

  #send(link: SearchLink): void {
    if (this.#state !== "searching") return;
    this.#link = link;
    this.#partials = link.notifications.on("thread/search/partial", (n) => {
      if (this.#unmatched !== undefined) this.#unmatched.push(n.params);
      else this.#onPartial(n.params);
    });
    const request = link.requestWithId("thread/search/stream", this.#params, {
      signal: this.#abandon.signal,
      timeoutMs: this.#call?.timeoutMs,
    });
    this.#request = request;
    const unmatched = this.#unmatched ?? [];
    this.#unmatched = undefined;
    for (const partial of unmatched) this.#onPartial(partial);
    request.result.then(
      (response) => {
        if (this.#state !== "searching") return;
        const data = Array.isArray(response?.data) ? response.data : [];
        this.#push({ final: true, data, nextCursor: response?.nextCursor ?? null, backwardsCursor: response?.backwardsCursor ?? null });
        this.#finish();
      },
      (error: unknown) => {
        if (this.#cancelled && error instanceof InvalidRequestError && /cancelled/i.test(error.serverMessage)) {
          this.#logger.debug?.("A thread search ended by its cancel.", { requestId: request.id });
          return;
        }
        this.#fail(error);
      },
    );
  }

  #onPartial(partial: ThreadSearchPartialNotification): void {
    const id = this.#request?.id;
    if (this.#state !== "searching" || id === undefined || !isPlainObject(partial) || partial.requestId !== id) return;
    if (Array.isArray(partial.data)) this.#push({ final: false, data: partial.data });
  }

  /**
   * Stops a search that has not ended: cancels it on the server when it was sent (resolving once the
   * server has acknowledged that and ended the request), else gives it up before it is sent.
   */
  #cancel(reason: unknown): Promise<unknown> {
    this.#cancelled = true;
    const request = this.#request;
    const id = request?.id;
    const link = this.#link;
    if (request === undefined || id === undefined || link === undefined) {
      this.#abandon.abort(reason);
      return Promise.resolve();
    }
    const cancel = link.request("thread/search/stream/cancel", { requestId: id }).catch((error: unknown) =>
      this.#logger.debug?.("Could not cancel a thread search.", { requestId: id, error }),
    );
    return Promise.all([cancel, request.result.catch(() => undefined)]);
  }

  #push(batch: ThreadSearchBatch): void {
    const reader = this.#readers.shift();
    if (reader !== undefined) reader.resolve({ value: batch, done: false });
    else this.#batches.push(batch);
  }

  #fail(error: unknown): void {
    if (this.#state === "done") return;
    this.#error = { error };
    this.#finish();
  }

  /** No more batches: stop listening and tell waiting reads (an error goes to the first one). */
  #finish(): void {
    if (this.#state === "done") return;
    this.#state = "done";
    this.#partials?.dispose();
    this.#userAbort?.dispose();
    for (let reader = this.#readers.shift(); reader !== undefined; reader = this.#readers.shift()) {
      this.#ended().then(reader.resolve, reader.reject);
    }
  }

  /** What a read after the end gets: the error once (if the search failed), then done. */
  #ended(): Promise<IteratorResult<ThreadSearchBatch>> {
    const failed = this.#error;
    if (failed === undefined) return Promise.resolve(DONE);
    this.#error = undefined;
    return Promise.reject(failed.error);
  }
}
