import { describe, expect, it } from "vitest";
import { TransportClosedError } from "../../../src/errors.js";
import { Connection } from "../../../src/rpc/connection.js";
import { createInMemoryPeer } from "../../helpers/in-memory-peer.js";

describe("Connection with params JSON cannot carry", () => {
  it("rejects the call with a TypeError naming the method, and the connection stays usable", async () => {
    const peer = createInMemoryPeer();
    const connection = await Connection.open(peer.transport, { requestTimeoutMs: 5_000 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    const bigint = await connection.request("thread/list", { limit: 10n } as never).catch((e: unknown) => e);
    expect(bigint).toBeInstanceOf(TypeError);
    expect(bigint).not.toBeInstanceOf(TransportClosedError);
    expect((bigint as Error).message).toMatch(/Params of "thread\/list" cannot be sent/);

    const cyclic = await connection.request("thread/list", circular as never).catch((e: unknown) => e);
    expect(cyclic).toBeInstanceOf(TypeError);

    expect(connection.isClosed).toBe(false);
    const list = connection.request("thread/list", { limit: 1 });
    const request = await peer.nextRequest("thread/list");
    peer.respond(request.id, { data: [], nextCursor: null });
    await expect(list).resolves.toEqual({ data: [], nextCursor: null });
    await connection.close();
  });
});
