import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Thread as ProtocolThread, ThreadListResponse } from "../../../generated/protocol.js";
import { TransportClosedError } from "../../../src/errors.js";
import { decodeMergedCursor, encodeMergedCursor, FROM_START, type MemberPosition } from "../../../src/pool/merged-list-cursor.js";
import { MemberReader, mergeThreadPages, threadOrder } from "../../../src/pool/merged-thread-list.js";

// The merge of members' thread/list pages, against members that page the way app-server does: a
// cursor is "createdAt|id" of the last thread of the page, newest first, ties by id.

interface FakeMember {
  name: string;
  threads: ProtocolThread[];
  fetches: number;
  down: boolean;
}

function thread(createdAt: number, id: string): ProtocolThread {
  return { id, createdAt, updatedAt: createdAt } as ProtocolThread;
}

const newestFirst = threadOrder(undefined, undefined);

function member(name: string, stamps: readonly number[]): FakeMember {
  const threads = stamps.map((createdAt, i) => thread(createdAt, `${name}-${String(i).padStart(3, "0")}`)).sort(newestFirst);
  return { name, threads, fetches: 0, down: false };
}

/** thread/list of one fake member: the page after `cursor`, as app-server answers it. */
function listOf(fake: FakeMember) {
  return async (cursor: string | null, limit: number): Promise<ThreadListResponse> => {
    fake.fetches++;
    if (fake.down) throw new TransportClosedError("down");
    let start = 0;
    if (cursor !== null) {
      const [stamp, id] = cursor.split("|");
      const anchor = thread(Number(stamp), id!);
      start = fake.threads.findIndex((t) => newestFirst(t, anchor) > 0);
      if (start < 0) start = fake.threads.length;
    }
    const data = fake.threads.slice(start, start + Math.max(1, limit));
    const last = data.at(-1);
    const more = start + data.length < fake.threads.length;
    return { data, nextCursor: more && last ? `${last.createdAt}|${last.id}` : null };
  };
}

const isUnreachable = (error: unknown) => error instanceof TransportClosedError;

/** Lists every page through the merge, as the pool does, carrying positions in an encoded cursor. */
async function listAll(fakes: FakeMember[], limit: number): Promise<{ pages: ProtocolThread[][]; unavailable: string[][] }> {
  const pages: ProtocolThread[][] = [];
  const unavailable: string[][] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1_000; guard++) {
    const positions: Map<string, MemberPosition> = cursor === null ? new Map() : decodeMergedCursor(cursor);
    const readers = fakes
      .filter((fake) => positions.get(fake.name) !== "done")
      .map((fake) => new MemberReader(fake.name, positions.get(fake.name) ?? FROM_START, listOf(fake)));
    const page = await mergeThreadPages(readers, limit, newestFirst, isUnreachable);
    pages.push(page.entries.map((entry) => entry.thread));
    unavailable.push(page.unavailable);
    for (const reader of readers) positions.set(reader.name, reader.position);
    if (!readers.some((reader) => !reader.unavailable && reader.position !== "done")) return { pages, unavailable };
    cursor = encodeMergedCursor(positions);
  }
  throw new Error("the listing did not end");
}

describe("merged thread/list pages", () => {
  it("list every thread of every member exactly once, in order, in full pages", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: 1_000, max: 1_010 }), { maxLength: 25 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 9 }),
        async (stampsByMember, limit) => {
          const fakes = stampsByMember.map((stamps, i) => member(`m${i}`, stamps));
          const { pages } = await listAll(fakes, limit);
          const listed = pages.flat();
          const expected = fakes.flatMap((fake) => fake.threads).sort(newestFirst);
          expect(listed.map((t) => t.id)).toEqual(expected.map((t) => t.id));
          // Every page but the last is full; no page is empty unless there was nothing at all.
          pages.slice(0, -1).forEach((page) => expect(page).toHaveLength(limit));
          if (expected.length > 0) expect(pages.at(-1)!.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("skip a member that is down, name it, and pick it up where it was once it is back", async () => {
    const fakes = [member("a", [5, 4, 3, 2, 1]), member("b", [5, 4, 3, 2, 1])];
    const first = await mergeThreadPages(
      fakes.map((fake) => new MemberReader(fake.name, FROM_START, listOf(fake))),
      4,
      newestFirst,
      isUnreachable,
    );
    expect(first.entries.map((e) => e.thread.id)).toEqual(["b-000", "a-000", "b-001", "a-001"]);

    // b goes down: the next page has only a's threads, names b, and keeps b's place.
    const positions = new Map([
      ["a", { cursor: null, skip: 2 }],
      ["b", { cursor: null, skip: 2 }],
    ] as const);
    fakes[1]!.down = true;
    const readers = fakes.map((fake) => new MemberReader(fake.name, positions.get(fake.name as "a" | "b")!, listOf(fake)));
    const second = await mergeThreadPages(readers, 4, newestFirst, isUnreachable);
    expect(second.entries.map((e) => e.thread.id)).toEqual(["a-002", "a-003", "a-004"]);
    expect(second.unavailable).toEqual(["b"]);
    expect(readers[0]!.position).toBe("done");
    expect(readers[1]!.position).toEqual({ cursor: null, skip: 2 });

    fakes[1]!.down = false;
    const back = new MemberReader("b", readers[1]!.position, listOf(fakes[1]!));
    const third = await mergeThreadPages([back], 4, newestFirst, isUnreachable);
    expect(third.entries.map((e) => e.thread.id)).toEqual(["b-002", "b-003", "b-004"]);
    expect(back.position).toBe("done");
  });

  it("reject on an error that is an answer, not an unreachable member", async () => {
    const failing = new MemberReader("a", FROM_START, async () => {
      throw new TypeError("bad filter");
    });
    await expect(mergeThreadPages([failing], 3, newestFirst, isUnreachable)).rejects.toThrow("bad filter");
  });

  it("stop reading a member whose page comes back empty with a cursor, or whose cursor does not move", async () => {
    let calls = 0;
    const empty = new MemberReader("a", FROM_START, async () => {
      calls++;
      return { data: [], nextCursor: "again" };
    });
    expect((await mergeThreadPages([empty], 3, newestFirst, isUnreachable)).entries).toEqual([]);
    expect(calls).toBe(1);
    expect(empty.position).toEqual({ cursor: "again", skip: 0 });

    const stuck = new MemberReader("b", { cursor: "here", skip: 0 }, async () => ({ data: [thread(1, "b-0")], nextCursor: "here" }));
    expect((await mergeThreadPages([stuck], 3, newestFirst, isUnreachable)).entries).toHaveLength(1);
    expect(stuck.position).toBe("done");
  });

  it("order by the sort key and direction the server uses", () => {
    const older = { ...thread(1, "x"), updatedAt: 9, recencyAt: null };
    const newer = { ...thread(2, "y"), updatedAt: 3, recencyAt: 5 };
    expect([older, newer].sort(threadOrder("created_at", "desc")).map((t) => t.id)).toEqual(["y", "x"]);
    expect([older, newer].sort(threadOrder("created_at", "asc")).map((t) => t.id)).toEqual(["x", "y"]);
    expect([older, newer].sort(threadOrder("updated_at", null)).map((t) => t.id)).toEqual(["x", "y"]);
    expect([older, newer].sort(threadOrder("recency_at", null)).map((t) => t.id)).toEqual(["x", "y"]);
    expect([thread(1, "a"), thread(1, "b")].sort(newestFirst).map((t) => t.id)).toEqual(["b", "a"]);
  });
});

describe("the merged cursor", () => {
  it("round-trips every member's position", () => {
    const positions = new Map<string, MemberPosition>([
      ["ws://10.0.0.1:4500", { cursor: "2026-12-01T17:56:57Z|01a2", skip: 3 }],
      ["local", "done"],
      ["fresh", { cursor: null, skip: 0 }],
    ]);
    expect(decodeMergedCursor(encodeMergedCursor(positions))).toEqual(positions);
  });

  it("refuses what it did not make, such as a member's own cursor", () => {
    for (const cursor of ["2026-12-01T17:56:57Z|01a232c0", "", Buffer.from('{"v":2,"m":{}}').toString("base64url"), Buffer.from('{"v":1,"m":{"a":[1,2]}}').toString("base64url")]) {
      expect(() => decodeMergedCursor(cursor)).toThrow(TypeError);
      expect(() => decodeMergedCursor(cursor)).toThrow(/not a cursor of this pool/);
    }
  });
});
