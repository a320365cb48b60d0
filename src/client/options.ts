import type {
  ClientInfo,
  GetAccountParams,
  ModelListParams,
  SandboxMode,
  ThreadForkParams,
  ThreadGoalStatus,
  ThreadListParams,
  ThreadResumeParams,
  ThreadSearchParams,
  ThreadStartParams,
  TurnStartParams,
} from "../../generated/protocol.js";
import type { LogLevel } from "../log-level.js";
import type { Logger } from "../logger.js";
import type { ReconnectOptions } from "./client-link.js";
import type { JsonSchema } from "./json-schema.js";
import type { ValidationMode } from "../rpc/connection.js";
import type { ServerRequestHandlers } from "../rpc/server-requests.js";
import type { TransportChoice } from "../transport/open-transport.js";
import type { AppTool } from "./tool-types.js";

/**
 * Options for `Codex.start()` and `new Codex()`. Every field is optional. `codexBin`, `cwd`, `env`,
 * `replaceEnv`, `config` and `args` apply to the default stdio transport (the spawned runtime);
 * `cwd`, `env` and `replaceEnv` also to the commands of the daemon transport. Giving one that the
 * chosen transport cannot use, and unknown option names, are a `TypeError`.
 */
export interface CodexOptions extends TransportChoice {
  /** Sent in `initialize` (`name` is also the `originator` of model requests). Defaults to this SDK's name, title and version. */
  clientInfo?: ClientInfo;
  /** Opt in to the server's experimental API surface. Default `true`. */
  experimentalApi?: boolean;
  /** Notification methods the server should not send on this connection. */
  optOutNotificationMethods?: readonly string[];
  /** How long to wait for the reply to one request, in milliseconds. Default 60,000. Not used for a turn's completion. */
  requestTimeoutMs?: number;
  /** The most requests in flight at once; further requests queue in order. Default 32. */
  maxInFlight?: number;
  /** Handlers for requests the server sends (approvals, user input, ...). Unhandled ones get a fail-closed answer. */
  serverRequests?: ServerRequestHandlers;
  /** Schema validation of messages. Default `"off"`. */
  validate?: ValidationMode;
  /**
   * Fail `start()` with `CodexStartError` kind `"auth-required"` when the server needs an OpenAI
   * login (`account/read` says `requiresOpenaiAuth`) and no account is logged in.
   */
  requireAuth?: boolean;
  /**
   * Receives diagnostics (the runtime's stderr lines, recovered problems, validation warnings). A
   * logger given here gets everything and wins over `logLevel` and `CODEX_SDK_LOG`. Default: none,
   * so the SDK prints nothing unless `logLevel` or `CODEX_SDK_LOG` turns the built-in logger on.
   */
  logger?: Logger;
  /**
   * Reconnect after a dropped connection to a server the client did not start (the websocket,
   * unix and daemon transports): with exponential backoff and jitter, re-initialize, and resume the
   * client's threads. Running turns and pending approvals carry on; see `onConnectionChange()`.
   * Off by default: a drop then rejects everything pending at once.
   */
  reconnect?: ReconnectOptions;
  /**
   * Keep the latest notifications of each open thread, numbered, so a UI that detaches and comes
   * back can replay what it missed with `thread.events({ after })`. Off by default: nothing is kept.
   */
  eventLog?: EventLogOptions;
  /**
   * The level of the built-in console logger (stderr), used when no `logger` is given; it wins
   * over the `CODEX_SDK_LOG` environment variable. Default `"off"` (or what `CODEX_SDK_LOG` says).
   */
  logLevel?: LogLevel;
  /**
   * Writes every JSON-RPC message in and out to the logger at debug level, one JSON line each, with
   * API keys, tokens and authorization headers redacted: for bug reports. With the built-in logger
   * and no `logLevel` it prints at `"debug"`. Default: on only when `CODEX_SDK_LOG=trace`.
   */
  trace?: boolean;
}

/** Options of the event log (`CodexOptions.eventLog`). */
export interface EventLogOptions {
  /**
   * How many notifications to keep per open thread; older ones are dropped as new ones arrive. The
   * log holds the notification objects themselves: about 340 bytes of heap per streamed delta (40
   * of them the log's own entry), and a completed item about its JSON size and a third more. It is
   * released when the thread is closed.
   */
  maxEventsPerThread: number;
}

/**
 * Who decides when the agent asks for approval (to run a command outside the sandbox, write a
 * file, ...):
 * - `"auto_review"`: the server's automatic reviewer decides; no request reaches the client
 *   (`approvalPolicy: "on-request"`, `approvalsReviewer: "auto_review"`). The default of `threadStart`.
 * - `"deny_all"`: never ask; anything that would need approval is refused (`approvalPolicy: "never"`).
 * - `"ask"`: ask the client: approval requests reach the `serverRequests` handlers of the `Codex`
 *   options, and the fail-closed default declines them when no handler is set
 *   (`approvalPolicy: "on-request"`, `approvalsReviewer: "user"`).
 * - `"inherit"`: send neither field, so the server's configuration (a user's or a managed
 *   `approval_policy`) decides for a new thread; on a resume, fork or turn the thread keeps what it has.
 */
export type ApprovalMode = "auto_review" | "deny_all" | "ask" | "inherit";

/**
 * The sandbox the agent's commands run in, by the wire's `SandboxMode` names: `"read-only"`,
 * `"workspace-write"` or `"danger-full-access"`. Sent as `sandbox` on threads and as the
 * equivalent `sandboxPolicy` object on turns.
 */
export type Sandbox = SandboxMode;

/**
 * Options of `Codex.threadStart()`: the `thread/start` params, camelCase as on the wire, plus
 * `approvalMode`. The preset (default `"auto_review"`) fills `approvalPolicy` and
 * `approvalsReviewer` where they are not given explicitly.
 */
export interface ThreadStartOptions extends ThreadStartParams {
  /** Approval preset; explicit `approvalPolicy`/`approvalsReviewer` win over it. Default `"auto_review"`. */
  approvalMode?: ApprovalMode;
  /** Handlers for this thread's server requests; they win over the client's (and lose to a turn's). */
  serverRequests?: ServerRequestHandlers;
  /**
   * Tools the model can call on this thread, made by `defineTool()`, run in this process. Sent as the
   * thread's `dynamicTools` (so not together with `dynamicTools`); the server stores them with the
   * thread for good. A `serverRequests["item/tool/call"]` handler, at any level, takes the calls instead.
   */
  tools?: readonly AppTool[];
}

/**
 * Options of `Codex.threadResume()`: the `thread/resume` params without `threadId`. Nothing is
 * sent unless given, so the server keeps the thread's stored settings.
 */
export interface ThreadResumeOptions extends Omit<ThreadResumeParams, "threadId"> {
  /** Approval preset for the resumed thread; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
  /** Handlers for this thread's server requests; they win over the client's (and lose to a turn's). */
  serverRequests?: ServerRequestHandlers;
  /**
   * The executors of the thread's tools: the server keeps the tools the thread was started with
   * (they cannot be changed), so these are not sent; they answer its tool calls from now on.
   */
  tools?: readonly AppTool[];
}

/**
 * Options of `Codex.threadFork()`: the `thread/fork` params without `threadId`. Nothing is sent
 * unless given, so the fork keeps the source thread's settings.
 */
export interface ThreadForkOptions extends Omit<ThreadForkParams, "threadId"> {
  /** Approval preset for the fork; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
  /** Handlers for the fork's server requests; they win over the client's (and lose to a turn's). */
  serverRequests?: ServerRequestHandlers;
  /**
   * The executors of the tools the fork inherits from its source thread (not sent: the server copies
   * the source's tools). Default: the source thread's tools, when it is open in this client.
   */
  tools?: readonly AppTool[];
}

/** Options of `Codex.threadList()`: the `thread/list` params (filters, `limit`, `cursor` for paging). */
export interface ThreadListOptions extends ThreadListParams {}

/** Options of `Codex.threadSearch()`: the `thread/search/stream` params (`searchTerm` is required). */
export interface ThreadSearchOptions extends ThreadSearchParams {}

/** Options of `Codex.models()`: the `model/list` params. */
export interface ModelListOptions extends ModelListParams {}

/** Options of `Codex.account()`: the `account/read` params. */
export interface AccountReadOptions extends GetAccountParams {}

/** Options of `Thread.read()`. */
export interface ThreadReadOptions {
  /** Also return the thread's turns and their items from its stored history. Default `false`. */
  includeTurns?: boolean;
}

/** Options of `Thread.setGoal()`. */
export interface GoalOptions {
  /** The most tokens the goal's turns may use in all; the server then stops it as `budgetLimited`. Default: no budget. */
  tokenBudget?: number | null;
}

/** What `Thread.updateGoal()` changes; fields left out stay as they are. */
export interface GoalUpdate extends GoalOptions {
  /** A new objective (non-empty). */
  objective?: string;
  /** A new status: `"paused"` stops the server from starting further turns, `"active"` resumes them. */
  status?: ThreadGoalStatus;
}

/** Options of `Thread.events()`. */
export interface ThreadEventsOptions {
  /** Replay the events after this sequence number (the `seq` last seen); default 0: every event still held. */
  after?: number;
  /** Aborting ends the loop: a pending read rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of `Thread.findTurnIdByClientUserMessageId()`. */
export interface FindTurnOptions {
  /** How many of the thread's latest stored turns to look through, newest first. Default 100. */
  maxTurns?: number;
}

/**
 * Options of `Thread.turn()` and `Thread.run()`: the `turn/start` params without `threadId` and
 * `input`, plus `approvalMode`, `sandbox`, `signal` and `idleTimeoutMs`. Nothing is sent unless
 * given; the server keeps settings given on a turn for the thread's later turns.
 */
export interface TurnOptions extends Omit<TurnStartParams, "threadId" | "input" | "outputSchema"> {
  /**
   * A JSON Schema the final answer must match. `thread.run()` then resolves with `output`: the
   * answer parsed as JSON and checked against the schema (typed from the schema when it is a
   * literal, or by a type parameter), and rejects with `StructuredOutputError` when it does not match.
   */
  outputSchema?: JsonSchema;
  /** Approval preset for this and later turns; explicit `approvalPolicy`/`approvalsReviewer` win. No default. */
  approvalMode?: ApprovalMode;
  /** Sandbox for this and later turns, sent as the matching `sandboxPolicy` (an explicit `sandboxPolicy` wins). */
  sandbox?: Sandbox;
  /** Aborting interrupts the turn (in the background) and rejects `run()`/`stream()` at once with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Rejects `run()`/`stream()` with `TurnTimeoutError` when the turn sends nothing for this many
   * milliseconds (e.g. after an `error` notification with `willRetry: false` and no completion).
   * Off by default.
   */
  idleTimeoutMs?: number;
  /** Handlers for this turn's server requests; they win over the thread's and the client's. */
  serverRequests?: ServerRequestHandlers;
}
