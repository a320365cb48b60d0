import type { Codex } from "../client/codex.js";
import type { PoolMemberState } from "./member-state.js";

/** One member of a `CodexPool` as `pool.members` and a placement policy see it: a snapshot. */
export interface PoolMemberInfo {
  /** The member's name: its `name` option, or the one the pool gave it. */
  readonly name: string;
  /** Where it stands. */
  readonly state: PoolMemberState;
  /** Turns running on its threads through this pool's client. */
  readonly runningTurns: number;
  /** Threads its client holds (started, resumed or forked and not closed), plus thread starts placed on it and not yet answered. */
  readonly loadedThreads: number;
  /**
   * The member's own client, for calls that are not about one thread (`models()`, `account()`,
   * `request()`...). A member that was lost and restarted has a new client: read it again rather
   * than keeping it.
   */
  readonly codex: Codex;
  /** Why it last failed (to start, or its connection), or `undefined` when it never has. */
  readonly lastError: Error | undefined;
}

/** A change of one member's state, as `pool.onMemberChange()` reports it. */
export interface PoolMemberChange {
  /** The member's name. */
  readonly name: string;
  /** The state it is in now. */
  readonly state: PoolMemberState;
  /** The state it was in, or `undefined` when it has just joined the pool. */
  readonly previous: PoolMemberState | undefined;
  /** For `down` and `reconnecting`: what happened to it. */
  readonly error?: Error;
}
