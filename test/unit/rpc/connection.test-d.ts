import { describe, expectTypeOf, it } from "vitest";
import type { ModelListResponse, ThreadListResponse } from "../../../generated/protocol.js";
import type { Connection } from "../../../src/rpc/connection.js";
import type { ServerRequestHandlers } from "../../../src/rpc/server-requests.js";

declare const connection: Connection;

describe("Connection types", () => {
  it("types params and results from the generated maps", () => {
    expectTypeOf(connection.request("thread/list", { limit: 1 })).toEqualTypeOf<Promise<ThreadListResponse>>();
    expectTypeOf(connection.request("model/list", {}, { timeoutMs: 5 })).toEqualTypeOf<Promise<ModelListResponse>>();
    // Paramless and optional-params methods may omit params.
    void connection.request("account/logout");
    void connection.request("account/rateLimits/read");
    void connection.request("account/rateLimits/read", null);
    // @ts-expect-error thread/start needs its params object
    void connection.request("turn/start");
    // @ts-expect-error unknown methods are not accepted
    void connection.request("no/such", {});
    // @ts-expect-error wrong param types are rejected
    void connection.request("thread/list", { limit: "1" });
  });

  it("narrows notifications by method", () => {
    connection.notifications.on("item/agentMessage/delta", (n) => {
      expectTypeOf(n.method).toEqualTypeOf<"item/agentMessage/delta">();
      expectTypeOf(n.params.delta).toEqualTypeOf<string>();
      expectTypeOf(n.emittedAtMs).toEqualTypeOf<number | undefined>();
    });
    connection.notifications.on("*", (n) => {
      if (n.method === "turn/completed") expectTypeOf(n.params.turn.id).toEqualTypeOf<string>();
    });
    connection.notifications.onThread("t", (n) => expectTypeOf(n.method).toBeString());
  });

  it("types server-request handlers per method", () => {
    const handlers: ServerRequestHandlers = {
      "item/commandExecution/requestApproval": (params, { signal, requestId }) => {
        expectTypeOf(params.threadId).toEqualTypeOf<string>();
        expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(requestId).toEqualTypeOf<string | number>();
        return { decision: "accept" };
      },
      "item/tool/requestUserInput": async () => ({ answers: {} }),
    };
    void handlers;
    const bad: ServerRequestHandlers = {
      // @ts-expect-error the result must match the method's response
      "mcpServer/elicitation/request": () => ({ decision: "accept" }),
    };
    void bad;
  });
});
