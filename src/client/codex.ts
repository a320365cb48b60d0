import type {
  CancelLoginAccountResponse,
  GetAccountParams,
  GetAccountRateLimitsResponse,
  GetAccountResponse,
  InitializeResponse,
  LogoutAccountResponse,
  ModelListParams,
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
import { CodexStartError, ProcessExitError, TransportClosedError } from "../errors.js";
import { silentLogger, type Logger } from "../logger.js";
import { Connection, type RequestArgs } from "../rpc/connection.js";
import { StdioTransport } from "../transport/stdio.js";
import type { Disposable, Transport } from "../transport/transport.js";
import { MIN_RUNTIME_VERSION, SDK_VERSION } from "../version.js";
import type { ClientContext } from "./client-context.js";
import { LoginCompletions } from "./login-completions.js";
import { ChatgptLoginHandle, DeviceCodeLoginHandle } from "./login-handles.js";
import { checkCodexOptions } from "./check-options.js";
import type { CodexOptions } from "./options.js";
import { compareVersions, parseRuntimeVersion } from "./runtime-version.js";
import { Thread } from "./thread.js";
import { turnFinished, type TurnHandle } from "./turn-handle.js";
import {
  threadForkParams,
  threadListParams,
  threadResumeParams,
  threadStartParams,
  type ThreadForkOptions,
  type ThreadListOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
} from "./thread-options.js";

/** How long `close()` gives running turns to end after their interrupt before ending the process. */
const INTERRUPT_ON_CLOSE_MS = 2_000;
/** How long a failed start waits for the process exit that explains it. */
const EXIT_EXPLANATION_MS = 2_000;

interface Started {
  readonly connection: Connection;
  readonly context: ClientContext;
  readonly metadata: InitializeResponse;
  readonly runtimeVersion: string;
  readonly logins: LoginCompletions;
}

type NotificationListener = (notification: ServerNotification) => void;

interface ListenerRegistration {
  readonly method: string;
  readonly listener: NotificationListener;
  live?: Disposable;
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
  readonly #listeners = new Set<ListenerRegistration>();
  #starting: Promise<Started> | undefined;
  #started: Started | undefined;
  /** The connection of a start in progress, so `close()` can end it. */
  #startingConnection: Connection | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Creates a lazy client: nothing starts until the first awaited call or `ready()`. Invalid
   * options throw a `TypeError` here, before anything is spawned.
   */
  constructor(options: CodexOptions = {}) {
    checkCodexOptions(options);
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
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

  /** The `initialize` result (user agent, `codexHome`, platform). Throws before the client has started. */
  get metadata(): InitializeResponse {
    return this.#requireStarted("metadata").metadata;
  }

  /** The runtime version the server reported in its user agent, e.g. `"0.169.0"`. Throws before start. */
  get runtimeVersion(): string {
    return this.#requireStarted("runtimeVersion").runtimeVersion;
  }

  /**
   * Sends any request of the pinned protocol and resolves with its typed result. The low-level
   * escape hatch: params are checked at compile time (and at run time only with
   * `validate: "strict"`); server errors come back as `JsonRpcError` subclasses.
   */
  async request<M extends ClientRequestMethod>(method: M, ...args: RequestArgs<M>): Promise<ClientRequestResult<M>> {
    const { connection } = await this.#ensureStarted();
    return connection.request(method, ...args);
  }

  /**
   * Listens to server notifications of one method, or to all of them with `"*"` (unknown methods
   * included). Works before the client has started. Returns a disposable that removes the listener.
   */
  onNotification<M extends ServerNotificationMethod>(
    method: M,
    listener: (notification: TypedNotification<M>) => void,
  ): Disposable;
  onNotification(method: "*", listener: (notification: ServerNotification) => void): Disposable;
  onNotification(method: string, listener: NotificationListener): Disposable {
    if (typeof listener !== "function") throw new TypeError("onNotification() needs a listener function.");
    const registration: ListenerRegistration = { method, listener };
    this.#listeners.add(registration);
    const connection = this.#started?.connection ?? this.#startingConnection;
    if (connection) registration.live = this.#attach(connection, registration);
    return {
      dispose: () => {
        this.#listeners.delete(registration);
        registration.live?.dispose();
        registration.live = undefined;
      },
    };
  }

  /** Starts a new thread (`thread/start`). Applies the default `approvalMode: "auto_review"` unless told otherwise. */
  async threadStart(options: ThreadStartOptions = {}): Promise<Thread> {
    const params = threadStartParams(options);
    const started = await this.#ensureStarted();
    const response = await started.connection.request("thread/start", params);
    return new Thread(started.context, response.thread);
  }

  /** Loads a stored thread to continue it (`thread/resume`). Sends only the options given, so the thread keeps its settings. */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}): Promise<Thread> {
    const params = threadResumeParams(threadId, options);
    const started = await this.#ensureStarted();
    const response = await started.connection.request("thread/resume", params);
    return new Thread(started.context, response.thread);
  }

  /** Copies a thread's history into a new thread (`thread/fork`) and returns the new thread. */
  async threadFork(threadId: string, options: ThreadForkOptions = {}): Promise<Thread> {
    const params = threadForkParams(threadId, options);
    const started = await this.#ensureStarted();
    const response = await started.connection.request("thread/fork", params);
    return new Thread(started.context, response.thread);
  }

  /** Archives a stored thread (`thread/archive`). */
  async threadArchive(threadId: string): Promise<ThreadArchiveResponse> {
    checkThreadId(threadId, "threadArchive");
    return this.request("thread/archive", { threadId });
  }

  /** Restores an archived thread (`thread/unarchive`) and returns it. */
  async threadUnarchive(threadId: string): Promise<Thread> {
    checkThreadId(threadId, "threadUnarchive");
    const started = await this.#ensureStarted();
    const response = await started.connection.request("thread/unarchive", { threadId });
    return new Thread(started.context, response.thread);
  }

  /** Lists stored threads (`thread/list`): one page; pass its `nextCursor` as `cursor` for the next. */
  async threadList(options: ThreadListOptions = {}): Promise<ThreadListResponse> {
    const params = threadListParams(options);
    return this.request("thread/list", params);
  }

  /** Lists the models the server offers (`model/list`). */
  async models(params: ModelListParams = {}): Promise<ModelListResponse> {
    return this.request("model/list", params);
  }

  /** Reads the logged-in account (`account/read`); `account` is null when nobody is logged in. */
  async account(params: GetAccountParams = {}): Promise<GetAccountResponse> {
    return this.request("account/read", params);
  }

  /** Reads the account's rate limits (`account/rateLimits/read`). */
  async rateLimits(): Promise<GetAccountRateLimitsResponse> {
    return this.request("account/rateLimits/read");
  }

  /** Logs in with an OpenAI API key (`account/login/start` with `type: "apiKey"`). */
  async loginApiKey(apiKey: string): Promise<void> {
    if (typeof apiKey !== "string" || apiKey.trim() === "") {
      throw new TypeError("loginApiKey() needs a non-empty API key string.");
    }
    await this.request("account/login/start", { type: "apiKey", apiKey });
  }

  /** Starts a browser ChatGPT login. Open the handle's `authUrl`, then `await handle.wait()`. */
  async loginChatgpt(): Promise<ChatgptLoginHandle> {
    const started = await this.#ensureStarted();
    const response = await started.connection.request("account/login/start", { type: "chatgpt" });
    if (response.type !== "chatgpt") throw unexpectedLoginResponse("chatgpt", response.type);
    return new ChatgptLoginHandle(started.connection, started.logins, response.loginId, response.authUrl);
  }

  /** Starts a device-code ChatGPT login. Show `verificationUrl` and `userCode`, then `await handle.wait()`. */
  async loginChatgptDeviceCode(): Promise<DeviceCodeLoginHandle> {
    const started = await this.#ensureStarted();
    const response = await started.connection.request("account/login/start", { type: "chatgptDeviceCode" });
    if (response.type !== "chatgptDeviceCode") throw unexpectedLoginResponse("chatgptDeviceCode", response.type);
    return new DeviceCodeLoginHandle(
      started.connection,
      started.logins,
      response.loginId,
      response.verificationUrl,
      response.userCode,
    );
  }

  /** Logs the account out (`account/logout`). */
  async logout(): Promise<LogoutAccountResponse> {
    return this.request("account/logout");
  }

  /**
   * Interrupts running turns, rejects everything pending and ends the server process (for stdio:
   * end stdin, then SIGTERM, then SIGKILL). Safe to call more than once; later calls on this client
   * reject with `TransportClosedError`.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /** Same as `close()`, for `await using codex = new Codex()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #requireStarted(what: string): Started {
    if (!this.#started) {
      throw new Error(`Codex.${what} is available once the client has started: await codex.ready() or use Codex.start().`);
    }
    return this.#started;
  }

  #ensureStarted(): Promise<Started> {
    if (this.#closing) {
      return Promise.reject(new TransportClosedError("This Codex client is closed. Create a new Codex to continue."));
    }
    if (this.#started) return Promise.resolve(this.#started);
    if (!this.#starting) {
      this.#starting = this.#start().then(
        (started) => {
          this.#started = started;
          return started;
        },
        (error: unknown) => {
          this.#starting = undefined;
          throw error;
        },
      );
    }
    return this.#starting;
  }

  async #start(): Promise<Started> {
    const transport = await this.#openTransport();
    if (this.#closing) {
      await transport.close().catch(() => undefined);
      throw closedWhileStarting();
    }
    const options = this.#options;
    let connection: Connection;
    try {
      connection = new Connection(transport, {
        requestTimeoutMs: options.requestTimeoutMs,
        maxInFlight: options.maxInFlight,
        logger: this.#logger,
        validate: options.validate,
        serverRequests: options.serverRequests,
      });
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
    this.#startingConnection = connection;
    // Listeners hear the server from the start: notifications can arrive while requireAuth is checked.
    for (const registration of this.#listeners) registration.live = this.#attach(connection, registration);
    try {
      const metadata = await this.#initialize(connection);
      const runtimeVersion = checkRuntimeVersion(metadata);
      if (options.requireAuth) await checkAuthenticated(connection);
      const started: Started = {
        connection,
        metadata,
        runtimeVersion,
        logins: new LoginCompletions(connection),
        context: { connection, logger: this.#logger, activeTurns: new Map() },
      };
      if (this.#closing) throw closedWhileStarting();
      // Set here, not a tick later, so a listener added in between is attached to this connection.
      this.#started = started;
      return started;
    } catch (error) {
      for (const registration of this.#listeners) {
        registration.live?.dispose();
        registration.live = undefined;
      }
      await connection.close().catch(() => undefined);
      if (!this.#closing || error instanceof TransportClosedError) throw error;
      throw closedWhileStarting(error);
    } finally {
      this.#startingConnection = undefined;
    }
  }

  async #openTransport(): Promise<Transport> {
    const { transport, codexBin, cwd, env, replaceEnv, config, args } = this.#options;
    if (transport && "send" in transport) return transport;
    return StdioTransport.spawn({ codexBin, cwd, env, replaceEnv, config, args, logger: this.#logger });
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
    } catch (error) {
      throw await explainInitializeFailure(connection, error);
    }
    await connection.notify("initialized");
    return metadata;
  }

  #attach(connection: Connection, registration: ListenerRegistration): Disposable {
    const { method, listener } = registration;
    if (method === "*") return connection.onNotification("*", listener);
    return connection.onNotification(method as ServerNotificationMethod, listener as (n: TypedNotification<ServerNotificationMethod>) => void);
  }

  async #shutdown(): Promise<void> {
    // A start in progress is ended rather than waited for: its initialize may never be answered.
    if (!this.#started) await this.#startingConnection?.close().catch(() => undefined);
    const started = this.#started ?? (await this.#starting?.catch(() => undefined));
    if (!started) return;
    const turns = [...started.context.activeTurns.values()];
    if (turns.length > 0 && !started.connection.isClosed) {
      // Interrupted turns then end as "interrupted" for their readers, not with a closed connection.
      const interruptAndFinish = async (turn: TurnHandle) => {
        await turn.interrupt();
        await turnFinished(turn, INTERRUPT_ON_CLOSE_MS);
      };
      await withDeadline(Promise.allSettled(turns.map(interruptAndFinish)), INTERRUPT_ON_CLOSE_MS);
    }
    for (const registration of this.#listeners) {
      registration.live?.dispose();
      registration.live = undefined;
    }
    // Closing the connection rejects pending login waits; only then stop listening for completions.
    await started.connection.close();
    started.logins.dispose();
  }
}

function closedWhileStarting(cause?: unknown): TransportClosedError {
  return new TransportClosedError(
    "This Codex client was closed while it was starting, so the start was abandoned. Create a new Codex to continue.",
    cause === undefined ? undefined : { cause },
  );
}

function checkThreadId(threadId: unknown, method: string): asserts threadId is string {
  if (typeof threadId !== "string" || threadId === "") {
    throw new TypeError(`${method}() needs a thread id string (a Thread's \`id\`), got ${JSON.stringify(threadId)}.`);
  }
}

function checkRuntimeVersion(metadata: InitializeResponse): string {
  const version = parseRuntimeVersion(metadata.userAgent);
  if (version === undefined) {
    throw new CodexStartError(
      `The app-server's user agent "${metadata.userAgent}" carries no version, so its compatibility is unknown. ` +
        `Use the pinned runtime (@openai/codex ${MIN_RUNTIME_VERSION}) or a newer one.`,
      { kind: "incompatible-runtime" },
    );
  }
  if (compareVersions(version, MIN_RUNTIME_VERSION) < 0) {
    throw new CodexStartError(
      `The app-server is version ${version}, older than ${MIN_RUNTIME_VERSION}, the oldest this SDK supports. ` +
        `Remove the codexBin option to use the pinned runtime, or upgrade the binary it points to.`,
      { kind: "incompatible-runtime" },
    );
  }
  return version;
}

async function checkAuthenticated(connection: Connection): Promise<void> {
  const { account } = await connection.request("account/read", { refreshToken: false });
  if (!account) {
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
    await withDeadline(
      new Promise<void>((resolve) => connection.onClose(() => resolve())),
      EXIT_EXPLANATION_MS,
    );
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
  const reason = error instanceof Error ? error.message : String(error);
  return new CodexStartError(
    `The app-server did not complete initialize: ${reason}. Check that the transport reaches a Codex app-server.`,
    { kind: "initialize-failed", cause: error },
  );
}

function unexpectedLoginResponse(expected: string, got: string): Error {
  return new TypeError(`account/login/start answered a "${got}" login where "${expected}" was asked for.`);
}

async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref?.();
  });
  try {
    await Promise.race([work.then(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
