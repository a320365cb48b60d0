import type { MessageConnection } from "vscode-jsonrpc/node";
import type {
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  ServerNotification,
} from "../../generated/methods.js";
import { CodexError, RequestTimeoutError, TransportClosedError, jsonRpcErrorFromWire } from "../errors.js";
import { onAbort } from "../internal/abort.js";
import { Fifo } from "../internal/fifo.js";
import { jsonProblem } from "../internal/json.js";
import { ListenerSet, NO_SUBSCRIPTION, type Subscription } from "../internal/listeners.js";
import { startTimer, type Timer } from "../internal/timers.js";
import { describeValue, errorMessage, isPlainObject } from "../internal/values.js";
import { silentLogger, type Logger } from "../logger.js";
import type { JsonRpcId, JsonRpcMessage, Transport } from "../transport/transport.js";
import { AbandonToken } from "./abandon-token.js";
import { loadJsonRpc, type JsonRpcModule } from "./jsonrpc.js";
import { ReplyReader, TransportWriter } from "./message-adapters.js";
import { NotificationRouter } from "./notification-router.js";
import { checkMethod, checkParams, checkRequestOptions } from "./request-checks.js";
import {
  ServerRequestDispatcher,
  handlerIn,
  type ServerRequestAnswer,
  type ServerRequestHandlers,
  type ServerRequestHost,
  type ServerRequestLookup,
} from "./server-requests.js";
import { UNWATCHED, type Activity } from "../internal/activity.js";
import type { MessageValidator } from "./validator.js";

/** Schema validation of messages: off (default), log invalid incoming messages, or also reject invalid outgoing params. */
export type ValidationMode = "off" | "warn" | "strict";

/** Per-call options of `request()`. */
export interface RequestOptions {
  /** Rejects the call at once with the signal's reason when it aborts (the server is not told). */
  signal?: AbortSignal;
  /** How long to wait for the reply, counted from the call, in milliseconds; overrides `requestTimeoutMs`. */
  timeoutMs?: number;
}

/** Options of a {@link Connection}, already checked by the client that opens it. */
export interface ConnectionOptions {
  /** Default time to wait for a reply, in milliseconds. Default 60,000. `Infinity` waits forever. */
  requestTimeoutMs?: number;
  /** The most requests in flight at once; later ones wait in order. Default 32. */
  maxInFlight?: number;
  /** Receives diagnostics. */
  logger?: Logger;
  /** Schema validation. Default `"off"`. */
  validate?: ValidationMode;
  /** Handlers for requests the server sends, or a function that finds one. Unhandled ones get a fail-closed answer. */
  serverRequests?: ServerRequestHandlers | ServerRequestLookup;
  /** Where notifications go; a client that outlives its connections passes its own. */
  notifications?: NotificationRouter;
  /** Hears of every request in flight and every server request at its handler. */
  activity?: Activity;
  /** Hears of a handler that finished after the connection closed under it (see `ServerRequestHost.lateAnswer`). */
  lateAnswer?: ServerRequestHost["lateAnswer"];
}

/** The params of a method that takes none: nothing, `null` or `{}`. */
export type NoParams = Record<string, never> | null | undefined;

/**
 * The arguments of `request(method, ...)`: params are optional only where the method allows it; a
 * method that takes no params accepts `{}` (or nothing) before the options.
 */
export type RequestArgs<M extends ClientRequestMethod> = [ClientRequestParams<M>] extends [undefined]
  ? [params?: NoParams, options?: RequestOptions]
  : undefined extends ClientRequestParams<M>
    ? [params?: ClientRequestParams<M>, options?: RequestOptions]
    : [params: ClientRequestParams<M>, options?: RequestOptions];

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_IN_FLIGHT = 32;
/** The error code JSON-RPC peers (LSP's `RequestCancelled`) answer a cancelled request with. */
const REQUEST_CANCELLED = -32800;

/**
 * A request sent with {@link Connection.requestWithId}: its result, and the JSON-RPC id it went
 * out with, for notifications that name it (`thread/search/partial`) and requests that cancel it.
 */
export interface TrackedRequest<R> {
  /**
   * The request's JSON-RPC id from the moment it is written; `undefined` while it waits for a slot
   * (`maxInFlight`), and for good if it settles before it is written.
   */
  readonly id: JsonRpcId | undefined;
  /** Settles exactly as `request()` would. */
  readonly result: Promise<R>;
}

/** One client request, from the call until it settles: the connection's only record of it. */
interface PendingRequest {
  readonly method: string;
  /** Hears the id vscode-jsonrpc gave the request, as it is written. */
  readonly written: ((id: JsonRpcId) => void) | undefined;
  /** Dropped once written (or settled), so a request waiting on a frozen server holds no payload. */
  params: object | undefined;
  readonly timeoutMs: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly timer: Timer;
  abort: Subscription;
  /** Set while the request is written and unanswered: vscode-jsonrpc's handle on it. */
  cancel: AbandonToken | undefined;
  settled: boolean;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One JSON-RPC connection to an app-server over a message-level {@link Transport}.
 *
 * vscode-jsonrpc numbers the client's requests, matches the replies and cancels through its
 * tokens; the connection adds what app-server needs on top: params always sent by name and checked
 * before anything is written, a timeout on every request, a cap on requests in flight, back-pressure
 * from the transport, local rejection on abort, typed server-request dispatch with fail-closed
 * defaults, and immediate rejection of everything pending when the transport closes. Notifications
 * and server requests are dispatched synchronously, in wire order, without going through
 * vscode-jsonrpc's message queue (one `setImmediate` per message; 3.5x the cost, see BENCHMARKS.md).
 */
export class Connection {
  readonly #jsonrpc: JsonRpcModule;
  readonly #transport: Transport;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  readonly #validate: ValidationMode;
  readonly #validator: MessageValidator | undefined;
  readonly #validatorError: unknown;
  readonly #rpc: MessageConnection;
  readonly #replies = new ReplyReader();
  readonly #writer: TransportWriter;
  readonly #router: NotificationRouter;
  readonly #serverRequests: ServerRequestDispatcher;
  readonly #closeListeners: ListenerSet<TransportClosedError>;
  readonly #activity: Activity;
  /** Requests waiting for a slot (or for the transport to drain), in call order; given-up ones are skipped. */
  #queue = new Fifo<PendingRequest>();
  /** How many requests in the queue were given up while waiting (timeout, abort). */
  #queuedGivenUp = 0;
  /** Requests written and not yet answered. */
  readonly #inFlight = new Set<PendingRequest>();
  /** The request being handed to vscode-jsonrpc, which writes it synchronously. */
  #sending: PendingRequest | undefined;
  /** Whether a pump is due on the next turn of the event loop (after a request was given up). */
  #pumpScheduled = false;
  #closeError: TransportClosedError | undefined;

  /**
   * Opens a connection over `transport`, which must not have a consumer yet. Loads vscode-jsonrpc
   * (and the schema validator, when `validate` is on) first.
   */
  static async open(transport: Transport, options: ConnectionOptions = {}): Promise<Connection> {
    const validate = options.validate ?? "off";
    const [jsonrpc, validator] = await Promise.all([loadJsonRpc(), validate === "off" ? undefined : loadValidator()]);
    return new Connection(jsonrpc, transport, options, validator);
  }

  private constructor(
    jsonrpc: JsonRpcModule,
    transport: Transport,
    options: ConnectionOptions,
    validator: { validator?: MessageValidator; error?: unknown } | undefined,
  ) {
    this.#jsonrpc = jsonrpc;
    this.#transport = transport;
    this.#logger = options.logger ?? silentLogger;
    this.#timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.#validate = options.validate ?? "off";
    this.#validator = validator?.validator;
    this.#validatorError = validator?.error;
    if (validator?.error !== undefined) {
      this.#logger.error?.("Could not load the message validator; messages are not validated.", { error: validator.error });
    }
    this.#router = options.notifications ?? new NotificationRouter(this.#logger);
    this.#closeListeners = new ListenerSet(this.#logger, "A close listener");
    this.#activity = options.activity ?? UNWATCHED;
    const serverRequests = options.serverRequests;
    this.#serverRequests = new ServerRequestDispatcher({
      logger: this.#logger,
      handlerFor: typeof serverRequests === "function" ? serverRequests : (method) => handlerIn(serverRequests, method),
      lateAnswer: options.lateAnswer,
      activity: this.#activity,
      checkResult: (method, result) => this.#checkAnswer(method, result),
      answer: (id, answer) => this.#answer(id, answer),
    });
    this.#writer = new TransportWriter(transport, {
      writing: (message) => this.#writing(message),
      failed: (error) => this.#shutDown(error),
      writable: () => this.#pump(),
    });

    const debug = (message: string) => this.#logger.debug?.(`vscode-jsonrpc: ${message}`);
    this.#rpc = jsonrpc.createMessageConnection(
      this.#replies,
      this.#writer,
      { error: debug, warn: debug, info: debug, log: debug },
      {
        // With limited parallelism vscode-jsonrpc settles a reply as soon as it is read, not on a later tick.
        maxParallelism: 1,
        cancellationStrategy: {
          receiver: jsonrpc.CancellationReceiverStrategy.Message,
          sender: {
            // vscode-jsonrpc settles a request only when a reply arrives, and app-server never answers
            // `$/cancelRequest` (0.171.0 ignores it and still sends the full reply later). A request the
            // connection gave up on (timeout, abort) therefore gets the reply the protocol prescribes for
            // a cancelled request, RequestCancelled, read in locally, so vscode-jsonrpc drops it now.
            sendCancellation: (_connection, id) => {
              this.#replies.reply(id as JsonRpcId, {
                error: { code: REQUEST_CANCELLED, message: "Request abandoned by the client" },
              });
              return Promise.resolve();
            },
            cleanup: () => {},
          },
        },
      },
    );
    this.#rpc.listen();
    transport.attach({ message: (message) => this.#receive(message), close: (error) => this.#shutDown(error) });
  }

  /** True once the transport has closed (or `close()` was called). */
  get isClosed(): boolean {
    return this.#closeError !== undefined;
  }

  /** Why the connection closed, once it has. */
  get closeError(): TransportClosedError | undefined {
    return this.#closeError;
  }

  /** Where this connection delivers notifications. */
  get notifications(): NotificationRouter {
    return this.#router;
  }

  /** Requests written and not yet answered, and requests waiting to be written. */
  get pendingCount(): number {
    return this.#inFlight.size + this.#queue.length - this.#queuedGivenUp;
  }

  /**
   * Sends a request and resolves with its result. Params are sent by name (`{}` when omitted).
   * Rejects with a `TypeError` (nothing sent) for params that are not a JSON object, with the
   * matching `JsonRpcError` subclass when the server answers with an error, with
   * `RequestTimeoutError` when no reply comes in time, with the signal's reason on abort, and with
   * `TransportClosedError` (or `ProcessExitError`) when the connection closes first.
   */
  request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>> {
    const [params, options] = args as [unknown, unknown];
    return this.#request(method, params, options) as Promise<ClientRequestResult<M>>;
  }

  /**
   * Sends a request like `request()`, and also tells the JSON-RPC id it goes out with (which
   * vscode-jsonrpc chooses as it writes the request): for a method whose notifications name their
   * request (`thread/search/stream`), or that another request cancels by id.
   */
  requestWithId<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): TrackedRequest<ClientRequestResult<M>> {
    const [params, options] = args as [unknown, unknown];
    let id: JsonRpcId | undefined;
    const result = this.#request(method, params, options, (written) => (id = written)) as Promise<ClientRequestResult<M>>;
    return {
      get id() {
        return id;
      },
      result,
    };
  }

  /** Sends a client notification, e.g. `"initialized"`. */
  async notify(method: string, params?: object): Promise<void> {
    if (this.#closeError) throw this.#closeError;
    checkMethod(method);
    if (params !== undefined) checkParams(method, params);
    const message: JsonRpcMessage = params === undefined ? { method } : { method, params };
    try {
      await this.#writer.write(message);
    } catch (error) {
      throw this.#closeError ?? new TransportClosedError(`Could not send "${method}": ${errorMessage(error)}.`, { cause: error });
    }
  }

  /** Called once when the connection closes, with the reason; called at once if it already has. */
  onClose(listener: (error: TransportClosedError) => void): Subscription {
    if (this.#closeError) {
      try {
        listener(this.#closeError);
      } catch (error) {
        this.#logger.error?.("A close listener threw; the error was ignored.", { error });
      }
      return NO_SUBSCRIPTION;
    }
    return this.#closeListeners.add(listener);
  }

  /** Rejects everything pending with `TransportClosedError`, then closes the transport and waits for it. */
  async close(): Promise<void> {
    this.#shutDown(new TransportClosedError("The connection was closed by the client; start a new client to continue."));
    await this.#transport.close();
  }

  #request(method: unknown, params: unknown, options: unknown, written?: (id: JsonRpcId) => void): Promise<unknown> {
    let wireParams: object;
    let timeoutMs: number;
    let signal: AbortSignal | undefined;
    try {
      checkMethod(method);
      const call = checkRequestOptions(`"${method}"`, options);
      timeoutMs = call.timeoutMs ?? this.#timeoutMs;
      signal = call.signal;
      wireParams = params === undefined || params === null ? {} : params;
      checkParams(method, wireParams);
      if (this.#validate === "strict") this.#checkOutgoing(method, wireParams);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closeError) return Promise.reject(this.#closeError);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const request: PendingRequest = {
        method,
        written,
        params: wireParams,
        timeoutMs,
        resolve,
        reject,
        timer: startTimer(timeoutMs, () => this.#giveUp(request, this.#timeoutError(request))),
        abort: NO_SUBSCRIPTION,
        cancel: undefined,
        settled: false,
      };
      if (signal) request.abort = onAbort(signal, () => this.#giveUp(request, signal.reason));
      this.#activity.begin();
      this.#queue.push(request);
      this.#pump();
    });
  }

  #checkOutgoing(method: string, params: object): void {
    const validator = this.#validator;
    if (!validator) {
      throw new CodexError(
        `validate: "strict" is set but the schema validator could not be loaded, so "${method}" was not sent. ` +
          "Its cause says why; a bundled app must ship the chunks the bundler split off next to its entry. " +
          'Or use validate: "warn" or "off".',
        { cause: this.#validatorError },
      );
    }
    const problem = validator.checkClientParams(method, params);
    if (problem !== null) throw new TypeError(`Invalid params for "${method}": ${problem}`);
  }

  /** Writes queued requests while a slot is free and the transport takes more. */
  #pump(): void {
    this.#pumpScheduled = false;
    while (this.#inFlight.size < this.#maxInFlight && !this.#writer.blocked && !this.#closeError) {
      const request = this.#queue.shift();
      if (request === undefined) return;
      if (request.settled) this.#queuedGivenUp--;
      else this.#send(request);
    }
  }

  #send(request: PendingRequest): void {
    const params = request.params!;
    request.params = undefined;
    const cancel = new AbandonToken();
    request.cancel = cancel;
    this.#inFlight.add(request);
    let reply: Promise<unknown>;
    this.#sending = request;
    try {
      reply = this.#rpc.sendRequest(request.method, this.#jsonrpc.ParameterStructures.byName, params, cancel);
    } catch (error) {
      this.#sending = undefined;
      const closed = this.#closeError ?? new TransportClosedError(`Could not send "${request.method}": ${errorMessage(error)}.`, { cause: error });
      this.#settle(request, { ok: false, error: closed }, false);
      return;
    }
    this.#sending = undefined;
    reply.then(
      (result) => {
        if (!request.settled && this.#validator) this.#checkIncoming("response", request.method, result);
        this.#settle(request, { ok: true, value: result }, false);
      },
      // A close settles every request in flight before vscode-jsonrpc lets go of them, so a
      // rejection that reaches this point is the server's answer.
      (error: unknown) => this.#settle(request, { ok: false, error: this.#serverError(request.method, error) }, false),
    );
  }

  /** The writer is writing `message`: when it is the request being sent, that request learns its id. */
  #writing(message: JsonRpcMessage): void {
    const request = this.#sending;
    if (request?.written === undefined) return;
    const { id, method } = message as { id?: unknown; method?: unknown };
    if (method === request.method && isId(id)) request.written(id);
  }

  #serverError(method: string, error: unknown): Error {
    if (error instanceof this.#jsonrpc.ResponseError) {
      return jsonRpcErrorFromWire({ code: error.code, message: error.message, data: error.data }, method);
    }
    return new CodexError(`"${method}" failed: ${errorMessage(error)}.`, { cause: error });
  }

  #timeoutError(request: PendingRequest): RequestTimeoutError {
    return new RequestTimeoutError(undefined, {
      method: request.method,
      timeoutMs: request.timeoutMs,
      sent: request.cancel !== undefined,
      inFlight: this.#inFlight.size,
    });
  }

  /** Gives a request up locally (timeout, abort); a reply that comes later is dropped. */
  #giveUp(request: PendingRequest, reason: unknown): void {
    this.#settle(request, { ok: false, error: reason }, true);
  }

  /**
   * The one place a request settles: releases its timer, abort listener and slot, and resolves or
   * rejects the caller's promise. `abandon` tells vscode-jsonrpc to drop a written request that
   * has no reply. The slot a given-up request frees is filled on the next turn of the event loop,
   * after every other timeout and abort due now has run, so no request is written just before its
   * own timeout or abort gives it up.
   */
  #settle(request: PendingRequest, outcome: Outcome, abandon: boolean): void {
    if (request.settled) return;
    request.settled = true;
    request.params = undefined;
    request.timer.cancel();
    request.abort.dispose();
    this.#activity.end();
    const cancel = request.cancel;
    if (cancel) {
      request.cancel = undefined;
      this.#inFlight.delete(request);
      if (abandon) cancel.abandon();
    }
    if (outcome.ok) request.resolve(outcome.value);
    else request.reject(outcome.error);
    if (!cancel) {
      if (abandon) this.#forgetQueued();
      return;
    }
    if (!abandon) this.#pump();
    else if (!this.#pumpScheduled) {
      this.#pumpScheduled = true;
      setImmediate(() => this.#pump());
    }
  }

  /**
   * Counts a request given up while queued, and drops the given-up ones from the queue once they
   * are most of it: against a server that stopped reading, nothing is pumped, so they would
   * otherwise stay there (with their promises) for as long as the connection lives.
   */
  #forgetQueued(): void {
    this.#queuedGivenUp++;
    if (this.#queuedGivenUp < 64 || this.#queuedGivenUp * 2 < this.#queue.length) return;
    const waiting = new Fifo<PendingRequest>();
    for (const request of this.#queue.drain()) if (!request.settled) waiting.push(request);
    this.#queue = waiting;
    this.#queuedGivenUp = 0;
  }

  #receive(message: unknown): void {
    if (!isPlainObject(message)) {
      this.#logger.warn?.("Skipped a message that is not a JSON object.", { message });
      return;
    }
    const { method, id } = message;
    if (typeof method === "string") {
      if (id === undefined) this.#onNotification(method, message as unknown as ServerNotification);
      else if (isId(id)) this.#onServerRequest(id, method, message.params);
      else this.#logger.warn?.("Skipped a request whose id is neither a number nor a string.", { message });
    } else if (method === undefined && isId(id)) {
      const problem = this.#replies.reply(id, message);
      if (problem !== null) this.#logger.warn?.(`Received a malformed reply: ${problem}`, { message });
    } else {
      this.#logger.warn?.("Skipped a message that is not JSON-RPC (no method, and no id with a result or error).", { message });
    }
  }

  #onNotification(method: string, notification: ServerNotification): void {
    const params = (notification as { params?: unknown }).params;
    if (this.#validator) this.#checkIncoming("notification", method, params);
    if (method === "serverRequest/resolved" && isPlainObject(params)) this.#serverRequests.resolved(params.requestId);
    this.#router.dispatch(notification);
  }

  #onServerRequest(id: JsonRpcId, method: string, params: unknown): void {
    if (this.#closeError) return;
    if (this.#validator) this.#checkIncoming("server request", method, params);
    this.#serverRequests.dispatch(id, method, params);
  }

  /** Why a handler's result cannot be sent, or `null`. */
  #checkAnswer(method: string, result: unknown): string | null {
    const problem = jsonProblem(result, "result");
    if (problem !== null || this.#validate !== "strict" || !this.#validator) return problem;
    return this.#validator.checkServerRequestResult(method, result);
  }

  #answer(id: JsonRpcId, answer: ServerRequestAnswer): void {
    if (this.#closeError) return;
    const message: JsonRpcMessage = "error" in answer ? { id, error: answer.error } : { id, result: answer.result };
    this.#writer.write(message).catch((error: unknown) => this.#logger.debug?.("Could not answer a server request.", { id, error }));
  }

  #checkIncoming(kind: "notification" | "server request" | "response", method: string, payload: unknown): void {
    const validator = this.#validator!;
    if (kind !== "response" && validator.isFirstUnknown(kind, method)) {
      this.#logger.warn?.(
        `Received a ${kind} "${method}" that the pinned protocol schema does not define; it is delivered unvalidated ` +
          "and untyped. Reported once per method.",
        { method, kind },
      );
      return;
    }
    let problem: string | null;
    try {
      problem =
        kind === "notification"
          ? validator.checkNotification(method, payload)
          : kind === "server request"
            ? validator.checkServerRequest(method, payload)
            : validator.checkResponse(method, payload);
    } catch (error) {
      problem = `the validator failed: ${errorMessage(error)}`;
    }
    if (problem !== null) this.#logger.warn?.(`Received an invalid ${kind} for "${method}": ${problem}`, { method, kind });
  }

  #shutDown(reason: unknown): void {
    if (this.#closeError) return;
    const error =
      reason instanceof TransportClosedError
        ? reason
        : new TransportClosedError(`The connection to the app-server closed: ${errorMessage(reason)}.`, { cause: reason });
    this.#closeError = error;
    // Replies read before the close have settled vscode-jsonrpc's promises, and their callbacks are
    // already queued as microtasks: let them run first, so a reply is never lost to a close right after it.
    queueMicrotask(() => {
      for (const request of [...this.#inFlight, ...this.#queue.drain()]) this.#settle(request, { ok: false, error }, false);
      this.#rpc.dispose();
      this.#serverRequests.closeAll(error);
      this.#closeListeners.emit(error);
      this.#closeListeners.clear();
    });
  }
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === "number" || typeof value === "string";
}

async function loadValidator(): Promise<{ validator?: MessageValidator; error?: unknown }> {
  try {
    const module = await import("./validator.js");
    return { validator: module.createMessageValidator() };
  } catch (error) {
    return { error };
  }
}

