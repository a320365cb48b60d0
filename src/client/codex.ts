import type {
  Thread as ProtocolThread,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  InitializeResponse,
  LogoutAccountResponse,
  ModelListResponse,
  ThreadArchiveResponse,
  ThreadListResponse,
} from "../../generated/protocol.js";
import type {
  ClientRequestMethod,
  ClientRequestResult,
  ServerNotification,
  ServerNotificationMethod,
  TypedNotification,
} from "../../generated/methods.js";
import { CodexError, CodexStartError, ProcessExitError, TransportClosedError } from "../errors.js";
import { untilAborted } from "../internal/abort.js";
import { Activity } from "../internal/activity.js";
import type { Subscription } from "../internal/listeners.js";
import { settleWithin } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import { chooseLogger } from "../log-level.js";
import type { Logger } from "../logger.js";
import type { ServerRequestHandlers } from "../rpc/server-requests.js";
import { Connection, type RequestArgs, type RequestOptions } from "../rpc/connection.js";
import { ListenerSet } from "../internal/listeners.js";
import { ClientLink, type LinkSession } from "./client-link.js";
import type { ConnectionChange } from "./connection-events.js";
import { loadJsonRpc } from "../rpc/jsonrpc.js";
import { checkMethod, checkRequestOptions } from "../rpc/request-checks.js";
import { NotificationRouter } from "../rpc/notification-router.js";
import { openTransport } from "../transport/open-transport.js";
import { withWireTrace } from "../transport/wire-trace.js";
import { SDK_VERSION } from "../version.js";
import type { ClientCore } from "./client-core.js";
import { LoginCompletions } from "./login-completions.js";
import { chatgptLoginHandle, deviceCodeLoginHandle, type ChatgptLoginHandle, type DeviceCodeLoginHandle } from "./login-handles.js";
import {
  checkAccountReadOptions,
  checkCodexOptions,
  checkModelListOptions,
  checkThreadId,
  checkThreadSearchOptions,
  nonEmptyString,
} from "./option-checks.js";
import { OpenThreads } from "./open-threads.js";
import type {
  AccountReadOptions,
  CodexOptions,
  ModelListOptions,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadSearchOptions,
  ThreadStartOptions,
} from "./options.js";
import { checkRuntimeVersion, type CodexMetadata } from "./runtime-version.js";
import { ServerRequestScopes } from "./server-request-scopes.js";
import { ThreadSearch, type ThreadSearchBatch } from "./thread-search.js";
import { threadFor, type Thread } from "./thread.js";
import type { ToolSet } from "./tools.js";
import { TurnRegistry } from "./turn-registry.js";
import { threadForkParams, threadListParams, threadResumeParams, threadStartParams, toolSetOf } from "./wire-params.js";

/** How long `close()` gives running turns to end after their interrupt before ending the process. */
const INTERRUPT_ON_CLOSE_MS = 2_000;
/** How long a failed start waits for the process exit that explains it. */
const EXIT_EXPLANATION_MS = 2_000;

/**
 * Internal: what a `CodexPool` adds to the options of its members' clients. It sits under a symbol
 * key, so it is no option of the public `CodexOptions` (the option checks see string keys only).
 */
export const MEMBER_HOOKS: unique symbol = Symbol("codex-app-server-sdk/member-hooks");

/** Internal: see {@link MEMBER_HOOKS}. */
export interface MemberHooks {
  /** Rewrites the error of a lost connection, and of a turn lost across a reconnect (to name the member). */
  describeLoss(error: TransportClosedError): TransportClosedError;
}

/** A started client: everything that exists only once `initialize` has completed. */
interface Started {
  readonly core: ClientCore;
  readonly logins: LoginCompletions;
}

/** What a started client holds right now (see `Codex.stats`). */
export interface CodexStats {
  /** Turns running on threads of this client. */
  readonly runningTurns: number;
  /** Threads this client holds state for (handlers, subscriptions, a running turn). */
  readonly threads: number;
  /** Requests written and not yet answered, plus requests waiting to be written. */
  readonly pendingRequests: number;
  /** Notifications held by the event logs of the open threads (`CodexOptions.eventLog`), in all. */
  readonly loggedEvents: number;
}

/**
 * A client of one Codex app-server. `Codex.start()` starts it eagerly; `new Codex()` starts it on
 * the first awaited call (or `ready()`). Threads come only from the thread lifecycle methods here.
 * Always `close()` it (or use `await using`): that interrupts running turns, rejects everything
 * pending and ends the server process.
 *
 * @example
 * const codex = await Codex.start();
 * const thread = await codex.threadStart();
 * const turn = await thread.run("Summarize this repository");
 * await codex.close();
 */
export class Codex implements AsyncDisposable {
  readonly #options: CodexOptions;
  readonly #logger: Logger;
  /** Notifications of every connection this client opens; listeners may be added before the start. */
  readonly #notifications: NotificationRouter;
  readonly #connectionChanges: ListenerSet<ConnectionChange>;
  readonly #describeLoss: MemberHooks["describeLoss"] | undefined;
  #starting: Promise<Started> | undefined;
  #started: Started | undefined;
  /** The connection of a start in progress, so `close()` can end it. */
  #startingConnection: Connection | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Creates a lazy client: nothing starts until the first awaited call or `ready()`. Invalid
   * options (unknown names included) throw a `TypeError` here, before anything is spawned.
   */
  constructor(options: CodexOptions = {}) {
    this.#options = checkCodexOptions(options);
    this.#logger = chooseLogger(options);
    this.#describeLoss = (options as { [MEMBER_HOOKS]?: MemberHooks })[MEMBER_HOOKS]?.describeLoss;
    this.#notifications = new NotificationRouter(this.#logger);
    this.#connectionChanges = new ListenerSet(this.#logger, "A connection-change listener");
    this.#notifications.on("warning", (n) => this.#logger.warn?.(`The app-server warns: ${n.params?.message}`, { threadId: n.params?.threadId ?? null }));
    this.#notifications.on("configWarning", (n) =>
      this.#logger.warn?.(`The app-server warns about its configuration: ${n.params?.summary}`, { details: n.params?.details ?? null }),
    );
  }

  /**
   * Starts a client eagerly: spawns (or connects to) the app-server and completes `initialize`.
   * Rejects with `CodexStartError`, whose `kind` names the cause and whose message says how to fix it.
   */
  static async start(options: CodexOptions = {}): Promise<Codex> {
    const codex = new Codex(options);
    await codex.ready();
    return codex;
  }

  /** Starts the client if it has not started yet; concurrent calls share one start. Resolves with the client. */
  async ready(): Promise<this> {
    await this.#ensureStarted();
    return this;
  }

  /**
   * The `initialize` result (user agent, `codexHome`, platform) with the server's runtime version
   * and the SDK's pinned one. Throws a `TypeError` before the client has started.
   */
  get metadata(): CodexMetadata {
    return this.#requireStarted("metadata").core.link.session.metadata;
  }

  /** The runtime version the server reported in its user agent, e.g. `"0.171.0"`. Throws a `TypeError` before start. */
  get runtimeVersion(): string {
    return this.#requireStarted("runtimeVersion").core.link.session.metadata.runtimeVersion;
  }

  /** The process id of the spawned runtime (stdio transport), or `undefined` when the server runs elsewhere or has not started. */
  get pid(): number | undefined {
    const transport = this.#started?.core.link.session.transport as { pid?: unknown } | undefined;
    return typeof transport?.pid === "number" ? transport.pid : undefined;
  }

  /** What this client holds right now: running turns, threads with client-side state, pending requests (all zero before start). */
  get stats(): CodexStats {
    const core = this.#started?.core;
    if (!core) return { runningTurns: 0, threads: 0, pendingRequests: 0, loggedEvents: 0 };
    return {
      runningTurns: core.turns.size,
      threads: Math.max(core.threads.size, this.#notifications.threadCount, core.scopes.threadCount, core.turns.size),
      pendingRequests: core.link.connection.pendingCount,
      loggedEvents: core.threads.loggedEvents,
    };
  }

  /**
   * Sends any request of the pinned protocol and resolves with its typed result. The low-level
   * escape hatch: params are checked at compile time (and at run time only with
   * `validate: "strict"`); server errors come back as `JsonRpcError` subclasses.
   */
  request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>> {
    // A started client sends at once, without a promise hop per call.
    if (this.#started && !this.#closing) return this.#started.core.link.request(method, ...args);
    try {
      checkMethod(method);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#ensureStarted(args[1], `"${method}"`).then(({ core }) => core.link.request(method, ...args));
  }

  /**
   * Listens to server notifications of one method, or to all of them with `"*"` (unknown methods
   * included). Works before the client has started. Returns a subscription that removes the listener.
   */
  onNotification<M extends ServerNotificationMethod>(
    method: M,
    listener: (notification: TypedNotification<M>) => void,
  ): Subscription;
  /**
   * Listens to every server notification, of every method (unknown ones included, untyped). Works
   * before the client has started. Returns a subscription that removes the listener.
   */
  onNotification(method: "*", listener: (notification: ServerNotification) => void): Subscription;
  onNotification(method: string, listener: (notification: never) => void): Subscription {
    nonEmptyString(method, "onNotification() method");
    if (typeof listener !== "function") throw new TypeError("onNotification() needs a listener function.");
    return this.#notifications.on(method, listener as (notification: ServerNotification) => void);
  }

  /**
   * Listens to the connection's changes: `connected` once started, `disconnected` (with the reason)
   * when the connection drops, and with `reconnect` set `reconnecting` (each attempt, with its
   * delay), `reconnected`, and `gave-up` when every attempt failed. Works before the client has started.
   */
  onConnectionChange(listener: (change: ConnectionChange) => void): Subscription {
    if (typeof listener !== "function") throw new TypeError("onConnectionChange() needs a listener function.");
    return this.#connectionChanges.add(listener);
  }

  /**
   * Starts a new thread (`thread/start`). Applies the default `approvalMode: "auto_review"` unless
   * told otherwise; `serverRequests` sets handlers for this thread's requests; `tools` (made by
   * `defineTool()`) are offered to the model and run here when it calls them (their input schemas
   * are compiled first: one Ajv cannot use is a `TypeError`, and nothing is sent).
   */
  async threadStart(options: ThreadStartOptions = {}, call?: RequestOptions): Promise<Thread> {
    const tools = toolSetOf(options?.tools, "threadStart()");
    const params = threadStartParams(options, tools);
    await tools?.compile();
    const { core } = await this.#ensureStarted(call);
    const response = await core.link.request("thread/start", params, call);
    return this.#open(core, response.thread, options, tools);
  }

  /**
   * Loads a stored thread to continue it (`thread/resume`). Sends only the options given, so the
   * thread keeps its settings. The server keeps the tools the thread was started with: pass them
   * again as `tools` so this client runs them (they are not sent, and cannot be changed).
   */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}, call?: RequestOptions): Promise<Thread> {
    const params = threadResumeParams(threadId, options);
    const tools = toolSetOf(options?.tools, "threadResume()");
    await tools?.compile();
    const { core } = await this.#ensureStarted(call);
    const response = await core.link.request("thread/resume", params, call);
    return this.#open(core, response.thread, options, tools);
  }

  /**
   * Copies a thread's history into a new thread (`thread/fork`) and returns the new thread. The
   * fork inherits the source's tools on the server; this client runs them with the `tools` given,
   * or else with the source thread's, when it is open here.
   */
  async threadFork(threadId: string, options: ThreadForkOptions = {}, call?: RequestOptions): Promise<Thread> {
    const params = threadForkParams(threadId, options);
    const given = toolSetOf(options?.tools, "threadFork()");
    await given?.compile();
    const { core } = await this.#ensureStarted(call);
    const response = await core.link.request("thread/fork", params, call);
    return this.#open(core, response.thread, options, given ?? core.threads.get(threadId)?.tools);
  }

  /**
   * Searches the stored threads (`thread/search/stream`, experimental) and yields the server's
   * early matches as they come (`final: false`, best effort), then the authoritative final page
   * (`final: true`, with `nextCursor` for the next page), which ends the loop. Leaving the loop
   * early cancels the search on the server (`thread/search/stream/cancel`). The request is sent on
   * the first iteration; options are checked now (TypeError).
   *
   * ```ts
   * for await (const batch of codex.threadSearch({ searchTerm: "invoice", limit: 10 })) {
   *   show(batch.data);                       // early rows, then the final page
   *   if (batch.final) nextCursor = batch.nextCursor;
   * }
   * ```
   */
  threadSearch(options: ThreadSearchOptions, call?: RequestOptions): AsyncIterableIterator<ThreadSearchBatch> {
    const params = checkThreadSearchOptions(options);
    return new ThreadSearch(async () => (await this.#ensureStarted(call)).core.link, { ...params }, call, this.#logger);
  }

  /** Archives a stored thread (`thread/archive`). */
  async threadArchive(threadId: string, call?: RequestOptions): Promise<ThreadArchiveResponse> {
    checkThreadId("threadArchive()", threadId);
    return this.request("thread/archive", { threadId }, call);
  }

  /**
   * Restores an archived thread (`thread/unarchive`) and returns it ready to run turns: it is
   * resumed (`thread/resume`) after unarchiving, as `threadResume()` would.
   */
  async threadUnarchive(threadId: string, call?: RequestOptions): Promise<Thread> {
    checkThreadId("threadUnarchive()", threadId);
    const { core } = await this.#ensureStarted(call);
    await core.link.request("thread/unarchive", { threadId }, call);
    const response = await core.link.request("thread/resume", { threadId }, call);
    return this.#open(core, response.thread, {});
  }

  /** Lists stored threads (`thread/list`): one page; pass its `nextCursor` as `cursor` for the next. */
  async threadList(options: ThreadListOptions = {}, call?: RequestOptions): Promise<ThreadListResponse> {
    return this.request("thread/list", threadListParams(options), call);
  }

  /** Lists the models the server offers (`model/list`). */
  async models(options: ModelListOptions = {}, call?: RequestOptions): Promise<ModelListResponse> {
    return this.request("model/list", checkModelListOptions(options), call);
  }

  /** Reads the logged-in account (`account/read`); `account` is null when nobody is logged in. */
  async account(options: AccountReadOptions = {}, call?: RequestOptions): Promise<GetAccountResponse> {
    return this.request("account/read", checkAccountReadOptions(options), call);
  }

  /** Reads the account's rate limits (`account/rateLimits/read`). */
  async rateLimits(call?: RequestOptions): Promise<GetAccountRateLimitsResponse> {
    return this.request("account/rateLimits/read", {}, call);
  }

  /** Logs in with an OpenAI API key (`account/login/start` with `type: "apiKey"`). */
  async loginApiKey(apiKey: string, call?: RequestOptions): Promise<void> {
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new TypeError("loginApiKey() needs a non-empty API key string.");
    }
    await this.request("account/login/start", { type: "apiKey", apiKey }, call);
  }

  /** Starts a browser ChatGPT login. Open the handle's `authUrl`, then `await handle.wait()`. */
  async loginChatgpt(call?: RequestOptions): Promise<ChatgptLoginHandle> {
    const { core, logins } = await this.#ensureStarted(call);
    const response = await core.link.request("account/login/start", { type: "chatgpt" }, call);
    if (response.type !== "chatgpt") throw unexpectedLoginResponse("chatgpt", response.type);
    return chatgptLoginHandle({ link: core.link, completions: logins, loginId: response.loginId }, response.authUrl);
  }

  /** Starts a device-code ChatGPT login. Show `verificationUrl` and `userCode`, then `await handle.wait()`. */
  async loginChatgptDeviceCode(call?: RequestOptions): Promise<DeviceCodeLoginHandle> {
    const { core, logins } = await this.#ensureStarted(call);
    const response = await core.link.request("account/login/start", { type: "chatgptDeviceCode" }, call);
    if (response.type !== "chatgptDeviceCode") throw unexpectedLoginResponse("chatgptDeviceCode", response.type);
    return deviceCodeLoginHandle(
      { link: core.link, completions: logins, loginId: response.loginId },
      response.verificationUrl,
      response.userCode,
    );
  }

  /** Logs the account out (`account/logout`). */
  async logout(call?: RequestOptions): Promise<LogoutAccountResponse> {
    return this.request("account/logout", {}, call);
  }

  /**
   * Interrupts running turns, rejects everything pending and closes the transport: for stdio it
   * ends the server process (end stdin, then SIGTERM, then SIGKILL); for a WebSocket, unix socket or
   * daemon it disconnects and leaves the server running. Safe to call more than once; later calls on
   * this client reject with `TransportClosedError`.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Same as `close()`, for `await using codex = new Codex()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** The `Thread` for a thread the server returned, with its own handlers and tools (if any) registered. */
  #open(core: ClientCore, thread: ProtocolThread, options: { serverRequests?: ServerRequestHandlers }, tools?: ToolSet): Thread {
    if (options.serverRequests !== undefined) core.scopes.setThread(thread.id, options.serverRequests);
    return threadFor(core, thread, tools);
  }

  #requireStarted(what: string): Started {
    if (!this.#started) {
      throw new TypeError(`Codex.${what} is available once the client has started: await codex.ready() or use Codex.start().`);
    }
    return this.#started;
  }

  /**
   * The started client, starting it if needed, for a call whose per-call options (`call`, checked
   * first, before anything starts; `what` names the call in the error) may carry a signal: its abort
   * stops waiting for a start in progress (the start goes on).
   */
  #ensureStarted(call?: unknown, what = "the call"): Promise<Started> {
    let signal: AbortSignal | undefined;
    try {
      ({ signal } = checkRequestOptions(what, call));
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closing) {
      return Promise.reject(new TransportClosedError("This Codex client is closed. Create a new Codex to continue."));
    }
    if (this.#started) return Promise.resolve(this.#started);
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return untilAborted(this.#starting, signal);
  }

  async #start(): Promise<Started> {
    // vscode-jsonrpc loads while the runtime spawns.
    loadJsonRpc().catch(() => undefined);
    const options = this.#options;
    let link: ClientLink | undefined;
    const activity = new Activity((busy) => link?.session.transport.keepAlive?.(busy));
    const turns = new TurnRegistry(this.#logger, activity);
    const scopes = new ServerRequestScopes(options.serverRequests, turns);
    const first = await this.#connect(activity, scopes, true);
    link = new ClientLink(
      first,
      {
        connect: () => this.#connect(activity, scopes, false),
        resume: (session) => resumeThreads(session.connection, threads.ids(), turns, this.#logger, this.#describeLoss),
      },
      {
        notifications: this.#notifications,
        reconnect: options.reconnect,
        requestTimeoutMs: options.requestTimeoutMs,
        logger: this.#logger,
        changes: this.#connectionChanges,
        describeLoss: this.#describeLoss,
      },
    );
    const threads = new OpenThreads({ link, logger: this.#logger, turns, scopes, maxEventsPerThread: options.eventLog?.maxEventsPerThread });
    const started: Started = {
      core: { link, logger: this.#logger, turns, scopes, threads, activity },
      logins: new LoginCompletions(link, activity),
    };
    this.#started = started;
    this.#connectionChanges.emit({ type: "connected" });
    return started;
  }

  /**
   * Opens a transport and a connection, and completes `initialize` (and, on the first start, the
   * `requireAuth` check). Used for the first start and for every reconnect.
   */
  async #connect(activity: Activity, scopes: ServerRequestScopes, first: boolean): Promise<LinkSession> {
    const options = this.#options;
    const transport = await openTransport(options, this.#logger);
    if (this.#closing) {
      await transport.close().catch(() => undefined);
      throw closedWhileStarting();
    }
    let connection: Connection;
    try {
      connection = await Connection.open(withWireTrace(transport, options, this.#logger), {
        requestTimeoutMs: options.requestTimeoutMs,
        maxInFlight: options.maxInFlight,
        logger: this.#logger,
        validate: options.validate,
        serverRequests: scopes.lookup,
        lateAnswer: (id, method, params, result) => scopes.rememberLateAnswer(id, method, params, result),
        notifications: this.#notifications,
        activity,
      });
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
    this.#startingConnection = connection;
    try {
      const metadata = checkRuntimeVersion(await this.#initialize(connection), this.#logger);
      if (first && options.requireAuth) await checkAuthenticated(connection);
      if (this.#closing) throw closedWhileStarting();
      if (activity.busy) transport.keepAlive?.(true);
      return { connection, transport, metadata };
    } catch (error) {
      await connection.close().catch(() => undefined);
      if (!this.#closing || error instanceof TransportClosedError) throw error;
      throw closedWhileStarting(error);
    } finally {
      this.#startingConnection = undefined;
    }
  }

  async #initialize(connection: Connection): Promise<InitializeResponse> {
    const options = this.#options;
    const clientInfo = options.clientInfo ?? {
      name: "codex_app_server_sdk_ts",
      title: "Codex App Server SDK (TypeScript)",
      version: SDK_VERSION,
    };
    let metadata: InitializeResponse;
    try {
      metadata = await connection.request("initialize", {
        clientInfo: { name: clientInfo.name, title: clientInfo.title ?? null, version: clientInfo.version },
        capabilities: {
          experimentalApi: options.experimentalApi ?? true,
          ...(options.optOutNotificationMethods ? { optOutNotificationMethods: [...options.optOutNotificationMethods] } : {}),
        },
      });
      if (typeof metadata !== "object" || metadata === null || typeof metadata.userAgent !== "string") {
        throw new CodexStartError(
          `The app-server answered initialize with ${JSON.stringify(metadata)}, not an object with a userAgent. ` +
            "Check that the transport reaches a Codex app-server.",
          { kind: "initialize-failed" },
        );
      }
      await connection.notify("initialized");
    } catch (error) {
      throw await explainInitializeFailure(connection, error);
    }
    return metadata;
  }

  async #shutdown(): Promise<void> {
    // A start in progress is ended rather than waited for: its initialize may never be answered.
    if (!this.#started) await this.#startingConnection?.close().catch(() => undefined);
    const started = this.#started ?? (await this.#starting?.catch(() => undefined));
    if (!started) return;
    const { link, turns, threads } = started.core;
    threads.beginClosing();
    // Interrupted turns then end as "interrupted" for their readers, not with a closed connection.
    if (!link.lostError && !link.reconnecting) await turns.interruptAll(INTERRUPT_ON_CLOSE_MS);
    // Closing the link rejects pending login waits; only then stop listening for completions.
    await link.close();
    started.logins.dispose();
  }
}

/**
 * Resumes the client's threads on a new connection (`thread/resume`), so their events and the
 * server requests still pending for them (which the server replays) come to this client again. A
 * turn that was running goes on if the server still runs it; otherwise it settles with a
 * `TransportClosedError` naming it.
 */
async function resumeThreads(
  connection: Connection,
  threads: readonly string[],
  turns: TurnRegistry,
  logger: Logger,
  describeLoss: MemberHooks["describeLoss"] | undefined,
): Promise<void> {
  await Promise.all(
    [...threads].map(async (threadId) => {
      const running = turns.runningOn(threadId);
      let resumed: ProtocolThread | undefined;
      try {
        resumed = (await connection.request("thread/resume", { threadId, excludeTurns: running === undefined })).thread;
      } catch (error) {
        if (error instanceof TransportClosedError) throw error;
        logger.warn?.(`Could not resume thread ${threadId} after reconnecting: ${errorMessage(error)}.`, { threadId });
      }
      if (running?.turnId === undefined) return;
      const turn = resumed?.turns?.find((candidate) => candidate.id === running.turnId);
      if (turn?.status === "inProgress") return;
      const lost = new TransportClosedError(
        `The connection dropped and, once it was back, the server no longer ran the turn (${turn ? `it is ${turn.status}` : "it has no such turn"}). ` +
          "Read the thread (thread.read({ includeTurns: true })) to see how it ended.",
      );
      running.lostInGap(describeLoss ? describeLoss(lost) : lost);
    }),
  );
}

function closedWhileStarting(cause?: unknown): TransportClosedError {
  return new TransportClosedError(
    "This Codex client was closed while it was starting, so the start was abandoned. Create a new Codex to continue.",
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Fails with `auth-required` when the server needs an OpenAI login and has none. A provider that
 * needs no OpenAI login (`requiresOpenaiAuth: false`, e.g. a custom one with its own key) passes.
 */
async function checkAuthenticated(connection: Connection): Promise<void> {
  let answer: GetAccountResponse;
  try {
    answer = await connection.request("account/read", { refreshToken: false });
  } catch (error) {
    if (error instanceof TransportClosedError) throw error;
    throw new CodexStartError(`requireAuth is set, but the account could not be read: ${errorMessage(error)}.`, {
      kind: "auth-required",
      cause: error,
    });
  }
  if (!answer.account && answer.requiresOpenaiAuth !== false) {
    throw new CodexStartError(
      "No account is logged in, and requireAuth is set. Run `codex login`, or call loginApiKey() / loginChatgpt() " +
        "on a client started without requireAuth.",
      { kind: "auth-required" },
    );
  }
}

async function explainInitializeFailure(connection: Connection, error: unknown): Promise<Error> {
  if (error instanceof TransportClosedError && !(error instanceof ProcessExitError)) {
    // A write to a process that just died can fail before its exit is observed: wait for the exit.
    await settleWithin(new Promise<void>((resolve) => connection.onClose(() => resolve())), EXIT_EXPLANATION_MS);
  }
  const exit = connection.closeError instanceof ProcessExitError ? connection.closeError : error;
  if (exit instanceof ProcessExitError) {
    const tail = exit.stderrTail.trim();
    return new CodexStartError(
      `The app-server exited before answering initialize (exit code ${exit.exitCode ?? "none"}, signal ${exit.signal ?? "none"}). ` +
        (tail ? `Its stderr ends with:\n${tail}\n` : "It wrote nothing to stderr. ") +
        "Check the config, args and codexBin options.",
      { kind: "exited-before-initialize", exitCode: exit.exitCode, signal: exit.signal, stderrTail: exit.stderrTail, cause: exit },
    );
  }
  if (error instanceof CodexStartError) return error;
  return new CodexStartError(
    `The app-server did not complete initialize: ${errorMessage(error)}. Check that the transport reaches a Codex app-server.`,
    { kind: "initialize-failed", cause: error },
  );
}

function unexpectedLoginResponse(expected: string, got: string): Error {
  return new CodexError(`account/login/start answered a "${got}" login where "${expected}" was asked for; the server does not follow the protocol.`);
}
