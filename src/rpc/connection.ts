import {
  CancellationReceiverStrategy,
  CancellationTokenSource,
  ParameterStructures,
  ResponseError,
  createMessageConnection,
  type Message,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import type {
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  ServerNotification,
  ServerNotificationMethod,
  TypedNotification,
} from "../../generated/methods.js";
import { RequestTimeoutError, TransportClosedError, jsonRpcErrorFromWire } from "../errors.js";
import { callListeners } from "../listeners.js";
import { silentLogger, type Logger } from "../logger.js";
import type { Disposable, JsonRpcId, Transport } from "../transport/transport.js";
import { ReplyReader, TransportWriter } from "./message-adapters.js";
import type { MessageValidator } from "./validator.js";
import { ServerRequestDispatcher, type ServerRequestAnswer, type ServerRequestHandlers } from "./server-requests.js";

/** Schema validation of messages: off (default), log invalid incoming messages, or also reject invalid outgoing params. */
export type ValidationMode = "off" | "warn" | "strict";

/** Per-call options of `request()`. */
export interface RequestOptions {
  /** Rejects the call at once with the signal's reason when it aborts (the server is not told). */
  signal?: AbortSignal;
  /** How long to wait for the reply, counted from the call, in milliseconds; overrides `requestTimeoutMs`. */
  timeoutMs?: number;
}

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  /** Default time to wait for a reply, in milliseconds. Default 60,000. `Infinity` waits forever. */
  requestTimeoutMs?: number;
  /** The most requests in flight at once; later ones wait in order. Default 32. */
  maxInFlight?: number;
  /** Receives diagnostics. */
  logger?: Logger;
  /** Schema validation. Default `"off"`. */
  validate?: ValidationMode;
  /** Handlers for requests the server sends. Unhandled ones get a fail-closed answer. */
  serverRequests?: ServerRequestHandlers;
}

/** The arguments of `request(method, ...)`: params are optional only where the method allows it. */
export type RequestArgs<M extends ClientRequestMethod> = undefined extends ClientRequestParams<M>
  ? [params?: ClientRequestParams<M>, options?: RequestOptions]
  : [params: ClientRequestParams<M>, options?: RequestOptions];

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_IN_FLIGHT = 32;
/** Longest delay `setTimeout` honours; longer timeouts mean "no timeout". */
const MAX_TIMER_MS = 2_147_483_647;
/** Code of the reply the connection feeds itself for a request it gave up on locally. */
const LOCALLY_CANCELLED = -32800;
/** Codes vscode-jsonrpc uses for its own failures (write failed, pending rejected, connection inactive). */
const LOCAL_ERROR_CODES: ReadonlySet<number> = new Set([-32099, -32097, -32096]);

type Listener<T> = (value: T) => void;
type NotificationListener = Listener<ServerNotification>;

/** One client request, from the call until it settles. */
interface Call {
  readonly method: string;
  readonly params: object;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the request has been handed to the wire (and holds an in-flight slot). */
  cancel: CancellationTokenSource | undefined;
  settled: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is JsonRpcId {
  return typeof value === "number" || typeof value === "string";
}

function checkTimeout(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds (or Infinity), got ${String(value)}.`);
  }
  return value;
}

/**
 * One JSON-RPC connection to an app-server over a message-level {@link Transport}.
 *
 * vscode-jsonrpc numbers the client's requests and matches the replies; the connection adds what
 * app-server needs on top: params always sent by name, a timeout on every request, a cap on requests
 * in flight, local rejection on abort, typed server-request dispatch with fail-closed defaults,
 * notification routing by method and by thread, and immediate rejection of everything pending when
 * the transport closes. Notifications and server requests are dispatched synchronously, in wire
 * order, without going through vscode-jsonrpc's queue.
 */
export class Connection {
  readonly #transport: Transport;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  readonly #validate: ValidationMode;
  readonly #rpc: MessageConnection;
  readonly #replies = new ReplyReader();
  readonly #writer: TransportWriter;
  readonly #serverRequests: ServerRequestDispatcher;
  readonly #subscriptions: Disposable[] = [];

  readonly #byMethod = new Map<string, NotificationListener[]>();
  #any: NotificationListener[] = [];
  readonly #byThread = new Map<string, NotificationListener[]>();
  #closeListeners: Listener<TransportClosedError>[] = [];

  /** Requests waiting for a slot, in call order; `#queueHead` is the next one. */
  #queue: Call[] = [];
  #queueHead = 0;
  readonly #inFlight = new Set<Call>();

  #validator: MessageValidator | undefined;
  #validatorLoad: Promise<MessageValidator | undefined> | undefined;
  #validatorError: unknown;
  #closeError: TransportClosedError | undefined;

  constructor(transport: Transport, options: ConnectionOptions = {}) {
    this.#transport = transport;
    this.#logger = options.logger ?? silentLogger;
    this.#timeoutMs = checkTimeout(options.requestTimeoutMs, "requestTimeoutMs") ?? DEFAULT_TIMEOUT_MS;
    const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!(maxInFlight >= 1) || (!Number.isInteger(maxInFlight) && maxInFlight !== Infinity)) {
      throw new TypeError(`maxInFlight must be a positive integer (or Infinity), got ${String(maxInFlight)}.`);
    }
    this.#maxInFlight = maxInFlight;
    const validate = options.validate ?? "off";
    if (validate !== "off" && validate !== "warn" && validate !== "strict") {
      throw new TypeError(`validate must be "off", "warn" or "strict", got ${JSON.stringify(validate)}.`);
    }
    this.#validate = validate;
    this.#serverRequests = new ServerRequestDispatcher(options.serverRequests, this.#logger, (id, answer) =>
      this.#answerServerRequest(id, answer),
    );

    const debug = (message: string) => this.#logger.debug?.(`vscode-jsonrpc: ${message}`);
    this.#writer = new TransportWriter(transport);
    this.#rpc = createMessageConnection(
      this.#replies,
      this.#writer,
      { error: debug, warn: debug, info: debug, log: debug },
      {
        // Replies are then handled as soon as they arrive instead of on a later tick.
        maxParallelism: 1,
        cancellationStrategy: {
          receiver: CancellationReceiverStrategy.Message,
          // App-server ignores `$/cancelRequest`; instead, settle vscode-jsonrpc's side of a request
          // the connection gave up on, so it does not wait forever for a reply that may never come.
          sender: {
            sendCancellation: (_connection, id) => {
              this.#replies.push({
                jsonrpc: "2.0",
                id,
                error: { code: LOCALLY_CANCELLED, message: "Request abandoned by the client" },
              } as Message);
              return Promise.resolve();
            },
            cleanup: () => {},
          },
        },
      },
    );
    this.#rpc.listen();

    this.#subscriptions.push(transport.onMessage((message) => this.#receive(message)));
    this.#subscriptions.push(transport.onClose((error) => this.#shutDown(error)));
    // A transport that was already closed reported it during the subscription above.
    if (this.#closeError) for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    if (validate !== "off") this.#loadValidator();
  }

  /** True once the transport has closed (or `close()` was called). */
  get isClosed(): boolean {
    return this.#closeError !== undefined;
  }

  /** Why the connection closed, once it has. */
  get closeError(): TransportClosedError | undefined {
    return this.#closeError;
  }

  /**
   * Sends a request and resolves with its result. Params are sent by name (`{}` when omitted).
   * Rejects with the matching `JsonRpcError` subclass when the server answers with an error, with
   * `RequestTimeoutError` when no reply comes in time, with the signal's reason on abort, and with
   * `TransportClosedError` (or `ProcessExitError`) when the connection closes first.
   */
  request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>> {
    const [params, options] = args as [unknown, RequestOptions | undefined];
    return this.#request(method, params, options) as Promise<ClientRequestResult<M>>;
  }

  /** Sends a client notification, e.g. `"initialized"`. */
  async notify(method: string, params?: unknown): Promise<void> {
    if (this.#closeError) throw this.#closeError;
    if (params !== undefined && !isObject(params)) {
      throw new TypeError(`Notification params must be an object, got ${describe(params)}.`);
    }
    try {
      if (params === undefined) await this.#rpc.sendNotification(method);
      else await this.#rpc.sendNotification(method, ParameterStructures.byName, params);
    } catch (error) {
      if (error instanceof TransportClosedError) throw error;
      throw this.#closeError ?? new TransportClosedError(`Could not send "${method}": ${describe(error)}.`, { cause: error });
    }
  }

  /** Listens to one notification method; `"*"` listens to every notification, unknown methods included. */
  onNotification<M extends ServerNotificationMethod>(method: M, listener: (n: TypedNotification<M>) => void): Disposable;
  onNotification(method: "*", listener: (n: ServerNotification) => void): Disposable;
  onNotification(method: string, listener: (n: never) => void): Disposable {
    const typed = listener as NotificationListener;
    if (method === "*") {
      this.#any = [...this.#any, typed];
      return once(() => (this.#any = without(this.#any, typed)));
    }
    return addKeyed(this.#byMethod, method, typed);
  }

  /**
   * Listens to every notification about one thread: those whose `params.threadId` (or
   * `params.thread.id`) equals `threadId`.
   */
  onThreadNotification(threadId: string, listener: (n: ServerNotification) => void): Disposable {
    return addKeyed(this.#byThread, threadId, listener);
  }

  /** Called once when the connection closes, with the reason; called at once if it already has. */
  onClose(listener: (error: TransportClosedError) => void): Disposable {
    if (this.#closeError) {
      listener(this.#closeError);
      return once(() => {});
    }
    this.#closeListeners = [...this.#closeListeners, listener];
    return once(() => (this.#closeListeners = without(this.#closeListeners, listener)));
  }

  /** Rejects everything pending with `TransportClosedError`, then closes the transport and waits for it. */
  async close(): Promise<void> {
    this.#shutDown(new TransportClosedError("The connection was closed by the client; start a new client to continue."));
    await this.#transport.close();
  }

  #request(method: string, params: unknown, options: RequestOptions | undefined): Promise<unknown> {
    if (this.#closeError) return Promise.reject(this.#closeError);
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let timeoutMs: number;
    try {
      timeoutMs = checkTimeout(options?.timeoutMs, "timeoutMs") ?? this.#timeoutMs;
    } catch (error) {
      return Promise.reject(error);
    }
    const wireParams = params ?? {};
    if (!isObject(wireParams)) {
      return Promise.reject(new TypeError(`Params of "${method}" must be an object, got ${describe(params)}.`));
    }
    if (this.#validate === "off") return this.#enqueue(method, wireParams, timeoutMs, signal);
    return this.#validated(method, wireParams, timeoutMs, signal);
  }

  async #validated(method: string, params: object, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> {
    const validator = await this.#loadValidator();
    if (this.#validate === "strict") {
      if (!validator) {
        throw new Error(
          `validate: "strict" is set but the schema validator could not be loaded, so "${method}" was not sent. ` +
            'Check that the "ajv" dependency is installed, or use validate: "warn" or "off".',
          { cause: this.#validatorError },
        );
      }
      const problem = validator.checkClientParams(method, params);
      if (problem !== null) throw new TypeError(`Invalid params for "${method}": ${problem}`);
    }
    if (this.#closeError) throw this.#closeError;
    if (signal?.aborted) throw signal.reason;
    return this.#enqueue(method, params, timeoutMs, signal);
  }

  #enqueue(method: string, params: object, timeoutMs: number, signal: AbortSignal | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const call: Call = {
        method,
        params,
        resolve,
        reject,
        signal,
        onAbort: undefined,
        timer: undefined,
        cancel: undefined,
        settled: false,
      };
      if (timeoutMs <= MAX_TIMER_MS) {
        call.timer = setTimeout(() => {
          this.#giveUp(call, new RequestTimeoutError(undefined, { method, timeoutMs }));
        }, timeoutMs);
      }
      if (signal) {
        call.onAbort = () => this.#giveUp(call, signal.reason);
        signal.addEventListener("abort", call.onAbort, { once: true });
      }
      this.#queue.push(call);
      this.#pump();
    });
  }

  /** Sends queued requests while slots are free. */
  #pump(): void {
    if (this.#closeError) return;
    while (this.#inFlight.size < this.#maxInFlight && this.#queueHead < this.#queue.length) {
      const call = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined as unknown as Call;
      if (!call.settled) this.#send(call);
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    } else if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#queueHead);
      this.#queueHead = 0;
    }
  }

  #send(call: Call): void {
    const cancel = new CancellationTokenSource();
    call.cancel = cancel;
    this.#inFlight.add(call);
    let reply: Promise<unknown>;
    this.#writer.takeThrown();
    try {
      reply = this.#rpc.sendRequest(call.method, ParameterStructures.byName, call.params, cancel.token);
    } catch (error) {
      this.#settle(call, false);
      call.reject(this.#closeError ?? new TransportClosedError(`Could not send "${call.method}": ${describe(error)}.`, { cause: error }));
      this.#pump();
      return;
    }
    // The write happens synchronously inside sendRequest: an error thrown there (not a closed
    // transport) is the caller's, e.g. params JSON cannot carry, and the connection is still usable.
    const thrown = this.#writer.takeThrown();
    const badParams = thrown instanceof TypeError && !this.#closeError;
    reply.then(
      (result) => {
        if (call.settled) return;
        this.#settle(call, false);
        this.#checkIncoming("response", call.method, result);
        call.resolve(result);
        this.#pump();
      },
      (error: unknown) => {
        if (call.settled) return;
        this.#settle(call, false);
        call.reject(
          badParams
            ? new TypeError(`Params of "${call.method}" could not be sent: ${describe(thrown)}. Pass plain JSON values.`, {
                cause: thrown,
              })
            : this.#replyError(call.method, error),
        );
        this.#pump();
      },
    );
  }

  #replyError(method: string, error: unknown): Error {
    if (error instanceof ResponseError && !LOCAL_ERROR_CODES.has(error.code)) {
      return jsonRpcErrorFromWire({ code: error.code, message: error.message, data: error.data }, method);
    }
    if (this.#closeError) return this.#closeError;
    return new TransportClosedError(
      `Could not send "${method}": ${describe(error)}. The transport is probably closing; start a new client.`,
      { cause: error },
    );
  }

  /** Settles a request locally (timeout, abort) and frees its slot; a late reply is dropped. */
  #giveUp(call: Call, reason: unknown): void {
    if (call.settled) return;
    this.#settle(call, true);
    call.reject(reason);
    this.#pump();
  }

  /**
   * Marks a call settled and releases its timer, abort listener and slot. `abandon` also settles
   * vscode-jsonrpc's side of a sent request (through the cancellation strategy), so a reply that
   * never comes holds nothing.
   */
  #settle(call: Call, abandon: boolean): void {
    call.settled = true;
    if (call.timer !== undefined) clearTimeout(call.timer);
    call.timer = undefined;
    if (call.onAbort) call.signal?.removeEventListener("abort", call.onAbort);
    call.onAbort = undefined;
    call.signal = undefined;
    const cancel = call.cancel;
    if (cancel) {
      call.cancel = undefined;
      this.#inFlight.delete(call);
      if (abandon) cancel.cancel();
      cancel.dispose();
    }
  }

  #receive(message: unknown): void {
    if (!isObject(message)) {
      this.#logger.warn?.("Skipped a message that is not a JSON object.", { message });
      return;
    }
    const method = message.method;
    if (typeof method === "string") {
      const id = message.id;
      if (id === undefined) this.#onNotification(method, message as unknown as ServerNotification);
      else if (isId(id)) this.#onServerRequest(id, method, message.params);
      else this.#logger.warn?.("Skipped a request whose id is neither a number nor a string.", { message });
      return;
    }
    if (isId(message.id) && (message.result !== undefined || isObject(message.error))) {
      const error = message.error as Record<string, unknown> | undefined;
      if (error !== undefined && (typeof error.code !== "number" || typeof error.message !== "string")) {
        // vscode-jsonrpc would read a missing code as -32001 (overloaded): report it as malformed instead.
        this.#logger.warn?.("Received an error response with no numeric code or no message.", { message });
        const repaired = { code: -32603, message: `Malformed error from the server: ${JSON.stringify(error)}` };
        this.#replies.push({ ...message, error: repaired } as unknown as Message);
        return;
      }
      this.#replies.push(message as unknown as Message);
      return;
    }
    this.#logger.warn?.("Skipped a message that is not JSON-RPC (no method, and no id with a result or error).", {
      message,
    });
  }

  #onNotification(method: string, notification: ServerNotification): void {
    const params = (notification as { params?: unknown }).params as Record<string, unknown> | undefined;
    if (this.#validator) this.#checkIncoming("notification", method, params);
    if (method === "serverRequest/resolved") this.#serverRequests.resolved(params?.requestId);

    const listeners = this.#byMethod.get(method);
    if (listeners !== undefined) callListeners(listeners, notification, this.#logger, "A notification listener");
    if (this.#any.length > 0) callListeners(this.#any, notification, this.#logger, "A notification listener");
    if (this.#byThread.size > 0 && typeof params === "object" && params !== null) {
      let threadId = params.threadId;
      if (threadId === undefined) {
        const thread = params.thread as { id?: unknown } | null | undefined;
        threadId = typeof thread === "object" && thread !== null ? thread.id : undefined;
      }
      if (typeof threadId === "string") {
        const threadListeners = this.#byThread.get(threadId);
        if (threadListeners !== undefined) callListeners(threadListeners, notification, this.#logger, "A notification listener");
      }
    }
  }

  #onServerRequest(id: JsonRpcId, method: string, params: unknown): void {
    if (this.#closeError) return;
    if (this.#validator) this.#checkIncoming("server request", method, params);
    this.#serverRequests.dispatch(id, method, params);
  }

  #answerServerRequest(id: JsonRpcId, answer: ServerRequestAnswer): void {
    if (this.#closeError) return;
    const message = "error" in answer ? { id, error: answer.error } : { id, result: answer.result };
    try {
      const sent = this.#transport.send(message);
      if (sent) sent.catch((error: unknown) => this.#logger.warn?.("Could not answer a server request.", { id, error }));
    } catch (error) {
      this.#logger.warn?.("Could not answer a server request.", { id, error });
    }
  }

  #checkIncoming(kind: "notification" | "server request" | "response", method: string, payload: unknown): void {
    const validator = this.#validator;
    if (!validator) return;
    let problem: string | null;
    try {
      problem =
        kind === "notification"
          ? validator.checkNotification(method, payload)
          : kind === "server request"
            ? validator.checkServerRequest(method, payload)
            : validator.checkResponse(method, payload);
    } catch (error) {
      problem = `the validator failed: ${describe(error)}`;
    }
    if (problem !== null) {
      this.#logger.warn?.(`Invalid ${kind} for "${method}": ${problem}`, { method, kind });
    }
  }

  #loadValidator(): Promise<MessageValidator | undefined> {
    this.#validatorLoad ??= loadValidator().then(
      (validator) => (this.#validator = validator),
      (error: unknown) => {
        this.#validatorError = error;
        this.#logger.error?.("Could not load the message validator; messages are not validated.", { error });
        return undefined;
      },
    );
    return this.#validatorLoad;
  }

  #shutDown(reason: Error): void {
    if (this.#closeError) return;
    const error =
      reason instanceof TransportClosedError
        ? reason
        : new TransportClosedError(`The connection to the app-server closed: ${describe(reason)}.`, { cause: reason });
    this.#closeError = error;
    for (const subscription of this.#subscriptions.splice(0)) subscription.dispose();
    // Replies that arrived before the close have settled vscode-jsonrpc's promises, and their
    // callbacks are already queued as microtasks: let them run first, so a reply is never lost to
    // a close that came right after it.
    queueMicrotask(() => this.#rejectAll(error));
  }

  #rejectAll(error: TransportClosedError): void {
    const waiting = [...this.#inFlight, ...this.#queue.slice(this.#queueHead)];
    this.#inFlight.clear();
    this.#queue = [];
    this.#queueHead = 0;
    for (const call of waiting) {
      if (call.settled) continue;
      this.#settle(call, false);
      call.reject(error);
    }
    this.#serverRequests.closeAll(error);
    this.#rpc.dispose();

    const listeners = this.#closeListeners;
    this.#closeListeners = [];
    callListeners(listeners, error, this.#logger, "A close listener");
  }
}

async function loadValidator(): Promise<MessageValidator> {
  const module = await import("./validator.js");
  return module.createMessageValidator();
}

function addKeyed<T>(map: Map<string, T[]>, key: string, listener: T): Disposable {
  const current = map.get(key);
  map.set(key, current === undefined ? [listener] : [...current, listener]);
  return once(() => {
    const list = map.get(key);
    if (list === undefined) return;
    const next = without(list, listener);
    if (next.length === 0) map.delete(key);
    else map.set(key, next);
  });
}

function without<T>(list: readonly T[], item: T): T[] {
  const index = list.indexOf(item);
  if (index < 0) return list as T[];
  return [...list.slice(0, index), ...list.slice(index + 1)];
}

function once(dispose: () => void): Disposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
