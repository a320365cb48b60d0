import { describe, expect, it } from "vitest";
import { ThreadSearch, type ThreadSearchBatch } from "../../../src/client/thread-search.js";
import { InvalidRequestError } from "../../../src/errors.js";
import type { Logger } from "../../../src/logger.js";
import { Connection } from "../../../src/rpc/connection.js";
import { FakePeer } from "./fake-peer.js";

const row = (id: string) => ({ thread: { id }, snippet: `about ${id}` });

async function setup(options: { maxInFlight?: number } = {}) {
  const peer = new FakePeer();
  const connection = await Connection.open(peer.transport, { requestTimeoutMs: 5_000, ...options });
  const debug: string[] = [];
  const logger: Logger = { debug: (message) => debug.push(message) };
  const search = (params = { searchTerm: "kiwi" }, call?: { signal?: AbortSignal }) =>
    new ThreadSearch(async () => connection, params, call, logger);
  return { peer, connection, search, debug };
}

describe("ThreadSearch", () => {
  it("yields the partials of its own request, then the final page, and ends", async () => {
    const { peer, search } = await setup();
    const request = peer.waitForRequest("thread/search/stream");
    const batches: ThreadSearchBatch[] = [];
    const reading = (async () => {
      for await (const batch of search()) batches.push(batch);
    })();
    const sent = await request;
    expect(sent.params).toEqual({ searchTerm: "kiwi" });
    peer.notify("thread/search/partial", { requestId: sent.id, data: [row("a")] });
    peer.notify("thread/search/partial", { requestId: 999, data: [row("someone else's")] });
    peer.notify("thread/search/partial", { requestId: sent.id, data: [row("b")] });
    peer.respond(sent.id, { data: [row("b"), row("a")], nextCursor: "next", backwardsCursor: "back" });
    await reading;
    expect(batches).toEqual([
      { final: false, data: [row("a")] },
      { final: false, data: [row("b")] },
      { final: true, data: [row("b"), row("a")], nextCursor: "next", backwardsCursor: "back" },
    ]);
    expect(peer.requests("thread/search/stream/cancel")).toEqual([]);
  });

  it("sends nothing until the first read, and fills in null cursors", async () => {
    const { peer, search } = await setup();
    const iterator = search();
    await new Promise((resolve) => setImmediate(resolve));
    expect(peer.sent).toEqual([]);
    peer.responders.set("thread/search/stream", () => ({ data: [] }));
    await expect(iterator.next()).resolves.toEqual({ value: { final: true, data: [], nextCursor: null, backwardsCursor: null }, done: false });
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("cancels the search on the server by its request id when the loop ends early, and ends quietly", async () => {
    const { peer, search, debug } = await setup();
    const request = peer.waitForRequest("thread/search/stream");
    const iterator = search();
    const first = iterator.next();
    const sent = await request;
    peer.notify("thread/search/partial", { requestId: sent.id, data: [row("a")] });
    await expect(first).resolves.toMatchObject({ value: { final: false } });
    const cancel = peer.waitForRequest("thread/search/stream/cancel");
    const ending = iterator.return!();
    const cancelSent = await cancel;
    expect(cancelSent.params).toEqual({ requestId: sent.id });
    peer.respond(cancelSent.id, {});
    peer.fail(sent.id, -32600, "thread search cancelled");
    await expect(ending).resolves.toEqual({ value: undefined, done: true });
    expect(debug).toContain("A thread search ended by its cancel.");
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("gives a search still waiting for a slot up without sending it", async () => {
    const { peer, connection, search } = await setup({ maxInFlight: 1 });
    const blocker = connection.request("account/logout");
    const iterator = search();
    const first = iterator.next();
    await new Promise((resolve) => setImmediate(resolve));
    await iterator.return!();
    await expect(first).resolves.toEqual({ value: undefined, done: true });
    const blockerSent = await peer.nextRequest("account/logout");
    peer.respond(blockerSent.id, {});
    await blocker;
    expect(peer.sent.map((m) => m.method)).toEqual(["account/logout"]);
  });

  it("rejects the read with the server's error once, then ends", async () => {
    const { peer, search } = await setup();
    peer.responders.set("thread/search/stream", () => {
      throw { code: -32600, message: "thread/search requires a non-empty searchTerm" };
    });
    const iterator = search({ searchTerm: " " });
    await expect(iterator.next()).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it("rejects with the signal's reason on abort and cancels the search on the server", async () => {
    const { peer, search } = await setup();
    const controller = new AbortController();
    const request = peer.waitForRequest("thread/search/stream");
    const iterator = search({ searchTerm: "kiwi" }, { signal: controller.signal });
    const first = iterator.next();
    const sent = await request;
    const cancel = peer.waitForRequest("thread/search/stream/cancel");
    controller.abort(new Error("the user typed on"));
    await expect(first).rejects.toThrow("the user typed on");
    expect((await cancel).params).toEqual({ requestId: sent.id });
    const aborted = new AbortController();
    aborted.abort(new Error("already"));
    await expect(search({ searchTerm: "kiwi" }, { signal: aborted.signal }).next()).rejects.toThrow("already");
  });
});
