import type { ThreadArchiveResponse, ThreadListResponse } from "../../generated/protocol.js";
import type { Codex } from "../client/codex.js";
import { checkThreadForkOptions, checkThreadId, checkThreadListOptions, checkThreadResumeOptions, checkThreadStartOptions } from "../client/option-checks.js";
import type { ThreadForkOptions, ThreadListOptions, ThreadResumeOptions, ThreadStartOptions } from "../client/options.js";
import type { Thread } from "../client/thread.js";
import {
  InvalidRequestError,
  NoHealthyMemberError,
  RequestTimeoutError,
  ServerBusyError,
  ThreadNotFoundError,
  TransportClosedError,
  type MemberFailure,
} from "../errors.js";
import { untilAborted } from "../internal/abort.js";
import { ListenerSet, type Subscription } from "../internal/listeners.js";
import { startTimer, type Timer } from "../internal/timers.js";
import { describeValue, errorMessage } from "../internal/values.js";
import { chooseLogger } from "../log-level.js";
import type { Logger } from "../logger.js";
import type { RequestOptions } from "../rpc/connection.js";
import type { PoolMemberChange, PoolMemberInfo } from "./member-info.js";
import { decodeMergedCursor, encodeMergedCursor, FROM_START, type MemberPosition } from "./merged-list-cursor.js";
import { MemberReader, mergeThreadPages, threadOrder } from "./merged-thread-list.js";
import { OwnerCache } from "./owner-cache.js";
import { choose, fewestRunningTurns } from "./placement.js";
import { checkMemberOptions, PoolMember } from "./pool-member.js";
import {
  checkPoolOptions,
  nameMembers,
  type CodexPoolOptions,
  type NamedMember,
  type PlacementPolicy,
  type PoolMemberOptions,
  type RejoinOptions,
  type ThreadLocator,
} from "./pool-options.js";

/** The page size of `threadList()` when no `limit` is given. */
const DEFAULT_PAGE_SIZE = 25;
/** How many thread owners the pool remembers (the most recently used). */
const OWNER_CACHE_CAPACITY = 100_000;
const DEFAULT_REJOIN: Required<RejoinOptions> = { initialDelayMs: 500, maxDelayMs: 30_000 };
const DEFAULT_REFRESH_INTERVAL_MS = 30_000;

/** One page of `CodexPool.threadList()`: the members' threads merged in the order the sort asks for. */
export interface PoolThreadListPage {
  /** The threads of this page (the protocol's thread objects, as `thread/list` has them), from every member that answered. */
  readonly data: ThreadListResponse["data"];
  /** Pass it as `cursor` for the next page; `null` when no member that answered has more. */
  readonly nextCursor: string | null;
  /**
   * Members that were skipped because they are not up (or did not answer): the listing lacks their
   * threads. The cursor keeps their place, so a later page picks them up where they were.
   */
  readonly unavailable: string[];
}

/** Errors that mean a member could not be asked (as opposed to an answer). */
function isUnreachable(error: unknown): boolean {
  return error instanceof TransportClosedError || error instanceof RequestTimeoutError || error instanceof ServerBusyError;
}

/**
 * A client of many app-servers: one object to call, with each new thread placed on a member (the
 * least busy by default) and every later call for a thread routed to the member that holds it (a
 * thread's state lives in that server's `CODEX_HOME`, so it can continue nowhere else).
 *
 * `CodexPool.start({ members })` starts every member eagerly; `new CodexPool({ members })` starts
 * them on the first awaited call (or `ready()`). Members start in parallel. A member that fails to
 * start, or is lost later, is marked `down` and restarted with backoff (`rejoin`); its running
 * turns reject with a `TransportClosedError` that names it, and new threads go to the other
 * members meanwhile. A remote member with `reconnect` set is `reconnecting` while its client
 * reconnects (its turns carry on if the server still runs them). `close()` closes every member.
 *
 * The `Thread` objects it returns are those of the member's own client: a thread of a member that
 * was lost and restarted is continued with `pool.threadResume(id)`, which routes to the restarted
 * member.
 *
 * @example
 * await using pool = await CodexPool.start({
 *   members: [{ name: "local-1" }, { name: "local-2" }, { name: "remote", transport: { kind: "websocket", url, token } }],
 * });
 * const thread = await pool.threadStart();
 * await thread.run("Summarize this repository");
 * const again = await pool.threadResume(thread.id); // routed to the member that holds it
 */
export class CodexPool implements AsyncDisposable {
  readonly #logger: Logger;
  readonly #source: (() => readonly PoolMemberOptions[] | Promise<readonly PoolMemberOptions[]>) | undefined;
  readonly #place: PlacementPolicy;
  readonly #locate: ThreadLocator | undefined;
  readonly #rejoin: Required<RejoinOptions>;
  readonly #refreshIntervalMs: number;
  readonly #members = new Map<string, PoolMember>();
  readonly #owners = new OwnerCache(OWNER_CACHE_CAPACITY);
  /** Lookups of unknown threads in progress, so concurrent calls for one thread ask the members once. */
  readonly #finding = new Map<string, Promise<PoolMember>>();
  readonly #changes: ListenerSet<PoolMemberChange>;
  #starting: Promise<void> | undefined;
  /** True once the first start has completed (and until close): calls then skip waiting for it. */
  #started = false;
  #refreshing: Promise<void> | undefined;
  #refreshTimer: Timer | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Creates a lazy pool: no member starts until the first awaited call or `ready()`. Invalid
   * options, a member's invalid client options included, throw a `TypeError` here (a `members`
   * function's list is checked when it is read).
   */
  constructor(options: CodexPoolOptions) {
    const checked = checkPoolOptions(options);
    this.#logger = chooseLogger(checked);
    this.#changes = new ListenerSet(this.#logger, "A member-change listener");
    this.#place = checked.place ?? fewestRunningTurns;
    this.#locate = checked.locate;
    this.#rejoin = {
      initialDelayMs: checked.rejoin?.initialDelayMs ?? DEFAULT_REJOIN.initialDelayMs,
      maxDelayMs: checked.rejoin?.maxDelayMs ?? DEFAULT_REJOIN.maxDelayMs,
    };
    this.#refreshIntervalMs = checked.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    const { members } = checked;
    if (typeof members === "function") {
      this.#source = members;
    } else {
      this.#apply(nameMembers(members, 'CodexPool option "members"'));
    }
  }

  /**
   * Starts a pool eagerly: reads the members (calling a `members` function), starts them all in
   * parallel and resolves once each has started or failed, if at least one is up. Members that
   * failed go on restarting in the background. Rejects with `NoHealthyMemberError`, naming every
   * member's failure, when none came up (the pool is then closed).
   */
  static async start(options: CodexPoolOptions): Promise<CodexPool> {
    const pool = new CodexPool(options);
    try {
      await pool.ready();
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /**
   * Starts the pool if it has not started (concurrent calls share one start) and resolves once
   * every member has started or failed. Rejects with `NoHealthyMemberError` when no member is up;
   * a lazy pool stays usable (its members go on restarting), so a later call may succeed.
   */
  async ready(): Promise<this> {
    await this.#ensureStarted();
    if (![...this.#members.values()].some((member) => member.placeable)) throw this.#noHealthyMember(undefined);
    return this;
  }

  /** A snapshot of every member: name, state, running turns, loaded threads, its own client and last failure. */
  get members(): readonly PoolMemberInfo[] {
    return [...this.#members.values()].map((member) => member.info);
  }

  /** Listens to the members' state changes (and to members joining through a refresh). Returns a subscription that removes the listener. */
  onMemberChange(listener: (change: PoolMemberChange) => void): Subscription {
    if (typeof listener !== "function") throw new TypeError("onMemberChange() needs a listener function.");
    return this.#changes.add(listener);
  }

  /**
   * Re-reads a `members` function now: members new to the list join (and start, once the pool
   * has), members that left it drain (no new threads; closed once their running turns end), and
   * members still listed use their new options from their next restart. Concurrent calls share
   * one read. Resolves at once for a list given as an array. Rejects with what the function threw,
   * or a `TypeError` for an invalid list (the members then stay as they were).
   */
  refresh(): Promise<void> {
    if (this.#closing) return Promise.reject(closedPool());
    if (this.#source === undefined) return Promise.resolve();
    this.#refreshing ??= this.#reload(this.#source).finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * Starts a thread on the member the placement policy picks among those that are up, and returns
   * the `Thread` of that member's client. When the chosen member turns out to be down or
   * overloaded (`TransportClosedError`, `ServerBusyError`), the start goes to another member.
   * Rejects with `NoHealthyMemberError` when no member is up. Options are checked first
   * (`TypeError`, nothing sent).
   */
  async threadStart(options: ThreadStartOptions = {}, call?: RequestOptions): Promise<Thread> {
    checkThreadStartOptions(options);
    if (!this.#started) await this.#ensureStarted(call?.signal);
    let failed: Map<string, Error> | undefined;
    for (;;) {
      const member = this.#chooseMember(options, failed);
      member.place();
      try {
        const thread = await member.codex.threadStart(options, call);
        this.#owners.set(thread.id, member.name);
        return thread;
      } catch (error) {
        if (!isUnreachable(error) || error instanceof RequestTimeoutError || call?.signal?.aborted) throw error;
        this.#logger.info?.(`Pool member "${member.name}" could not start a thread (${errorMessage(error)}); trying another member.`);
        (failed ??= new Map()).set(member.name, error as Error);
      } finally {
        member.unplace();
      }
    }
  }

  /**
   * Resumes a stored thread (`thread/resume`) on the member that holds it: the one the pool saw
   * it on, else the one `locate(threadId)` names, else the one that answers `thread/read` for it
   * (each member is asked; the answer is remembered). Rejects with `ThreadNotFoundError` when no
   * member has it, and with `TransportClosedError` naming the member when that member is down.
   */
  async threadResume(threadId: string, options: ThreadResumeOptions = {}, call?: RequestOptions): Promise<Thread> {
    checkThreadId("threadResume()", threadId);
    checkThreadResumeOptions(options);
    const codex = await this.#ownerClient(threadId, call);
    return codex.threadResume(threadId, options, call);
  }

  /** Forks a thread (`thread/fork`) on the member that holds it; the fork lives there too. Routed as `threadResume()`. */
  async threadFork(threadId: string, options: ThreadForkOptions = {}, call?: RequestOptions): Promise<Thread> {
    checkThreadId("threadFork()", threadId);
    checkThreadForkOptions(options);
    const member = await this.#owner(threadId, call);
    const thread = await (await member.use()).threadFork(threadId, options, call);
    this.#owners.set(thread.id, member.name);
    return thread;
  }

  /** Archives a stored thread (`thread/archive`) on the member that holds it. Routed as `threadResume()`. */
  async threadArchive(threadId: string, call?: RequestOptions): Promise<ThreadArchiveResponse> {
    checkThreadId("threadArchive()", threadId);
    return (await this.#ownerClient(threadId, call)).threadArchive(threadId, call);
  }

  /** Restores an archived thread (`thread/unarchive`, then `thread/resume`) on the member that holds it. Routed as `threadResume()`. */
  async threadUnarchive(threadId: string, call?: RequestOptions): Promise<Thread> {
    checkThreadId("threadUnarchive()", threadId);
    return (await this.#ownerClient(threadId, call)).threadUnarchive(threadId, call);
  }

  /** The member that holds a thread, found as `threadResume()` finds it. */
  async memberOf(threadId: string, call?: RequestOptions): Promise<PoolMemberInfo> {
    checkThreadId("memberOf()", threadId);
    return (await this.#owner(threadId, call)).info;
  }

  /**
   * Lists stored threads across the members (`thread/list` on each): one page of at most `limit`
   * threads (default 25) in the order the sort asks for (`sortKey`, default `created_at`;
   * `sortDirection`, default newest first), each member's threads in that member's own order. Pass
   * the page's `nextCursor` as `cursor` for the next page, with the same filters: across pages
   * every thread comes exactly once. Members that are not up are skipped and named in
   * `unavailable`. The cursor is the pool's own (it holds every member's place) and works with this
   * pool's members only; reverse paging (`backwardsCursor`) is not offered.
   */
  async threadList(options: ThreadListOptions = {}, call?: RequestOptions): Promise<PoolThreadListPage> {
    const { cursor, limit, ...filters } = checkThreadListOptions(options);
    const positions = cursor === undefined || cursor === null ? new Map<string, MemberPosition>() : decodeMergedCursor(cursor);
    if (!this.#started) await this.#ensureStarted(call?.signal);
    const pageSize = Math.max(1, limit ?? DEFAULT_PAGE_SIZE);
    const readers: MemberReader[] = [];
    const unavailable: string[] = [];
    const next = new Map<string, MemberPosition>();
    for (const member of this.#members.values()) {
      const position = positions.get(member.name) ?? FROM_START;
      positions.delete(member.name);
      if (position === "done") {
        next.set(member.name, position);
      } else if (member.state === "up" || member.state === "draining") {
        const { codex } = member;
        readers.push(new MemberReader(member.name, position, (at, size) => codex.threadList({ ...filters, cursor: at, limit: size }, call)));
      } else {
        unavailable.push(member.name);
        next.set(member.name, position);
      }
    }
    // Members that left the pool since the cursor was made: what they had left cannot be listed.
    for (const [name, position] of positions) {
      if (position === "done") continue;
      unavailable.push(name);
      next.set(name, position);
    }
    const page = await mergeThreadPages(readers, pageSize, threadOrder(filters.sortKey, filters.sortDirection), isUnreachable);
    for (const reader of readers) next.set(reader.name, reader.position);
    for (const entry of page.entries) this.#owners.set(entry.thread.id, entry.member);
    const more = readers.some((reader) => !reader.unavailable && reader.position !== "done");
    return {
      data: page.entries.map((entry) => entry.thread),
      nextCursor: more ? encodeMergedCursor(next) : null,
      unavailable: [...unavailable, ...page.unavailable],
    };
  }

  /**
   * Closes every member (interrupting running turns; for stdio members, ending their processes)
   * and stops restarting and refreshing. Safe to call more than once; later calls on the pool
   * reject with `TransportClosedError`.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#started = false;
      this.#refreshTimer?.cancel();
      await Promise.all([...this.#members.values()].map((member) => member.close()));
    })();
    return this.#closing;
  }

  /** Same as `close()`, for `await using pool = ...`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #ensureStarted(signal?: AbortSignal): Promise<void> {
    if (this.#closing) return Promise.reject(closedPool());
    this.#starting ??= this.#start().catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return untilAborted(this.#starting, signal);
  }

  async #start(): Promise<void> {
    if (this.#source !== undefined) {
      try {
        await this.refresh();
      } catch (error) {
        if (error instanceof TypeError) throw error;
        throw new NoHealthyMemberError(
          `The CodexPool members() function failed, so the pool has no members: ${errorMessage(error)}. Fix it, then call again.`,
          { members: [], cause: error },
        );
      }
      this.#scheduleRefresh();
    }
    if (this.#closing) throw closedPool();
    await Promise.all([...this.#members.values()].map((member) => member.start()));
    this.#started = this.#closing === undefined;
  }

  #scheduleRefresh(): void {
    if (this.#closing || this.#source === undefined) return;
    this.#refreshTimer = startTimer(this.#refreshIntervalMs, () => {
      this.refresh().then(
        () => this.#scheduleRefresh(),
        (error: unknown) => {
          this.#logger.warn?.(`Re-reading the pool's members failed; they stay as they were: ${errorMessage(error)}.`, { error });
          this.#scheduleRefresh();
        },
      );
    });
  }

  async #reload(source: () => readonly PoolMemberOptions[] | Promise<readonly PoolMemberOptions[]>): Promise<void> {
    const list = await source();
    if (this.#closing) return;
    this.#apply(nameMembers(list, "The list members() returned"));
  }

  /** Makes the pool's members those of `listed`: checks everything first, so an invalid list changes nothing. */
  #apply(listed: readonly NamedMember[]): void {
    const joining: PoolMember[] = [];
    for (const { name, options } of listed) {
      if (this.#members.has(name)) checkMemberOptions(name, options);
      else joining.push(new PoolMember(name, options, { rejoin: this.#rejoin, logger: this.#logger, changed: (change) => this.#changes.emit(change) }));
    }
    for (const { name, options } of listed) this.#members.get(name)?.update(options);
    const names = new Set(listed.map(({ name }) => name));
    for (const member of this.#members.values()) {
      if (names.has(member.name) || member.state === "draining") continue;
      void member.drain().then(() => {
        if (this.#members.get(member.name) === member) this.#members.delete(member.name);
      });
    }
    for (const member of joining) {
      this.#members.set(member.name, member);
      this.#changes.emit({ name: member.name, state: member.state, previous: undefined });
      if (this.#starting !== undefined) void member.start();
    }
  }

  #chooseMember(options: ThreadStartOptions, failed: ReadonlyMap<string, Error> | undefined): PoolMember {
    const candidates: PoolMemberInfo[] = [];
    for (const member of this.#members.values()) {
      if (member.placeable && failed?.has(member.name) !== true) candidates.push(member.info);
    }
    if (candidates.length === 0) throw this.#noHealthyMember(failed);
    return this.#members.get(choose(this.#place, candidates, options))!;
  }

  #noHealthyMember(failed: ReadonlyMap<string, Error> | undefined): NoHealthyMemberError {
    const members: MemberFailure[] = [...this.#members.values()].map((member) => {
      const error = failed?.get(member.name);
      return error === undefined ? member.failure : { ...member.failure, error };
    });
    return new NoHealthyMemberError(undefined, { members });
  }

  async #ownerClient(threadId: string, call: RequestOptions | undefined): Promise<Codex> {
    const member = await this.#owner(threadId, call);
    return member.state === "up" ? member.codex : member.use();
  }

  /** The member that holds `threadId`: remembered, located, or found by asking every member. */
  async #owner(threadId: string, call: RequestOptions | undefined): Promise<PoolMember> {
    if (!this.#started) await this.#ensureStarted(call?.signal);
    const known = this.#owners.get(threadId);
    if (known !== undefined) {
      const member = this.#members.get(known);
      if (member !== undefined && member.state !== "closed") return member;
      this.#owners.delete(threadId);
    }
    let finding = this.#finding.get(threadId);
    if (finding === undefined) {
      finding = this.#find(threadId, call?.timeoutMs).finally(() => this.#finding.delete(threadId));
      this.#finding.set(threadId, finding);
    }
    return untilAborted(finding, call?.signal);
  }

  async #find(threadId: string, timeoutMs: number | undefined): Promise<PoolMember> {
    const located = await this.#located(threadId);
    if (located !== undefined) return located;
    const members = [...this.#members.values()].filter((member) => member.state !== "closed");
    const answers = await Promise.all(
      members.map(async (member): Promise<"found" | "absent" | "unavailable"> => {
        if (member.state !== "up" && member.state !== "reconnecting" && member.state !== "draining") return "unavailable";
        try {
          await member.codex.request("thread/read", { threadId }, timeoutMs === undefined ? undefined : { timeoutMs });
          return "found";
        } catch (error) {
          if (error instanceof InvalidRequestError) return "absent";
          this.#logger.info?.(`Pool member "${member.name}" could not be asked for thread ${threadId}: ${errorMessage(error)}.`);
          return "unavailable";
        }
      }),
    );
    const found = members[answers.indexOf("found")];
    if (found !== undefined) {
      this.#owners.set(threadId, found.name);
      return found;
    }
    throw new ThreadNotFoundError(undefined, { threadId, unavailable: members.filter((_, i) => answers[i] === "unavailable").map((m) => m.name) });
  }

  /** The member `locate()` names for a thread, or `undefined` when there is no `locate` or it does not know. */
  async #located(threadId: string): Promise<PoolMember | undefined> {
    if (this.#locate === undefined) return undefined;
    const name: unknown = await this.#locate(threadId);
    if (name === undefined || name === null) return undefined;
    if (typeof name !== "string") {
      throw new TypeError(`The CodexPool locate() function must return a member name, undefined or null, got ${describeValue(name)}.`);
    }
    let member = this.#members.get(name);
    if (member === undefined && this.#source !== undefined) {
      await this.refresh().catch(() => undefined);
      member = this.#members.get(name);
    }
    if (member === undefined || member.state === "closed") {
      throw new ThreadNotFoundError(
        `locate() places thread ${threadId} on "${name}", which is not a member of the pool (its members: ` +
          `${[...this.#members.keys()].map((m) => `"${m}"`).join(", ")}). Check what locate() returns, or the member list.`,
        { threadId, unavailable: [name] },
      );
    }
    this.#owners.set(threadId, name);
    return member;
  }
}

function closedPool(): TransportClosedError {
  return new TransportClosedError("This CodexPool is closed. Create a new pool to continue.");
}
