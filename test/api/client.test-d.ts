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
  ThreadTokenUsage,
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
    expectTypeOf(codex.threadStart).parameters.toEqualTypeOf<[options?: ThreadStartOptions]>();
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
    expectTypeOf(codex.threadResume).parameters.toEqualTypeOf<[threadId: string, options?: ThreadResumeOptions]>();
    expectTypeOf(codex.threadResume).returns.toEqualTypeOf<Promise<Thread>>();
    expectTypeOf(codex.threadFork).parameters.toEqualTypeOf<[threadId: string, options?: ThreadForkOptions]>();
    expectTypeOf(codex.threadFork).returns.toEqualTypeOf<Promise<Thread>>();
    expectTypeOf(codex.threadList).parameters.toEqualTypeOf<[options?: ThreadListOptions]>();
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
    expectTypeOf(thread.run).parameters.toEqualTypeOf<[input: RunInput, options?: TurnOptions]>();
    expectTypeOf(thread.run).returns.toEqualTypeOf<Promise<Turn>>();
    expectTypeOf(thread.turn).parameters.toEqualTypeOf<[input: RunInput, options?: TurnOptions]>();
    expectTypeOf(thread.turn).returns.toEqualTypeOf<Promise<TurnHandle>>();
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
    expectTypeOf(handle.stream).parameters.toEqualTypeOf<[]>();
    expectTypeOf(handle.stream()).toMatchTypeOf<AsyncIterable<ServerNotification>>();
    expectTypeOf(handle.run).returns.toEqualTypeOf<Promise<Turn>>();
    expectTypeOf(handle.steer).parameters.toEqualTypeOf<[input: RunInput]>();
    expectTypeOf(handle.steer).returns.toEqualTypeOf<Promise<TurnSteerResponse>>();
    expectTypeOf(handle.interrupt).parameters.toEqualTypeOf<[]>();
    expectTypeOf(handle.interrupt).returns.toEqualTypeOf<Promise<void>>();
    expectTypeOf(handle.usage).toEqualTypeOf<ThreadTokenUsage | undefined>();
    expectTypeOf(handle.finalResponse).toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error steer needs input
    void handle.steer();
    // @ts-expect-error interrupt takes no arguments
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
