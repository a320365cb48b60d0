import { Codex, MEMBER_HOOKS, type MemberHooks } from "../client/codex.js";
import type { ConnectionChange } from "../client/connection-events.js";
import { checkCodexOptions } from "../client/option-checks.js";
import type { CodexOptions } from "../client/options.js";
import { copyWithMessage, TransportClosedError, type MemberFailure } from "../errors.js";
import type { Subscription } from "../internal/listeners.js";
import { startTimer, type Timer } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { PoolMemberChange, PoolMemberInfo } from "./member-info.js";
import type { PoolMemberState } from "./member-state.js";
import type { RejoinOptions } from "./pool-options.js";

/** What a member needs from its pool. */
export interface MemberSettings {
  readonly rejoin: Required<RejoinOptions>;
  readonly logger: Logger;
  /** Told of every change of the member's state. */
  readonly changed: (change: PoolMemberChange) => void;
}

/** Checks a member's client options; throws a `TypeError` that names the member. */
export function checkMemberOptions(name: string, options: CodexOptions): void {
  try {
    checkCodexOptions(options);
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`CodexPool member "${name}": ${error.message}`);
    throw error;
  }
}

/** How often a draining member looks whether its running turns have ended. */
const DRAIN_POLL_MS = 500;

/**
 * One member of a pool: its current `Codex` client and its health. It starts the client, follows
 * its connection (`up`, `reconnecting`, lost), and when the client fails to start or is lost it
 * makes a new client from the member's options and starts it, with exponential backoff and jitter,
 * until one is up or the member is closed. Internal: the pool's users see {@link PoolMemberInfo}.
 */
export class PoolMember {
  readonly name: string;
  readonly #settings: MemberSettings;
  readonly #hooks: MemberHooks;
  #options: CodexOptions;
  #codex: Codex;
  #watch: Subscription | undefined;
  #state: PoolMemberState = "idle";
  #lastError: Error | undefined;
  /** Thread starts placed on the member and not answered yet: they count as loaded threads. */
  #placing = 0;
  #firstStart: Promise<void> | undefined;
  /** Set when the client's connection drops while a start is completing. */
  #droppedWhileStarting: Error | undefined;
  #attempts = 0;
  #rejoinTimer: Timer | undefined;
  #drainTimer: Timer | undefined;
  #draining: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /** Makes the member's (lazy) client; invalid options throw a `TypeError` that names the member. */
  constructor(name: string, options: CodexOptions, settings: MemberSettings) {
    this.name = name;
    this.#settings = settings;
    this.#options = options;
    this.#hooks = { describeLoss: (error) => this.#describeLoss(error) };
    this.#codex = this.#newClient();
  }

  /** The member's current client. */
  get codex(): Codex {
    return this.#codex;
  }

  /** Where the member stands. */
  get state(): PoolMemberState {
    return this.#state;
  }

  /** True when new threads may be placed on it. */
  get placeable(): boolean {
    return this.#state === "up" && this.#closing === undefined;
  }

  /** A snapshot for `pool.members` and placement policies. */
  get info(): PoolMemberInfo {
    const stats = this.#codex.stats;
    return {
      name: this.name,
      state: this.#state,
      runningTurns: stats.runningTurns,
      loadedThreads: stats.threads + this.#placing,
      codex: this.#codex,
      lastError: this.#lastError,
    };
  }

  /** The member as a `NoHealthyMemberError` reports it. */
  get failure(): MemberFailure {
    const healthy = this.#state === "up" || this.#state === "idle" || this.#state === "starting";
    return { member: this.name, state: this.#state, error: healthy ? undefined : this.#lastError };
  }

  /** Counts a thread start placed on the member until `unplace()`. */
  place(): void {
    this.#placing++;
  }

  /** Ends what `place()` counted. */
  unplace(): void {
    this.#placing--;
  }

  /** New options from the member list (checked with {@link checkMemberOptions}); they are used from the member's next (re)start. */
  update(options: CodexOptions): void {
    this.#options = options;
  }

  /** Starts the member's client, once; resolves when it is up or has failed (it then rejoins in the background). */
  start(): Promise<void> {
    if (this.#state === "idle" && this.#closing === undefined) {
      this.#set("starting");
      this.#firstStart = this.#startClient(this.#codex);
    }
    return this.#firstStart ?? Promise.resolve();
  }

  /**
   * The client, for a call about one of the member's threads: waits for a start in progress;
   * rejects with `TransportClosedError` naming the member when it is down or closed (its threads
   * live in its `CODEX_HOME`, so no other member can take them).
   */
  async use(): Promise<Codex> {
    await this.start();
    const state = this.#state;
    if (state === "up" || state === "reconnecting" || (state === "draining" && this.#closing === undefined)) return this.#codex;
    throw this.#unusable();
  }

  /**
   * Takes no new threads from now on, and closes once the member's running turns have ended (it
   * left the member list). Resolves when it is closed.
   */
  drain(): Promise<void> {
    if (this.#draining !== undefined) return this.#draining;
    this.#rejoinTimer?.cancel();
    if (this.#state !== "up" && this.#state !== "reconnecting") return (this.#draining = this.close());
    this.#set("draining");
    this.#draining = new Promise<void>((resolve) => {
      const poll = () => {
        if (this.#closing !== undefined || this.#codex.stats.runningTurns === 0) resolve(this.close());
        else this.#drainTimer = startTimer(DRAIN_POLL_MS, poll);
      };
      poll();
    });
    return this.#draining;
  }

  /** Closes the client (interrupting its running turns) and stops restarting it. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#rejoinTimer?.cancel();
      this.#drainTimer?.cancel();
      try {
        await this.#codex.close();
      } catch (error) {
        this.#settings.logger.warn?.(`Pool member "${this.name}" did not close cleanly: ${errorMessage(error)}.`, { member: this.name, error });
      }
      this.#watch?.dispose();
      this.#set("closed");
    })();
    return this.#closing;
  }

  /** A lazy client from the member's current options, followed by the member. */
  #newClient(): Codex {
    checkMemberOptions(this.name, this.#options);
    const codex = new Codex({ ...this.#options, [MEMBER_HOOKS]: this.#hooks } as CodexOptions);
    this.#watch?.dispose();
    this.#watch = codex.onConnectionChange((change) => this.#onConnectionChange(codex, change));
    return codex;
  }

  async #startClient(codex: Codex): Promise<void> {
    this.#droppedWhileStarting = undefined;
    let failure: unknown;
    try {
      await codex.ready();
      failure = this.#droppedWhileStarting;
    } catch (error) {
      failure = error;
    }
    if (codex !== this.#codex || this.#closing !== undefined) return;
    if (failure !== undefined) {
      this.#lastError = failure instanceof Error ? failure : new Error(errorMessage(failure));
      this.#settings.logger.info?.(`Pool member "${this.name}" could not start: ${errorMessage(failure)}.`, { member: this.name });
      this.#set("down", this.#lastError);
      this.#scheduleRejoin();
      return;
    }
    this.#attempts = 0;
    this.#set("up");
  }

  #onConnectionChange(codex: Codex, change: ConnectionChange): void {
    if (codex !== this.#codex || this.#closing !== undefined) return;
    if (change.type === "disconnected") {
      if (this.#state === "starting" || this.#state === "down") {
        this.#droppedWhileStarting = change.reason;
        return;
      }
      this.#lastError = change.reason;
      if (this.#options.reconnect !== undefined) {
        if (this.#state !== "draining") this.#set("reconnecting", change.reason);
      } else {
        this.#lost(change.reason);
      }
    } else if (change.type === "reconnected") {
      if (this.#state === "reconnecting") this.#set("up");
    } else if (change.type === "gave-up") {
      this.#lastError = change.reason;
      this.#lost(change.reason);
    }
  }

  /** The client is gone for good: a draining member closes, any other is restarted. */
  #lost(reason: Error): void {
    if (this.#draining !== undefined) {
      void this.close();
      return;
    }
    this.#settings.logger.warn?.(`Pool member "${this.name}" went down: ${errorMessage(reason)}.`, { member: this.name });
    this.#set("down", reason);
    this.#scheduleRejoin();
  }

  #scheduleRejoin(): void {
    if (this.#closing !== undefined || this.#draining !== undefined) return;
    const { initialDelayMs, maxDelayMs } = this.#settings.rejoin;
    this.#attempts++;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (this.#attempts - 1));
    const delayMs = Math.round(base / 2 + Math.random() * (base / 2));
    // Unref'd, like the clients' own idle state: a pool left open does not keep the process alive for a member that is down.
    this.#rejoinTimer = startTimer(delayMs, () => this.#rejoin());
  }

  #rejoin(): void {
    if (this.#closing !== undefined || this.#draining !== undefined) return;
    const previous = this.#codex;
    let codex: Codex;
    try {
      codex = this.#newClient();
    } catch (error) {
      this.#lastError = error instanceof Error ? error : new Error(errorMessage(error));
      this.#scheduleRejoin();
      return;
    }
    this.#codex = codex;
    previous.close().catch(() => undefined);
    this.#settings.logger.debug?.(`Pool member "${this.name}": restart attempt ${this.#attempts}.`, { member: this.name });
    void this.#startClient(codex);
  }

  /** The error a lost client reports, naming the member (unless the pool itself closed it). */
  #describeLoss(error: TransportClosedError): TransportClosedError {
    if (this.#closing !== undefined) return error;
    return copyWithMessage(
      error,
      `Pool member "${this.name}" went down: ${errorMessage(error)}. The pool restarts it and places new threads on other members ` +
        "meanwhile; once it is up again, continue its threads with pool.threadResume().",
    );
  }

  #unusable(): TransportClosedError {
    if (this.#closing !== undefined || this.#state === "closed") {
      return new TransportClosedError(`Pool member "${this.name}" is closed (the pool was closed, or the member left it).`);
    }
    const why = this.#lastError === undefined ? "" : ` (${errorMessage(this.#lastError)})`;
    return new TransportClosedError(
      `Pool member "${this.name}" is down${why}. Its threads are stored in its CODEX_HOME, so they can continue only there; ` +
        "the pool restarts it: retry once it is up again (pool.onMemberChange() says when).",
    );
  }

  #set(state: PoolMemberState, error?: Error): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#settings.logger.info?.(`Pool member "${this.name}" is ${state} (was ${previous}).`, { member: this.name });
    this.#settings.changed(error === undefined ? { name: this.name, state, previous } : { name: this.name, state, previous, error });
  }
}
