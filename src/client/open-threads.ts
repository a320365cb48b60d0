import type { DynamicToolCallParams, ThreadGoal, ThreadGoalStatus } from "../../generated/protocol.js";
import type { ServerNotification, TypedNotification } from "../../generated/methods.js";
import { ListenerSet, type Subscription } from "../internal/listeners.js";
import { startTimer } from "../internal/timers.js";
import { isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { ServerLink } from "./client-link.js";
import { EventLog } from "./event-log.js";
import type { ServerRequestScopes } from "./server-request-scopes.js";
import { answerToolCall } from "./tool-calls.js";
import type { ToolSet } from "./tools.js";
import { turnHandleFor, type TurnHandle } from "./turn-handle.js";
import type { TurnRegistry } from "./turn-registry.js";
import { TurnStream } from "./turn-stream.js";

/** A change of a thread's goal, as `thread.onGoal()` reports it. */
export interface GoalChange {
  /** The goal as it is now, or `null` once it was cleared. */
  readonly goal: ThreadGoal | null;
  /** The turn that changed it (a goal turn's progress), or `null` for a change made by a client (or by a resume). */
  readonly turnId: string | null;
}

/** How many client message ids an open thread remembers from its live notifications. */
const CLIENT_MESSAGES_REMEMBERED = 256;

/** What the open threads of a client need from it. */
export interface OpenThreadsHost {
  /** The client's link to its server: its notifications and requests, across reconnects. */
  readonly link: ServerLink;
  readonly logger: Logger;
  readonly turns: TurnRegistry;
  readonly scopes: ServerRequestScopes;
  /** Keep the last this many notifications of each open thread (`CodexOptions.eventLog`); nothing is kept without it. */
  readonly maxEventsPerThread?: number;
}

/**
 * The threads a client has open (from `threadStart`, `threadResume`, `threadFork` or
 * `threadUnarchive`, until their `close()`), with what the client keeps for each: its tools, its
 * turn and goal listeners, its event log, and the turns the server starts on it by itself.
 */
export class OpenThreads {
  readonly #host: OpenThreadsHost;
  readonly #threads = new Map<string, OpenThread>();

  constructor(host: OpenThreadsHost) {
    this.#host = host;
    host.link.onLost(() => {
      for (const thread of [...this.#threads.values()]) thread.close();
    });
  }

  /** How many threads are open. */
  get size(): number {
    return this.#threads.size;
  }

  /** How many notifications the event logs of the open threads hold in all. */
  get loggedEvents(): number {
    let count = 0;
    for (const thread of this.#threads.values()) count += thread.log?.size ?? 0;
    return count;
  }

  /** The ids of the open threads (a reconnect resumes them). */
  ids(): string[] {
    return [...this.#threads.keys()];
  }

  /** The open thread `threadId`, opening it first if it is not. */
  open(threadId: string): OpenThread {
    let thread = this.#threads.get(threadId);
    if (thread === undefined || thread.closed) {
      thread = new OpenThread(threadId, this.#host, () => {
        if (this.#threads.get(threadId) === thread) this.#threads.delete(threadId);
      });
      this.#threads.set(threadId, thread);
    }
    return thread;
  }

  /** The open thread `threadId`, if it is open. */
  get(threadId: string): OpenThread | undefined {
    return this.#threads.get(threadId);
  }

  /** The client is closing: a turn the server starts from now on is interrupted at once. */
  beginClosing(): void {
    for (const thread of this.#threads.values()) thread.beginClosing();
  }
}

/** What the client keeps for one open thread. Internal: `Thread` is its public face. */
export class OpenThread {
  readonly id: string;
  readonly #host: OpenThreadsHost;
  readonly #forget: () => void;
  readonly #subscription: Subscription;
  readonly #log: EventLog | undefined;
  readonly #turnListeners: ListenerSet<TurnHandle>;
  readonly #goalListeners: ListenerSet<GoalChange>;
  readonly #turnStartWaiters = new Set<() => void>();
  /** The turn of each user message with a `clientId` seen live, the latest ones only (insertion order). */
  readonly #clientMessages = new Map<string, string>();
  #tools: ToolSet | undefined;
  /** The goal's status as last seen (`null`: no goal; `undefined`: not known). */
  #goalStatus: ThreadGoalStatus | null | undefined;
  /** An interrupted turn halts a goal's continuation until the goal is set again. */
  #goalHalted = false;
  #closing = false;
  #closed = false;

  constructor(id: string, host: OpenThreadsHost, forget: () => void) {
    this.id = id;
    this.#host = host;
    this.#forget = forget;
    this.#log = host.maxEventsPerThread === undefined ? undefined : new EventLog(host.maxEventsPerThread);
    this.#turnListeners = new ListenerSet(host.logger, "A turn listener");
    this.#goalListeners = new ListenerSet(host.logger, "A goal listener");
    this.#subscription = host.link.notifications.onThread(id, (n) => this.#onNotification(n));
  }

  /** True once closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The thread's event log, when the client keeps one. */
  get log(): EventLog | undefined {
    return this.#log;
  }

  /** The thread's tools, if this client runs any for it. */
  get tools(): ToolSet | undefined {
    return this.#tools;
  }

  /** Runs `tools` for the thread's tool calls from now on (replacing earlier ones). */
  setTools(tools: ToolSet): void {
    if (this.#closed) return;
    this.#tools = tools;
    const { link, logger, scopes } = this.#host;
    const onTurnEnd = (turnId: string, ended: () => void) =>
      link.notifications.onThread(this.id, (n) => {
        if (n.method === "turn/completed" && isPlainObject(n.params) && isPlainObject(n.params.turn) && n.params.turn.id === turnId) ended();
      });
    scopes.setTools(this.id, (params, context) => answerToolCall({ tools, onTurnEnd, logger }, params as DynamicToolCallParams, context));
  }

  /** Calls `listener` with the handle of every turn of the thread from now on. */
  onTurn(listener: (turn: TurnHandle) => void): Subscription {
    return this.#turnListeners.add(listener);
  }

  /** Calls `listener` on every change of the thread's goal from now on. */
  onGoal(listener: (change: GoalChange) => void): Subscription {
    return this.#goalListeners.add(listener);
  }

  /** Hands a turn started through `thread.turn()` to the turn listeners. */
  announceTurn(handle: TurnHandle<unknown>): void {
    this.#turnListeners.emit(handle as TurnHandle);
  }

  /** Records the goal as a client call returned it (`null`: there is none). */
  noteGoal(goal: ThreadGoal | null): void {
    this.#noteGoalStatus(goal?.status ?? null, null);
  }

  /**
   * The turn that a user message sent with `clientUserMessageId` went into, as seen on this
   * thread's live notifications since it was opened (the latest 256 ids), if it was seen.
   */
  turnOfClientMessage(clientUserMessageId: string): string | undefined {
    return this.#clientMessages.get(clientUserMessageId);
  }

  /** True when the goal is known to be active and the server has not been told to halt it: it will start another turn. */
  get expectsGoalTurn(): boolean {
    return this.#goalStatus === "active" && !this.#goalHalted;
  }

  /** Resolves when the server starts a turn on the thread, or after `ms` milliseconds. */
  nextTurnStart(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        timer.cancel();
        this.#turnStartWaiters.delete(done);
        resolve();
      };
      const timer = startTimer(ms, done);
      this.#turnStartWaiters.add(done);
    });
  }

  /** The thread is closing: a turn the server starts from now on is interrupted at once. */
  beginClosing(): void {
    this.#closing = true;
  }

  /** Releases everything kept for the thread: its subscription, tools and listeners; its event log ends. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#subscription.dispose();
    this.#host.scopes.setTools(this.id, undefined);
    this.#tools = undefined;
    this.#log?.close();
    this.#turnListeners.clear();
    this.#goalListeners.clear();
    for (const waiter of [...this.#turnStartWaiters]) waiter();
    this.#forget();
  }

  // The shapes are checked before use: a runtime that sends a malformed notification gets it ignored here.
  #onNotification(notification: ServerNotification): void {
    this.#log?.append(notification);
    const params: unknown = notification.params;
    if (!isPlainObject(params)) return;
    switch (notification.method) {
      case "turn/started":
        if (isPlainObject(params.turn) && typeof params.turn.id === "string") this.#onTurnStarted(notification);
        break;
      case "turn/completed":
        if (isPlainObject(params.turn) && params.turn.status === "interrupted") this.#goalHalted = true;
        break;
      case "item/started": {
        const { item, turnId } = params;
        if (isPlainObject(item) && item.type === "userMessage" && typeof item.clientId === "string" && typeof turnId === "string") {
          this.#rememberClientMessage(item.clientId, turnId);
        }
        break;
      }
      case "thread/goal/updated": {
        const { goal, turnId } = params;
        if (!isPlainObject(goal) || typeof goal.status !== "string") break;
        const change: GoalChange = { goal: goal as unknown as ThreadGoal, turnId: typeof turnId === "string" ? turnId : null };
        this.#noteGoalStatus(change.goal!.status, change.turnId);
        this.#goalListeners.emit(change);
        break;
      }
      case "thread/goal/cleared":
        this.#noteGoalStatus(null, null);
        this.#goalListeners.emit({ goal: null, turnId: null });
        break;
    }
  }

  #rememberClientMessage(clientId: string, turnId: string): void {
    this.#clientMessages.delete(clientId);
    this.#clientMessages.set(clientId, turnId);
    if (this.#clientMessages.size > CLIENT_MESSAGES_REMEMBERED) {
      this.#clientMessages.delete(this.#clientMessages.keys().next().value!);
    }
  }

  #noteGoalStatus(status: ThreadGoalStatus | null, turnId: string | null): void {
    // A client's (or a resume's) change to an active goal restarts its continuation.
    if (turnId === null) this.#goalHalted = false;
    this.#goalStatus = status;
  }

  /**
   * A turn started on the thread. When no turn of this client runs there, the server started it by
   * itself (a goal's continuation, say): follow it as the thread's running turn.
   */
  #onTurnStarted(started: TypedNotification<"turn/started">): void {
    for (const waiter of [...this.#turnStartWaiters]) waiter();
    const { link, logger, turns } = this.#host;
    if (turns.runningOn(this.id) !== undefined) return;
    const stream = new TurnStream(link, this.id, logger);
    if (!turns.adopt(stream)) return;
    stream.open();
    stream.adopt(started);
    const handle = turnHandleFor<never>(stream, link, started.params.turn.id, undefined);
    if (this.#closing) {
      void handle.interrupt().catch((error: unknown) =>
        logger.debug?.("Could not interrupt a turn the server started while its thread was closing.", { threadId: this.id, error }),
      );
    }
    this.#turnListeners.emit(handle);
  }
}
