import type { ClientRequestMethod, ClientRequestResult } from "../../generated/methods.js";
import { RequestTimeoutError, TransportClosedError } from "../errors.js";
import { sleep, untilAborted } from "../internal/abort.js";
import { ListenerSet, NO_SUBSCRIPTION, type Subscription } from "../internal/listeners.js";
import { startTimer } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { Connection, RequestArgs, RequestOptions, TrackedRequest } from "../rpc/connection.js";
import type { NotificationRouter } from "../rpc/notification-router.js";
import type { Transport } from "../transport/transport.js";
import type { ConnectionChange } from "./connection-events.js";
import type { CodexMetadata } from "./runtime-version.js";

/** Reconnecting after a dropped connection to a server the client did not start. */
export interface ReconnectOptions {
  /** How many attempts to make before giving up. Default 10. */
  maxAttempts?: number;
  /** The delay before the first attempt, in milliseconds; it doubles after each failed attempt. Default 250. */
  initialDelayMs?: number;
  /** The longest delay between attempts, in milliseconds. Default 10,000. */
  maxDelayMs?: number;
}

/** One initialized connection, with the transport under it and what `initialize` said. */
export interface LinkSession {
  readonly connection: Connection;
  readonly transport: Transport;
  readonly metadata: CodexMetadata;
}

/** What the link asks of the client around a reconnect. */
export interface LinkHooks {
  /** Opens a transport and a connection and completes `initialize`. */
  connect(): Promise<LinkSession>;
  /** Brings the client's threads onto a new connection (`thread/resume`), before requests flow again. */
  resume(session: LinkSession): Promise<void>;
}

/** What a turn and a login need of the link. */
export interface ServerLink {
  /** Where notifications arrive, whichever connection carries them. */
  readonly notifications: NotificationRouter;
  /** Sends a request on the current connection, waiting (within the request's timeout) while the link reconnects. */
  request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>>;
  /** Called once when the link is lost for good (closed, or reconnecting gave up); at once if it has been. */
  onLost(listener: (error: TransportClosedError) => void): Subscription;
  /** Called each time the connection drops while the link reconnects. */
  onDrop(listener: (error: TransportClosedError) => void): Subscription;
  /** Called when a new connection is initialized after a drop, before the client's threads are resumed on it. */
  onReopen(listener: () => void): Subscription;
}

const DEFAULTS = { maxAttempts: 10, initialDelayMs: 250, maxDelayMs: 10_000 } as const;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * The client's hold on its server across connections: the current connection, and, with
 * `reconnect`, a new one after a drop (with exponential backoff and jitter), initialized and with
 * the client's threads resumed before requests flow again. Requests made meanwhile wait, bounded by
 * their own timeout; requests in flight when the connection dropped reject (the server may have run
 * them). Without `reconnect`, a drop loses the link at once.
 */
export class ClientLink implements ServerLink {
  readonly notifications: NotificationRouter;
  readonly #hooks: LinkHooks;
  readonly #reconnect: Required<ReconnectOptions> | undefined;
  readonly #requestTimeoutMs: number;
  readonly #logger: Logger;
  readonly #changes: ListenerSet<ConnectionChange>;
  readonly #lostListeners: ListenerSet<TransportClosedError>;
  readonly #dropListeners: ListenerSet<TransportClosedError>;
  readonly #reopenListeners: ListenerSet<void>;
  readonly #describeLoss: ((error: TransportClosedError) => TransportClosedError) | undefined;
  #session: LinkSession;
  #reconnecting: Promise<void> | undefined;
  #lost: TransportClosedError | undefined;
  #closing = false;
  /** Aborted by `close()`, so a reconnect waiting out its backoff stops at once. */
  readonly #stopped = new AbortController();

  constructor(
    first: LinkSession,
    hooks: LinkHooks,
    options: {
      notifications: NotificationRouter;
      reconnect: ReconnectOptions | undefined;
      requestTimeoutMs: number | undefined;
      logger: Logger;
      changes: ListenerSet<ConnectionChange>;
      /** Rewrites the error the link is lost with (a pool names its member in it). */
      describeLoss?: ((error: TransportClosedError) => TransportClosedError) | undefined;
    },
  ) {
    this.notifications = options.notifications;
    this.#hooks = hooks;
    this.#reconnect = options.reconnect && { ...DEFAULTS, ...definedOnly(options.reconnect) };
    this.#requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#logger = options.logger;
    this.#changes = options.changes;
    this.#lostListeners = new ListenerSet(options.logger, "A connection-lost listener");
    this.#dropListeners = new ListenerSet(options.logger, "A connection-drop listener");
    this.#reopenListeners = new ListenerSet(options.logger, "A reconnect listener");
    this.#describeLoss = options.describeLoss;
    this.#session = first;
    this.#watch(first);
  }

  /** The current connection (the last one, while reconnecting). */
  get connection(): Connection {
    return this.#session.connection;
  }

  /** The current session: connection, transport and metadata. */
  get session(): LinkSession {
    return this.#session;
  }

  /** Why the link was lost, once it has been. */
  get lostError(): TransportClosedError | undefined {
    return this.#lost;
  }

  /** True while a dropped connection is being replaced. */
  get reconnecting(): boolean {
    return this.#reconnecting !== undefined;
  }

  request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>> {
    if (this.#lost) return Promise.reject(this.#lost);
    const reconnecting = this.#reconnecting;
    if (reconnecting === undefined) return this.#session.connection.request(method, ...args);
    return this.#afterReconnect(method, args[1] as RequestOptions | undefined).then(() =>
      this.#session.connection.request(method, ...args),
    );
  }

  /**
   * Sends a request like `request()`, telling also the JSON-RPC id it goes out with on the
   * connection that carries it (see `Connection.requestWithId`); while reconnecting, the id is
   * known once the request is written on the new connection.
   */
  requestWithId<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): TrackedRequest<ClientRequestResult<M>> {
    if (this.#lost) return { id: undefined, result: Promise.reject(this.#lost) };
    if (this.#reconnecting === undefined) return this.#session.connection.requestWithId(method, ...args);
    let tracked: TrackedRequest<ClientRequestResult<M>> | undefined;
    const result = this.#afterReconnect(method, args[1] as RequestOptions | undefined).then(() => {
      tracked = this.#session.connection.requestWithId(method, ...args);
      return tracked.result;
    });
    return {
      get id() {
        return tracked?.id;
      },
      result,
    };
  }

  onLost(listener: (error: TransportClosedError) => void): Subscription {
    if (this.#lost) {
      listener(this.#lost);
      return NO_SUBSCRIPTION;
    }
    return this.#lostListeners.add(listener);
  }

  onDrop(listener: (error: TransportClosedError) => void): Subscription {
    return this.#dropListeners.add(listener);
  }

  onReopen(listener: () => void): Subscription {
    return this.#reopenListeners.add(listener);
  }

  /** Stops reconnecting and closes the current connection; the link is then lost. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#stopped.abort();
    await this.#session.connection.close();
    this.#lose(
      this.#session.connection.closeError ??
        new TransportClosedError("The connection was closed by the client; start a new client to continue."),
    );
  }

  /** Waits for the reconnect in progress, within the request's own timeout and signal. */
  #afterReconnect(method: string, options: RequestOptions | undefined): Promise<void> {
    const timeoutMs = options?.timeoutMs ?? this.#requestTimeoutMs;
    const waiting = new Promise<void>((resolve, reject) => {
      const timer = startTimer(timeoutMs, () =>
        reject(new RequestTimeoutError(undefined, { method, timeoutMs, sent: false, waitedFor: "reconnect" })),
      );
      this.#reconnecting!.then(
        () => {
          timer.cancel();
          if (this.#lost) reject(this.#lost);
          else resolve();
        },
        (error: unknown) => {
          timer.cancel();
          reject(error);
        },
      );
    });
    return untilAborted(waiting, options?.signal);
  }

  #watch(session: LinkSession): void {
    session.connection.onClose((error) => {
      if (this.#session === session) this.#dropped(error);
    });
  }

  #dropped(error: TransportClosedError): void {
    if (this.#lost || this.#reconnecting) return;
    this.#changes.emit({ type: "disconnected", reason: error });
    if (this.#closing || this.#reconnect === undefined) {
      this.#lose(error);
      return;
    }
    this.#logger.info?.(`The connection to the app-server dropped (${errorMessage(error)}); reconnecting.`);
    this.#dropListeners.emit(error);
    this.#reconnecting = this.#reconnectLoop(this.#reconnect, error).finally(() => (this.#reconnecting = undefined));
  }

  async #reconnectLoop(settings: Required<ReconnectOptions>, dropError: TransportClosedError): Promise<void> {
    let lastError: Error = dropError;
    for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
      const base = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(base / 2 + Math.random() * (base / 2));
      this.#changes.emit({ type: "reconnecting", attempt, delayMs });
      if (!(await sleep(delayMs, this.#stopped.signal).then(() => true, () => false))) break;
      let session: LinkSession;
      try {
        session = await this.#hooks.connect();
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(errorMessage(error));
        this.#logger.info?.(`Reconnect attempt ${attempt} failed: ${errorMessage(error)}.`);
        continue;
      }
      if (this.#closing) {
        await session.connection.close().catch(() => undefined);
        break;
      }
      this.#session = session;
      this.#reopenListeners.emit();
      try {
        await this.#hooks.resume(session);
      } catch (error) {
        lastError = error instanceof Error ? error : new Error(errorMessage(error));
        this.#logger.info?.(`Reconnect attempt ${attempt} could not resume the client's threads: ${errorMessage(error)}.`);
        await session.connection.close().catch(() => undefined);
        continue;
      }
      if (session.connection.isClosed) {
        lastError = session.connection.closeError!;
        continue;
      }
      this.#watch(session);
      this.#logger.info?.(`Reconnected to the app-server on attempt ${attempt}.`);
      this.#changes.emit({ type: "reconnected", attempt });
      return;
    }
    if (this.#closing) {
      this.#lose(new TransportClosedError("The client was closed while it was reconnecting."));
      return;
    }
    const error = new TransportClosedError(
      `The connection to the app-server dropped and ${settings.maxAttempts} reconnect attempts failed ` +
        `(the last: ${errorMessage(lastError)}). Check that the server is running, then start a new client.`,
      { cause: lastError },
    );
    this.#changes.emit({ type: "gave-up", attempts: settings.maxAttempts, reason: error });
    this.#lose(error);
  }

  #lose(error: TransportClosedError): void {
    if (this.#lost) return;
    this.#lost = this.#describeLoss ? this.#describeLoss(error) : error;
    this.#lostListeners.emit(this.#lost);
    this.#lostListeners.clear();
    this.#dropListeners.clear();
    this.#reopenListeners.clear();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
