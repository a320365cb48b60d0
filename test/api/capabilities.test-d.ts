import { describe, expectTypeOf, it } from "vitest";
import {
  defineTool,
  type Codex,
  type GoalChange,
  type LoggedEvent,
  type Subscription,
  type Thread,
  type ThreadSearchBatch,
  type AppTool,
  type ToolCallContext,
  type ToolResult,
  type TurnHandle,
} from "../../src/index.js";
import type { ServerNotification, ThreadGoal } from "../../src/types.js";

declare const codex: Codex;
declare const thread: Thread;

describe("defineTool()", () => {
  it("types the arguments from a schema written as const, and the context", () => {
    const tool = defineTool({
      name: "find_customer",
      description: "Find a customer.",
      inputSchema: {
        type: "object",
        properties: { email: { type: "string" }, limit: { type: "integer" } },
        required: ["email"],
        additionalProperties: false,
      } as const,
      execute: (args, context) => {
        expectTypeOf(args).toEqualTypeOf<{ email: string; limit?: number }>();
        expectTypeOf(context).toEqualTypeOf<ToolCallContext>();
        expectTypeOf(context.signal).toEqualTypeOf<AbortSignal>();
        return `found ${args.email}`;
      },
    });
    expectTypeOf(tool).toEqualTypeOf<AppTool<{ email: string; limit?: number }>>();
  });

  it("takes a type parameter for a schema that is not a literal, and unknown arguments otherwise", () => {
    const schema: Record<string, unknown> = { type: "object" };
    defineTool<{ id: number }>({
      name: "by_id",
      description: "",
      inputSchema: schema,
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ id: number }>();
        return [{ text: String(args.id) }, { imageUrl: "data:image/png;base64,AA==" }];
      },
    });
    defineTool({ name: "loose", description: "", inputSchema: schema, execute: (args) => (expectTypeOf(args).toBeUnknown(), "") });
  });

  it("accepts the result shapes the model can be sent, and rejects others", () => {
    expectTypeOf<string>().toMatchTypeOf<ToolResult>();
    expectTypeOf<{ text: string }[]>().toMatchTypeOf<ToolResult>();
    expectTypeOf<{ imageUrl: string }>().toMatchTypeOf<ToolResult>();
    expectTypeOf<number>().not.toMatchTypeOf<ToolResult>();
    // @ts-expect-error an execute that returns a number
    defineTool({ name: "n", description: "", inputSchema: {}, execute: () => 42 });
  });

  it("goes in tools of threadStart, threadResume and threadFork, whatever its input type", () => {
    const typed = defineTool({ name: "a", description: "", inputSchema: { type: "object", properties: { x: { type: "string" } } } as const, execute: () => "" });
    const other = defineTool<{ id: number }>({ name: "b", description: "", inputSchema: {}, execute: () => "" });
    void codex.threadStart({ tools: [typed, other] });
    void codex.threadResume("t", { tools: [typed] });
    void codex.threadFork("t", { tools: [other] });
    // @ts-expect-error only tools made by defineTool()
    void codex.threadStart({ tools: [{ name: "x" }] });
  });
});

describe("goals, turns, the event log and the search", () => {
  it("has typed goal calls and listeners", () => {
    expectTypeOf(thread.setGoal("x", { tokenBudget: 100 })).toEqualTypeOf<Promise<ThreadGoal>>();
    expectTypeOf(thread.updateGoal({ status: "paused" })).toEqualTypeOf<Promise<ThreadGoal>>();
    expectTypeOf(thread.goal()).toEqualTypeOf<Promise<ThreadGoal | null>>();
    expectTypeOf(thread.clearGoal()).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(thread.onGoal((change) => expectTypeOf(change).toEqualTypeOf<GoalChange>())).toEqualTypeOf<Subscription>();
    expectTypeOf(thread.onTurn((turn) => expectTypeOf(turn).toEqualTypeOf<TurnHandle>())).toEqualTypeOf<Subscription>();
    // @ts-expect-error not a goal status
    void thread.updateGoal({ status: "finished" });
  });

  it("yields numbered notifications from events() and search batches that narrow on final", async () => {
    for await (const event of thread.events({ after: 10 })) {
      expectTypeOf(event).toEqualTypeOf<LoggedEvent>();
      expectTypeOf(event.notification).toEqualTypeOf<ServerNotification>();
    }
    for await (const batch of codex.threadSearch({ searchTerm: "kiwi", limit: 5 })) {
      expectTypeOf(batch).toEqualTypeOf<ThreadSearchBatch>();
      if (batch.final) expectTypeOf(batch.nextCursor).toEqualTypeOf<string | null>();
      // @ts-expect-error only the final page has cursors
      else void batch.nextCursor;
    }
    expectTypeOf(thread.findTurnIdByClientUserMessageId("id")).toEqualTypeOf<Promise<string | null>>();
  });
});
