import { describe, expect, it } from "vitest";
import { Connection } from "../../../src/rpc/connection.js";
import type { JsonRpcId } from "../../../src/transport/transport.js";
import { createInMemoryPeer } from "../../helpers/in-memory-peer.js";

describe("Connection.requestWithId()", () => {
  it("knows the id the request went out with from the moment it is written, and settles like request()", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport);
    const first = connection.request("account/logout");
    const tracked = connection.requestWithId("thread/search/stream", { searchTerm: "kiwi" });
    const firstSent = await peer.nextRequest("account/logout");
    const sent = await peer.nextRequest("thread/search/stream");
    expect(tracked.id).toBe(sent.id);
    expect(tracked.id).not.toBe(firstSent.id);
    expect(sent.params).toEqual({ searchTerm: "kiwi" });
    peer.respond(firstSent.id, {});
    peer.respond(sent.id, { data: [], nextCursor: null, backwardsCursor: null });
    await expect(tracked.result).resolves.toEqual({ data: [], nextCursor: null, backwardsCursor: null });
    await expect(first).resolves.toEqual({});
  });

  it("knows the id when the transport answers synchronously, inside the write", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport);
    const send = peer.transport.send.bind(peer.transport);
    peer.transport.send = (message) => {
      send(message);
      const { id, method } = message as { id?: JsonRpcId; method?: string };
      if (method === "thread/search/stream" && id !== undefined) peer.respond(id, { data: [], nextCursor: null });
    };
    const tracked = connection.requestWithId("thread/search/stream", { searchTerm: "kiwi" });
    const sent = peer.sent.find((m) => m.method === "thread/search/stream");
    expect(tracked.id).toBe(sent?.id);
    await expect(tracked.result).resolves.toEqual({ data: [], nextCursor: null });
  });

  it("has no id while the request waits for a slot, and gets one when it is written", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport, { maxInFlight: 1 });
    const blocker = connection.request("account/logout");
    const tracked = connection.requestWithId("thread/search/stream", { searchTerm: "kiwi" });
    const blockerSent = await peer.nextRequest("account/logout");
    expect(tracked.id).toBeUndefined();
    peer.respond(blockerSent.id, {});
    await blocker;
    const sent = await peer.nextRequest("thread/search/stream");
    expect(tracked.id).toBe(sent.id);
    peer.fail(sent.id, -32600, "thread search cancelled");
    await expect(tracked.result).rejects.toThrow(/thread search cancelled/);
  });

  it("never gets an id when it is given up before it is written, and rejects like request()", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport, { maxInFlight: 1 });
    const blocker = connection.request("account/logout");
    const controller = new AbortController();
    const tracked = connection.requestWithId("thread/search/stream", { searchTerm: "kiwi" }, { signal: controller.signal });
    controller.abort(new Error("not needed"));
    await expect(tracked.result).rejects.toThrow("not needed");
    const blockerSent = await peer.nextRequest("account/logout");
    peer.respond(blockerSent.id, {});
    await blocker;
    expect(tracked.id).toBeUndefined();
    expect(peer.sent.filter((m) => m.method === "thread/search/stream")).toEqual([]);
  });

  it("rejects bad params with a TypeError and sends nothing", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport);
    const tracked = connection.requestWithId("thread/search/stream", 5 as never);
    await expect(tracked.result).rejects.toThrow(TypeError);
    expect(tracked.id).toBeUndefined();
    expect(peer.sent).toEqual([]);
  });
});
