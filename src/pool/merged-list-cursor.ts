import { isPlainObject } from "../internal/values.js";

/**
 * Where one member's listing stands: continue from the member's own `cursor` (`null`: from the
 * start), skipping the first `skip` threads of the page it gives (they were on an earlier merged
 * page); or `done` when the member has nothing more.
 */
export type MemberPosition = { readonly cursor: string | null; readonly skip: number } | "done";

/** The position of a member the cursor does not mention: its listing starts from the beginning. */
export const FROM_START: MemberPosition = { cursor: null, skip: 0 };

const VERSION = 1;

/**
 * Encodes every member's position as one opaque cursor string (base64url JSON). A member's own
 * cursor cannot say "the middle of my page", so a position is the cursor of the member's page and
 * how many of its threads were taken.
 */
export function encodeMergedCursor(positions: ReadonlyMap<string, MemberPosition>): string {
  const members: Record<string, [string | null, number] | 0> = {};
  for (const [name, position] of positions) members[name] = position === "done" ? 0 : [position.cursor, position.skip];
  return Buffer.from(JSON.stringify({ v: VERSION, m: members }), "utf8").toString("base64url");
}

/**
 * Decodes a cursor made by {@link encodeMergedCursor}. Throws a `TypeError` for anything else: a
 * cursor from one member's own `threadList()` is no cursor of the pool's.
 */
export function decodeMergedCursor(cursor: string): Map<string, MemberPosition> {
  const invalid = () =>
    new TypeError(
      'threadList() option "cursor" is not a cursor of this pool: pass the nextCursor of the pool\'s previous page ' +
        "(a member's own thread/list cursor cannot be used here).",
    );
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!isPlainObject(decoded) || decoded.v !== VERSION || !isPlainObject(decoded.m)) throw invalid();
  const positions = new Map<string, MemberPosition>();
  for (const [name, value] of Object.entries(decoded.m)) {
    if (value === 0) {
      positions.set(name, "done");
      continue;
    }
    if (!Array.isArray(value) || value.length !== 2) throw invalid();
    const [memberCursor, skip] = value as unknown[];
    if ((memberCursor !== null && typeof memberCursor !== "string") || !(Number.isInteger(skip) && (skip as number) >= 0)) throw invalid();
    positions.set(name, { cursor: memberCursor as string | null, skip: skip as number });
  }
  return positions;
}
