import { describe, expectTypeOf, it } from "vitest";
import type * as Protocol from "../../generated/protocol.js";
import type * as Methods from "../../generated/methods.js";
import type {
  AgentMessageDeltaNotification,
  ClientRequest,
  ClientRequestMap,
  ClientRequestMethod,
  ClientRequestParams,
  ClientRequestResult,
  GetAccountRateLimitsParams,
  JsonValue,
  LogoutAccountResponse,
  ModelListParams,
  ModelListResponse,
  NotificationParams,
  ServerNotification,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequest,
  ServerRequestMap,
  ServerRequestMethod,
  ServerRequestParams,
  ServerRequestResult,
  ThreadItem,
  ThreadStartParams,
  ThreadStartResponse,
  TurnCompletedNotification,
  TurnStartParams,
  TurnStartResponse,
  TypedNotification,
} from "../../src/types.js";

type IsAny<T> = 0 extends 1 & T ? true : false;
type IsUnknown<T> = unknown extends T ? (IsAny<T> extends true ? false : true) : false;
/** Methods of a map whose entry (or a part of it) is `any` or `unknown`. */
type Leaky<Map, Parts extends string> = {
  [M in keyof Map]: {
    [K in Parts]: K extends keyof Map[M] ? (IsAny<Map[M][K]> extends true ? M : IsUnknown<Map[M][K]> extends true ? M : never) : never;
  }[Parts];
}[keyof Map];

describe("generated method maps", () => {
  it("types params and results of client requests", () => {
    expectTypeOf<ClientRequestParams<"thread/start">>().toEqualTypeOf<ThreadStartParams>();
    expectTypeOf<ClientRequestResult<"thread/start">>().toEqualTypeOf<ThreadStartResponse>();
    expectTypeOf<ClientRequestParams<"turn/start">>().toEqualTypeOf<TurnStartParams>();
    expectTypeOf<ClientRequestResult<"turn/start">>().toEqualTypeOf<TurnStartResponse>();
    expectTypeOf<ClientRequestParams<"model/list">>().toEqualTypeOf<ModelListParams>();
    expectTypeOf<ClientRequestResult<"model/list">>().toEqualTypeOf<ModelListResponse>();
    expectTypeOf<ClientRequestResult<"turn/start">["turn"]["id"]>().toEqualTypeOf<string>();
    // paramless and optional-params methods
    expectTypeOf<ClientRequestParams<"account/logout">>().toEqualTypeOf<undefined>();
    expectTypeOf<ClientRequestResult<"account/logout">>().toEqualTypeOf<LogoutAccountResponse>();
    expectTypeOf<ClientRequestParams<"account/rateLimits/read">>().toEqualTypeOf<GetAccountRateLimitsParams | null | undefined>();
    expectTypeOf<undefined>().toExtend<ClientRequestParams<"account/rateLimits/read">>();
    expectTypeOf<undefined>().not.toExtend<ClientRequestParams<"thread/start">>();
    // the override table: a shared result type
    expectTypeOf<ClientRequestResult<"config/value/write">>().toEqualTypeOf<ClientRequestResult<"config/batchWrite">>();
  });

  it("types server requests and notifications", () => {
    expectTypeOf<ServerRequestParams<"item/commandExecution/requestApproval">>().toEqualTypeOf<Protocol.CommandExecutionRequestApprovalParams>();
    expectTypeOf<ServerRequestResult<"item/commandExecution/requestApproval">>().toEqualTypeOf<Protocol.CommandExecutionRequestApprovalResponse>();
    expectTypeOf<NotificationParams<"turn/completed">>().toEqualTypeOf<TurnCompletedNotification>();
    expectTypeOf<TypedNotification<"turn/completed">>().toEqualTypeOf<{
      method: "turn/completed";
      params: TurnCompletedNotification;
      emittedAtMs?: number;
    }>();
  });

  it("narrows ServerNotification on method", () => {
    const handle = (n: ServerNotification): string | undefined => {
      if (n.method === "item/agentMessage/delta") {
        expectTypeOf(n.params).toEqualTypeOf<AgentMessageDeltaNotification>();
        return n.params.delta;
      }
      if (n.method === "item/completed") {
        expectTypeOf(n.params.item).toEqualTypeOf<ThreadItem>();
        if (n.params.item.type === "agentMessage") return n.params.item.text;
      }
      expectTypeOf(n.emittedAtMs).toEqualTypeOf<number | undefined>();
      return undefined;
    };
    expectTypeOf(handle).parameter(0).toEqualTypeOf<ServerNotification>();
    expectTypeOf<ServerNotification["method"]>().toEqualTypeOf<ServerNotificationMethod>();
  });

  it("rejects wrong params and unknown methods", () => {
    // @ts-expect-error turn/start requires threadId
    const missing: ClientRequestParams<"turn/start"> = { input: [] };
    // @ts-expect-error no such method
    type Unknown = ClientRequestParams<"no/such">;
    // @ts-expect-error no such notification
    type UnknownNote = NotificationParams<"turn/finished">;
    // @ts-expect-error wrong field type
    const wrong: ClientRequestParams<"thread/start"> = { ephemeral: "yes" };
    // @ts-expect-error closed types: no index signature swallows typos
    const typo: ClientRequestParams<"thread/start"> = { modle: "gpt" };
    expectTypeOf(missing).not.toBeAny();
    expectTypeOf(wrong).not.toBeAny();
    expectTypeOf(typo).not.toBeAny();
    expectTypeOf<Unknown | UnknownNote>().not.toBeAny();
  });

  it("has no any or unknown in the maps", () => {
    expectTypeOf<Leaky<ClientRequestMap, "params" | "result">>().toEqualTypeOf<never>();
    expectTypeOf<Leaky<ServerRequestMap, "params" | "result">>().toEqualTypeOf<never>();
    expectTypeOf<Leaky<{ [M in keyof ServerNotificationMap]: { params: ServerNotificationMap[M] } }, "params">>().toEqualTypeOf<never>();
    expectTypeOf<IsAny<JsonValue>>().toEqualTypeOf<false>();
  });

  it("keys the maps exactly by the schema's method unions", () => {
    expectTypeOf<ClientRequest["method"]>().toEqualTypeOf<ClientRequestMethod>();
    expectTypeOf<ServerRequest["method"]>().toEqualTypeOf<ServerRequestMethod>();
    expectTypeOf<Protocol.ServerNotification["method"]>().toEqualTypeOf<ServerNotificationMethod>();
  });

  it("exports the narrowing ServerNotification from ./types, same shape as the schema envelope", () => {
    expectTypeOf<ServerNotification>().toEqualTypeOf<Methods.ServerNotification>();
    expectTypeOf<Methods.ServerNotification>().toExtend<Protocol.ServerNotification>();
    expectTypeOf<Protocol.ServerNotification>().toExtend<Methods.ServerNotification>();
  });
});
