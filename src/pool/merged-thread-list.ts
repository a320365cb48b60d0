import type { Thread as ProtocolThread, ThreadListResponse, ThreadSortKey, SortDirection } from "../../generated/protocol.js";
import type { MemberPosition } from "./merged-list-cursor.js";

/** Lists one page of a member's threads from its own cursor. */
export type PageFetch = (cursor: string | null, limit: number) => Promise<ThreadListResponse>;

/** One thread of a merged page, with the member it came from. */
export interface MergedEntry {
  readonly thread: ProtocolThread;
  readonly member: string;
}

/** A merged page: its threads in order, and the members that could not be read. */
export interface MergedPage {
  readonly entries: MergedEntry[];
  readonly unavailable: string[];
}

/**
 * Reads one member's threads in its own order, page after page, from a position; `position` says
 * where a next merged page must continue.
 */
export class MemberReader {
  readonly name: string;
  /** True once a fetch failed with an error that `isUnreachable` accepts; the reader then yields nothing more. */
  unavailable = false;
  readonly #fetch: PageFetch;
  #position: MemberPosition;
  #page: { readonly cursor: string | null; readonly threads: readonly ProtocolThread[]; readonly next: string | null } | undefined;
  #index = 0;

  constructor(name: string, position: MemberPosition, fetch: PageFetch) {
    this.name = name;
    this.#position = position;
    this.#fetch = fetch;
  }

  /** Where the member's listing stands after what was taken. */
  get position(): MemberPosition {
    const page = this.#page;
    if (page === undefined) return this.#position;
    if (this.#index < page.threads.length) return { cursor: page.cursor, skip: this.#index };
    return page.next === null ? "done" : { cursor: page.next, skip: 0 };
  }

  /**
   * The member's next thread, fetching a page when needed (`limit` threads past the position's
   * skip); `undefined` when the member has no more, or its page came back empty with a cursor (it
   * is then read again from that cursor on the next merged page, so a server that keeps answering
   * empty pages cannot stall a call).
   */
  async head(limit: number): Promise<ProtocolThread | undefined> {
    for (;;) {
      const page = this.#page;
      if (page !== undefined) {
        if (this.#index < page.threads.length) return page.threads[this.#index];
        if (page.next === null || page.threads.length === 0) return undefined;
      }
      const position = this.position;
      if (position === "done") return undefined;
      this.#position = position;
      this.#page = undefined;
      const response = await this.#fetch(position.cursor, limit + position.skip);
      const next = response.nextCursor ?? null;
      // A cursor that does not move would be read forever: the member is then done.
      this.#page = { cursor: position.cursor, threads: response.data, next: next === position.cursor ? null : next };
      this.#index = Math.min(position.skip, response.data.length);
    }
  }

  /** Consumes the head. */
  take(): void {
    this.#index++;
  }
}

/** The sort value of a thread for the server's sort keys (seconds); `section_position` has none comparable across members. */
function sortValue(thread: ProtocolThread, key: ThreadSortKey): number {
  switch (key) {
    case "updated_at":
      return thread.updatedAt;
    case "recency_at":
      return thread.recencyAt ?? thread.updatedAt;
    case "section_position":
      return 0;
    default:
      return thread.createdAt;
  }
}

/**
 * The order the server lists threads in, for merging members' pages: by the sort key (default
 * `created_at`), then by id (UUIDv7 ids order by creation), descending unless `asc`.
 */
export function threadOrder(sortKey: ThreadSortKey | null | undefined, direction: SortDirection | null | undefined): (a: ProtocolThread, b: ProtocolThread) => number {
  const key = sortKey ?? "created_at";
  const sign = direction === "asc" ? 1 : -1;
  return (a, b) => {
    const byValue = sortValue(a, key) - sortValue(b, key);
    if (byValue !== 0) return sign * byValue;
    return a.id === b.id ? 0 : sign * (a.id < b.id ? -1 : 1);
  };
}

/**
 * Merges the members' listings into one page of at most `limit` threads: a k-way merge of the
 * readers' heads in `order`. Each member's threads keep their own order, and every thread is taken
 * exactly once across pages, whatever the order does with ties. A reader whose fetch fails with an
 * error `isUnreachable` accepts is marked unavailable and skipped; any other error rejects.
 */
export async function mergeThreadPages(
  readers: readonly MemberReader[],
  limit: number,
  order: (a: ProtocolThread, b: ProtocolThread) => number,
  isUnreachable: (error: unknown) => boolean,
): Promise<MergedPage> {
  const read = async (reader: MemberReader): Promise<ProtocolThread | undefined> => {
    if (reader.unavailable) return undefined;
    try {
      return await reader.head(limit);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      reader.unavailable = true;
      return undefined;
    }
  };
  const heads = await Promise.all(readers.map(read));
  const entries: MergedEntry[] = [];
  while (entries.length < limit) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head !== undefined && (best < 0 || order(head, heads[best]!) < 0)) best = i;
    }
    if (best < 0) break;
    const reader = readers[best]!;
    entries.push({ thread: heads[best]!, member: reader.name });
    reader.take();
    heads[best] = await read(reader);
  }
  return { entries, unavailable: readers.filter((reader) => reader.unavailable).map((reader) => reader.name) };
}

