import type { ThreadStartOptions } from "../client/options.js";
import { describeValue } from "../internal/values.js";
import type { PoolMemberInfo } from "./member-info.js";
import type { PlacementPolicy } from "./pool-options.js";

/**
 * The default placement policy: the member with the fewest running turns, ties broken by the
 * fewest loaded threads, then by the order of the member list. Running turns are what load a
 * server; loaded threads break ties so that a burst of `threadStart()` calls (no turns yet)
 * spreads evenly, since a start counts on its member from the moment it is placed. The thread's
 * options play no part. Exported so a custom policy can fall back to it.
 */
export function fewestRunningTurns(members: readonly PoolMemberInfo[], options?: ThreadStartOptions): PoolMemberInfo {
  let best = members[0]!;
  for (let i = 1; i < members.length; i++) {
    const member = members[i]!;
    if (member.runningTurns < best.runningTurns || (member.runningTurns === best.runningTurns && member.loadedThreads < best.loadedThreads)) {
      best = member;
    }
  }
  return best;
}

/**
 * Runs `policy` over the candidates and returns the name of the member it chose. Throws a
 * `TypeError` when it returns anything but one of the candidates or a candidate's name.
 */
export function choose(policy: PlacementPolicy, candidates: readonly PoolMemberInfo[], options: ThreadStartOptions): string {
  const choice: unknown = policy(candidates, options);
  const name = typeof choice === "string" ? choice : (choice as { name?: unknown } | null)?.name;
  for (let i = 0; i < candidates.length; i++) if (candidates[i]!.name === name) return name as string;
  throw new TypeError(
    `The CodexPool place() policy must return one of the members it was given, or its name (${candidates.map((c) => JSON.stringify(c.name)).join(", ")}), ` +
      `got ${typeof choice === "string" ? JSON.stringify(choice) : describeValue(choice)}.`,
  );
}
