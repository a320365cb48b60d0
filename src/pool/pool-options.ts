import type { CodexOptions, ThreadStartOptions } from "../client/options.js";
import { checkOptions, func, logger, nonEmptyString, nonNegativeMs, oneOf, positiveMs, shape, type Check } from "../client/option-checks.js";
import { describeValue, isPlainObject } from "../internal/values.js";
import { LOG_LEVELS, type LogLevel } from "../log-level.js";
import type { Logger } from "../logger.js";
import type { PoolMemberInfo } from "./member-info.js";

/**
 * One member of a `CodexPool`: the options of its `Codex` client (any transport kind: stdio
 * children for local fan-out, `websocket` or `unix` for servers elsewhere) and an optional name.
 *
 * Without a name, a WebSocket member is called by its URL, a unix-socket member `unix:<path>`, and
 * any other `member-<index>` (its place in the list). Give names when a discovered list can change
 * order: a member is the same member across refreshes exactly when its name is the same.
 */
export type PoolMemberOptions = CodexOptions & {
  /** How the pool, its errors and its events call this member. Unique in the pool. */
  name?: string;
};

/** The member list, or a function that returns the current one (service discovery). */
export type PoolMembers = readonly PoolMemberOptions[] | (() => readonly PoolMemberOptions[] | Promise<readonly PoolMemberOptions[]>);

/**
 * Chooses the member a new thread goes to, from the members that are up (never an empty list),
 * given the `threadStart()` options. Returns one of them, or its name. It is called synchronously
 * at placement, so the counts it sees are the ones the choice acts on.
 */
export type PlacementPolicy = (members: readonly PoolMemberInfo[], options: ThreadStartOptions) => PoolMemberInfo | string;

/**
 * Says which member holds a thread the pool has not seen (e.g. from your own database, after the
 * service restarted): its name, or `undefined` (or `null`) when it does not know, and the pool then
 * asks the members.
 */
export type ThreadLocator = (threadId: string) => string | undefined | null | Promise<string | undefined | null>;

/** How the pool restarts a member that is down: exponential backoff with jitter, without end. */
export interface RejoinOptions {
  /** The delay before the first attempt, in milliseconds; it doubles after each failed attempt. Default 500. */
  initialDelayMs?: number;
  /** The longest delay between attempts, in milliseconds. Default 30,000. */
  maxDelayMs?: number;
}

/** Options of `CodexPool.start()` and `new CodexPool()`. */
export interface CodexPoolOptions {
  /**
   * The members: a list of `Codex` options with optional names, or a function returning the
   * current list, re-read every `refreshIntervalMs` and on `pool.refresh()`.
   */
  members: PoolMembers;
  /** Where new threads go. Default {@link fewestRunningTurns}: fewest running turns, ties by fewest loaded threads. */
  place?: PlacementPolicy;
  /** Finds the member of a thread the pool has not seen; without it (or when it does not know) the pool asks each member. */
  locate?: ThreadLocator;
  /** With a `members` function: how often to re-read it, in milliseconds. Default 30,000; `Infinity` re-reads only on `refresh()`. */
  refreshIntervalMs?: number;
  /** How members that are down are restarted. */
  rejoin?: RejoinOptions;
  /**
   * Receives the pool's diagnostics (member changes, refresh failures); the members' own clients
   * take their own `logger`. Default: none, unless `logLevel` or `CODEX_SDK_LOG` turns the built-in
   * console logger on, as for `Codex`.
   */
  logger?: Logger;
  /** The level of the built-in console logger for the pool's diagnostics, when no `logger` is given. */
  logLevel?: LogLevel;
}

const POOL_CHECKS = {
  members: () => undefined, // checked on its own below
  place: func,
  locate: func,
  refreshIntervalMs: positiveMs,
  rejoin: shape({ initialDelayMs: nonNegativeMs, maxDelayMs: nonNegativeMs }),
  logger,
  logLevel: oneOf(LOG_LEVELS),
} satisfies { [K in keyof CodexPoolOptions]-?: Check };

/** Checks `CodexPoolOptions`; throws a `TypeError` naming the option. The members' own options are checked by their clients. */
export function checkPoolOptions(options: unknown): CodexPoolOptions {
  if (!isPlainObject(options)) throw new TypeError(`CodexPool options must be an object with members, got ${describeValue(options)}.`);
  const checked = checkOptions("CodexPool", options, POOL_CHECKS) as unknown as CodexPoolOptions;
  const { members } = checked;
  if (typeof members === "function") return checked;
  if (!Array.isArray(members)) {
    throw new TypeError(`CodexPool option "members" must be an array of member options or a function returning one, got ${describeValue(members)}.`);
  }
  if (members.length === 0) throw new TypeError('CodexPool option "members" is empty; a pool needs at least one member.');
  if (checked.refreshIntervalMs !== undefined) {
    throw new TypeError('CodexPool option "refreshIntervalMs" needs members given as a function; a list of members is never re-read.');
  }
  return checked;
}

/** A member's options, checked, with its name settled and the name removed from the client options. */
export interface NamedMember {
  readonly name: string;
  readonly options: CodexOptions;
}

/**
 * Checks a member list (given, or returned by the members function) and names every member.
 * Throws a `TypeError` for an entry that is not an object, a bad or duplicate name, and a ready
 * `Transport` object (the pool must be able to open a new connection when the member rejoins).
 */
export function nameMembers(list: unknown, where: string): NamedMember[] {
  if (!Array.isArray(list)) throw new TypeError(`${where} must be an array of member options, got ${describeValue(list)}.`);
  const named: NamedMember[] = [];
  const seen = new Set<string>();
  list.forEach((entry: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isPlainObject(entry)) throw new TypeError(`${at} must be an object of Codex options, got ${describeValue(entry)}.`);
    const { name, ...options } = entry as PoolMemberOptions;
    if (name !== undefined) nonEmptyString(name, `${at} option "name"`);
    const transport = options.transport;
    if (isPlainObject(transport) && "attach" in transport) {
      throw new TypeError(
        `${at} option "transport" must be transport options ({ kind: ... }), not a Transport object: the pool opens a new ` +
          "connection whenever the member rejoins, and a Transport object serves one connection only.",
      );
    }
    const settled = name ?? defaultName(options, index);
    if (seen.has(settled)) {
      throw new TypeError(`${at} is called "${settled}" like an earlier member; give every member a unique "name".`);
    }
    seen.add(settled);
    named.push({ name: settled, options });
  });
  return named;
}

function defaultName(options: CodexOptions, index: number): string {
  const transport = options.transport as { kind?: unknown; url?: unknown; path?: unknown } | undefined;
  if (transport?.kind === "websocket" && typeof transport.url === "string") return transport.url;
  if (transport?.kind === "unix" && typeof transport.path === "string") return `unix:${transport.path}`;
  return `member-${index}`;
}
