import type { JSONSchema7 } from "json-schema";
import { describe, expectTypeOf, it } from "vitest";
import {
  Codex,
  Thread,
  TurnHandle,
  imageInput,
  localImageInput,
  mentionInput,
  skillInput,
  textInput,
  type ApprovalMode,
  type CodexMetadata,
  type ApprovalCommand,
  type ConnectionGapEvent,
  type TurnEvent,
  type RequestOptions,
  type ServerRequestHandlers,
  type StructuredTurnResult,
  type TurnStreamOptions,
  type Subscription,
  type TurnResult,
  type RunInput,
  type Sandbox,
  type ThreadForkOptions,
  type ThreadListOptions,
  type ThreadResumeOptions,
  type ThreadStartOptions,
  type TurnOptions,
} from "../../src/index.js";
import type {
  InitializeResponse,
  ServerNotification,
  ThreadItem,
  ThreadReadResponse,
  TokenUsageBreakdown,
  Turn,
  TurnSteerResponse,
  UserInput,
} from "../../src/types.js";

declare const codex: Codex;
declare const thread: Thread;
declare const handle: TurnHandle;

describe("Codex metadata", () => {
  it("is the initialize result plus the runtime and pinned versions", () => {
    expectTypeOf(codex.metadata).toEqualTypeOf<CodexMetadata>();
    expectTypeOf(codex.metadata).toMatchTypeOf<InitializeResponse>();
    expectTypeOf(codex.metadata.runtimeVersion).toEqualTypeOf<string>();
    expectTypeOf(codex.metadata.pinnedRuntimeVersion).toEqualTypeOf<string>();
  });
});

describe("Codex thread lifecycle signatures", () => {
  it("threadStart", () => {
    expectTypeOf(codex.threadStart).parameters.toEqualTypeOf<[options?: ThreadStartOptions, call?: RequestOptions]>();
    expectTypeOf(codex.threadStart).returns.toEqualTypeOf<Promise<Thread>>();
    void codex.threadStart();
    void codex.threadStart({ model: "gpt-5.5", sandbox: "workspace-write", approvalMode: "deny_all", ephemeral: true });
    // @ts-expect-error unknown sandbox mode
    void codex.threadStart({ sandbox: "full_access" });
    // @ts-expect-error unknown approval preset
    void codex.threadStart({ approvalMode: "yolo" });
    // @ts-expect-error the turn-level sandboxPolicy is not a thread option
    void codex.threadStart({ sandboxPolicy: { type: "readOnly" } });
  });

  it("threadResume / threadFork / threadList", () => {
    expectTypeOf(codex.threadResume).parameters.toEqualTypeOf<[threadId: string, options?: ThreadResumeOptions, call?: RequestOptions]>();
    expectTypeOf(codex.threadResume).returns.toEqualTypeOf<Promise<Thread>>();
    expectTypeOf(codex.threadFork).parameters.toEqualTypeOf<[threadId: string, options?: ThreadForkOptions, call?: RequestOptions]>();
    expectTypeOf(codex.threadFork).returns.toEqualTypeOf<Promise<Thread>>();
    expectTypeOf(codex.threadList).parameters.toEqualTypeOf<[options?: ThreadListOptions, call?: RequestOptions]>();
    void codex.threadResume("thr", { approvalMode: "ask", model: "gpt-5.5" });
    // @ts-expect-error the thread id is an argument, not an option
    void codex.threadResume("thr", { threadId: "other" });
    // @ts-expect-error a thread id is required
    void codex.threadResume();
    // @ts-expect-error thread ids are strings
    void codex.threadResume(42);
  });
});

describe("Thread signatures", () => {
  it("id, run, turn, read, setName, compact", () => {
    expectTypeOf(thread.id).toEqualTypeOf<string>();
    expectTypeOf(thread.run("x")).toEqualTypeOf<Promise<TurnResult>>();
    expectTypeOf(thread.run("x", { model: "gpt-5.5" })).toEqualTypeOf<Promise<TurnResult>>();
    expectTypeOf<TurnResult>().toMatchTypeOf<Turn>();
    expectTypeOf(thread.turn("x")).toEqualTypeOf<Promise<TurnHandle>>();
    expectTypeOf(thread.read).returns.toEqualTypeOf<Promise<ThreadReadResponse>>();
    void thread.read({ includeTurns: true });
    void thread.setName("name");
    void thread.compact();
  });

  it("accepts every RunInput shape and rejects others", () => {
    void thread.run("text");
    void thread.run(textInput("a"));
    void thread.run([textInput("a"), imageInput("data:image/png;base64,AA"), localImageInput("/a.png")]);
    void thread.run([skillInput("s", "/s"), mentionInput("m", "/m"), { type: "text", text: "raw" }]);
    expectTypeOf(textInput("a")).toMatchTypeOf<UserInput>();
    // @ts-expect-error not an input
    void thread.run(42);
    // @ts-expect-error wrong item type
    void thread.run({ type: "txt", text: "a" });
    // @ts-expect-error a text item needs text
    void thread.run([{ type: "text" }]);
  });

  it("turn options: camelCase wire names plus presets, sandbox, signal, idleTimeoutMs", () => {
    const mode: ApprovalMode = "ask";
    const sandbox: Sandbox = "read-only";
    void thread.turn("x", {
      approvalMode: mode,
      sandbox,
      signal: new AbortController().signal,
      idleTimeoutMs: 5_000,
      model: "gpt-5.5",
      effort: "high",
      outputSchema: { type: "object" },
      sandboxPolicy: { type: "workspaceWrite", networkAccess: true },
    });
    // @ts-expect-error snake_case is not accepted
    void thread.turn("x", { output_schema: {} });
    // @ts-expect-error the SDK fills the thread id
    void thread.turn("x", { threadId: "t" });
    // @ts-expect-error approval presets are the three names
    void thread.turn("x", { approvalMode: "never" });
  });
});

describe("TurnHandle signatures", () => {
  it("threadId, id, stream, run, steer, interrupt, usage, finalResponse", () => {
    expectTypeOf(handle.threadId).toEqualTypeOf<string>();
    expectTypeOf(handle.id).toEqualTypeOf<string>();
    expectTypeOf(handle.stream()).toEqualTypeOf<AsyncIterableIterator<ServerNotification>>();
    expectTypeOf(handle.stream({ gaps: true })).toEqualTypeOf<AsyncIterableIterator<TurnEvent>>();
    const forwarded: TurnStreamOptions = { gaps: Math.random() > 0.5, highWaterMark: 10 };
    expectTypeOf(handle.stream(forwarded)).toEqualTypeOf<AsyncIterableIterator<TurnEvent>>();
    expectTypeOf(handle.gaps).toEqualTypeOf<readonly ConnectionGapEvent["params"][]>();
    expectTypeOf(handle.stream({ highWaterMark: 10 })).toEqualTypeOf<AsyncIterableIterator<ServerNotification>>();
    expectTypeOf(handle.run).returns.toEqualTypeOf<Promise<TurnResult>>();
    expectTypeOf(handle.steer).parameters.toEqualTypeOf<[input: RunInput, options?: RequestOptions]>();
    expectTypeOf(handle.steer).returns.toEqualTypeOf<Promise<TurnSteerResponse>>();
    expectTypeOf(handle.interrupt).parameters.toEqualTypeOf<[options?: RequestOptions]>();
    expectTypeOf(handle.interrupt).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(handle.usage).toEqualTypeOf<TokenUsageBreakdown | null>();
    expectTypeOf(handle.finalResponse).toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error steer needs input
    void handle.steer();
    // @ts-expect-error interrupt takes call options, not a reason
    void handle.interrupt("now");
  });

  it("stream() narrows notifications on method", async () => {
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta") expectTypeOf(n.params.delta).toEqualTypeOf<string>();
      if (n.method === "item/completed") expectTypeOf(n.params.item).toEqualTypeOf<ThreadItem>();
      if (n.method === "turn/completed") expectTypeOf(n.params.turn).toEqualTypeOf<Turn>();
      // @ts-expect-error not a notification method
      if (n.method === "item/agentMessage/deltas") break;
    }
  });
});

describe("structured output", () => {
  it("types output from a schema written inline or as const, or from a type parameter", async () => {
    const inline = await thread.run("x", {
      outputSchema: { type: "object", properties: { answer: { type: "integer" } }, required: ["answer"], additionalProperties: false },
    });
    expectTypeOf(inline.output).toEqualTypeOf<{ answer: number }>();
    expectTypeOf(inline).toMatchTypeOf<TurnResult>();

    const schema = {
      type: "object",
      properties: { city: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
      required: ["city"],
      additionalProperties: false,
    } as const;
    const constant = await thread.run("x", { outputSchema: schema });
    expectTypeOf(constant.output).toEqualTypeOf<{ city: string; tags?: string[] }>();

    const loose: JSONSchema7 = { type: "object" };
    const typed = await thread.run<{ verdict: "yes" | "no" }>("x", { outputSchema: loose });
    expectTypeOf(typed.output).toEqualTypeOf<{ verdict: "yes" | "no" }>();
    const unknownOutput = await thread.run("x", { outputSchema: loose });
    expectTypeOf(unknownOutput.output).toEqualTypeOf<unknown>();

    const handle = await thread.turn("x", { outputSchema: schema });
    expectTypeOf(await handle.run()).toEqualTypeOf<StructuredTurnResult<{ city: string; tags?: string[] }>>();
    // @ts-expect-error an output schema is an object
    void thread.run("x", { outputSchema: "string" });
    const plain = await thread.run("x");
    // @ts-expect-error no outputSchema, no output
    void plain.output;
  });
});

describe("per-call options, subscriptions and scoped handlers", () => {
  it("every call takes a trailing { signal, timeoutMs }, paramless requests included", () => {
    const call: RequestOptions = { signal: new AbortController().signal, timeoutMs: 5_000 };
    void codex.threadStart({}, call);
    void codex.threadResume("t", {}, call);
    void codex.threadFork("t", {}, call);
    void codex.threadArchive("t", call);
    void codex.threadUnarchive("t", call);
    void codex.threadList({}, call);
    void codex.models({}, call);
    void codex.account({}, call);
    void codex.rateLimits(call);
    void codex.logout(call);
    void codex.loginApiKey("sk", call);
    void codex.loginChatgpt(call);
    void codex.loginChatgptDeviceCode(call);
    void thread.read({}, call);
    void thread.setName("n", call);
    void thread.compact(call);
    void thread.close(call);
    void handle.steer("more", call);
    void handle.interrupt(call);
    void codex.request("account/logout", {}, call);
    void codex.request("account/logout", undefined, call);
    void codex.request("account/rateLimits/read", {}, call);
    // @ts-expect-error a paramless method takes no params
    void codex.request("account/logout", { force: true });
    // @ts-expect-error timeoutMs is a number
    void codex.models({}, { timeoutMs: "5s" });
  });

  it("subscriptions work with using", () => {
    {
      using subscription = codex.onNotification("turn/completed", () => {});
      expectTypeOf(subscription).toEqualTypeOf<Subscription>();
      expectTypeOf(subscription.dispose).toEqualTypeOf<() => void>();
    }
  });

  it("handlers can be scoped to a thread and a turn; command approvals get the command", () => {
    const handlers: ServerRequestHandlers = {
      "item/commandExecution/requestApproval": (_params, context) => {
        expectTypeOf(context.command).toEqualTypeOf<ApprovalCommand | null>();
        return context.command?.argv?.[0] === "git" ? { decision: "accept" } : { decision: "decline" };
      },
      "item/fileChange/requestApproval": (_params, context) => {
        // @ts-expect-error only command approvals carry a command
        void context.command;
        return { decision: "decline" };
      },
    };
    void codex.threadStart({ serverRequests: handlers });
    void thread.run("x", { serverRequests: handlers });
  });

  it("TurnResult is a Turn with the SDK's summary", () => {
    expectTypeOf<TurnResult["finalResponse"]>().toEqualTypeOf<string | null>();
    expectTypeOf<TurnResult["usage"]>().toEqualTypeOf<TokenUsageBreakdown | null>();
    expectTypeOf<TurnResult["warnings"]>().toEqualTypeOf<string[]>();
    const asTurn: Turn = {} as TurnResult;
    void asTurn;
  });
});
