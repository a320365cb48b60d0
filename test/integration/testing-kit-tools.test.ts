/**
 * The testing kit's tool calls against the real pinned app-server, offline: `apply_patch` with file-change
 * approvals under a read-only sandbox, dynamic tools (plain and namespaced) answered by the client,
 * per-reply token usage, and a goal's continuation turns scripted by the user's own message. The model
 * is a bundled slug (`gpt-5.5`), so the server offers its production tools, `apply_patch` among them.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import type { Thread } from "../../src/client/thread.js";
import { createOfflineHarness, reply, type OfflineHarness } from "../../src/testing/index.js";
import { waitFor } from "../helpers/wait-for.js";
import type {
  DynamicToolCallParams,
  DynamicToolSpec,
  FileChangeApprovalDecision,
  ServerNotification,
  ThreadItem,
} from "../../src/types.js";

let harness: OfflineHarness;
let codex: Codex;
const notifications: ServerNotification[] = [];
/** The decision for file-change approvals, per thread; a thread without one gets `decline`. */
const patchDecisions = new Map<string, FileChangeApprovalDecision>();
const patchApprovals: Array<{ threadId: string; itemId: string }> = [];
const toolCalls: DynamicToolCallParams[] = [];

const tools: DynamicToolSpec[] = [
  {
    type: "function",
    name: "lookup_weather",
    description: "Look up the weather for a city.",
    inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
  {
    type: "namespace",
    name: "crm",
    description: "Customer records.",
    tools: [
      {
        type: "function",
        name: "find_customer",
        description: "Find a customer by email.",
        inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] },
      },
    ],
  },
];

beforeAll(async () => {
  harness = await createOfflineHarness({ model: "gpt-5.5" });
  codex = await Codex.start({
    ...harness.codexOptions,
    clientInfo: { name: "testing_kit_tools_suite", version: "0.0.0" },
    serverRequests: {
      "item/fileChange/requestApproval": (params) => {
        patchApprovals.push({ threadId: params.threadId, itemId: params.itemId });
        return { decision: patchDecisions.get(params.threadId) ?? "decline" };
      },
      "item/tool/call": (params) => {
        toolCalls.push(params);
        const args = params.arguments as { [key: string]: unknown };
        const text = params.namespace === "crm" ? `customer ${String(args.email)} is #42` : `sunny in ${String(args.city)}`;
        return { contentItems: [{ type: "inputText", text }], success: true };
      },
    },
  });
  codex.onNotification("*", (n) => notifications.push(n));
});

afterAll(async () => {
  await codex?.close();
  await harness?.close();
});

afterEach(() => {
  harness.mock.assertNoEgress();
});

type Params = { threadId?: string; thread?: { id?: string }; [key: string]: unknown };
const ofThread = (threadId: string) =>
  notifications.filter((n) => {
    const params = n.params as Params;
    return (params.threadId ?? params.thread?.id) === threadId;
  });
const completedItems = (threadId: string): ThreadItem[] =>
  ofThread(threadId).flatMap((n) => (n.method === "item/completed" ? [n.params.item] : []));
const requestsOf = (threadId: string) => harness.mock.requests.filter((r) => r.threadId === threadId);

function finalMessage(threadId: string): string | undefined {
  const messages = completedItems(threadId).flatMap((i) => (i.type === "agentMessage" ? [i.text] : []));
  return messages[messages.length - 1];
}

/** A thread whose file changes need the client's approval: read-only sandbox, `approvalMode: "ask"`. */
async function askingThread(decision?: FileChangeApprovalDecision): Promise<Thread> {
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true, approvalMode: "ask", sandbox: "read-only" });
  if (decision !== undefined) patchDecisions.set(thread.id, decision);
  return thread;
}

describe("apply_patch through the testing kit", () => {
  it("writes and then updates a file when the approvals are accepted, and sends the model the tool output", async () => {
    const thread = await askingThread("accept");
    const file = join(harness.workspace, "accepted.txt");

    const added = await thread.run("Create it. [[mock:patch add accepted.txt Hello from the patch]] [[mock:then Created.]]");
    expect(added.status).toBe("completed");
    expect(readFileSync(file, "utf8")).toBe("Hello from the patch\n");
    const change = completedItems(thread.id).find((i) => i.type === "fileChange");
    expect(change).toMatchObject({ type: "fileChange", status: "completed", changes: [{ path: file, kind: { type: "add" } }] });
    expect(patchApprovals.filter((a) => a.threadId === thread.id)).toEqual([{ threadId: thread.id, itemId: change?.id }]);
    expect(finalMessage(thread.id)).toBe("Created.");

    const [turn, followUp] = requestsOf(thread.id);
    expect(turn.kind).toBe("turn");
    expect(turn.body.tools?.find((t) => t.name === "apply_patch")?.type).toBe("custom");
    expect(followUp.kind).toBe("toolOutput");
    expect(followUp.toolOutput).toMatchObject({ callId: `call_${turn.responseId}`, kind: "custom", name: "apply_patch" });
    expect(followUp.toolOutput?.output).toContain("Success. Updated the following files:\nA accepted.txt");

    const updated = await thread.run("Change it. [[mock:patch update accepted.txt Hello from the patch => Hello, updated]]");
    expect(updated.status).toBe("completed");
    expect(readFileSync(file, "utf8")).toBe("Hello, updated\n");
    const last = requestsOf(thread.id).at(-1);
    expect(last?.kind).toBe("toolOutput");
    expect(last?.toolOutput?.output).toContain("M accepted.txt");
    expect(finalMessage(thread.id)).toBe(`Tool said: ${last?.toolOutput?.output}`);
    expect(requestsOf(thread.id)).toHaveLength(4);
  });

  it("leaves the disk alone when the approval is declined, and the model is told so", async () => {
    const thread = await askingThread("decline");
    const turn = await thread.run("Create it. [[mock:patch add declined.txt Should not exist]]");
    expect(turn.status).toBe("completed");
    expect(existsSync(join(harness.workspace, "declined.txt"))).toBe(false);
    expect(patchApprovals.filter((a) => a.threadId === thread.id)).toHaveLength(1);
    expect(completedItems(thread.id).find((i) => i.type === "fileChange")).toMatchObject({ status: "declined" });
    const requests = requestsOf(thread.id);
    expect(requests.map((r) => r.kind)).toEqual(["turn", "toolOutput"]);
    expect(requests[1].toolOutput).toMatchObject({ kind: "custom", name: "apply_patch", output: "patch rejected by user" });
    expect(finalMessage(thread.id)).toBe("Tool said: patch rejected by user");
  });

  it("deletes a file with a queued reply.patch", async () => {
    const thread = await askingThread("accept");
    const file = join(harness.workspace, "doomed.txt");
    writeFileSync(file, "bye\n");
    harness.mock.enqueue(reply.patch({ type: "delete", path: "doomed.txt" }));
    const turn = await thread.run("Delete it. [[mock:then Deleted.]]");
    expect(turn.status).toBe("completed");
    expect(existsSync(file)).toBe(false);
    expect(requestsOf(thread.id).map((r) => r.answer?.source)).toEqual(["queue", "script"]);
    expect(finalMessage(thread.id)).toBe("Deleted.");
  });
});

describe("dynamic tools called by the mock model", () => {
  let thread: Thread;
  beforeAll(async () => {
    thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true, dynamicTools: tools });
  });

  it("calls a tool by name: the client's handler gets the arguments and its output reaches the model", async () => {
    const turn = await thread.run('Weather? [[mock:tool lookup_weather {"city":"Paris"}]] [[mock:then It is sunny.]]');
    expect(turn.status).toBe("completed");
    const request = requestsOf(thread.id).at(-2);
    const calls = toolCalls.filter((c) => c.threadId === thread.id && c.tool === "lookup_weather");
    expect(calls).toEqual([
      expect.objectContaining({ namespace: null, arguments: { city: "Paris" }, callId: `call_${request?.responseId}`, turnId: turn.id }),
    ]);
    expect(requestsOf(thread.id).at(-1)?.toolOutput).toEqual({
      callId: `call_${request?.responseId}`,
      kind: "function",
      name: "lookup_weather",
      namespace: undefined,
      output: "sunny in Paris",
    });
    expect(completedItems(thread.id).find((i) => i.type === "dynamicToolCall")).toMatchObject({
      tool: "lookup_weather",
      status: "completed",
      success: true,
    });
    expect(finalMessage(thread.id)).toBe("It is sunny.");
  });

  it("calls a namespaced tool, by directive and by reply.toolCall", async () => {
    const turn = await thread.run('Who? [[mock:tool crm.find_customer {"email":"a@b.c"}]]');
    expect(turn.status).toBe("completed");
    expect(toolCalls.filter((c) => c.turnId === turn.id)).toEqual([
      expect.objectContaining({ namespace: "crm", tool: "find_customer", arguments: { email: "a@b.c" } }),
    ]);
    expect(requestsOf(thread.id).at(-1)?.toolOutput).toMatchObject({
      kind: "function",
      name: "find_customer",
      namespace: "crm",
      output: "customer a@b.c is #42",
    });
    expect(finalMessage(thread.id)).toBe("Tool said: customer a@b.c is #42");

    harness.mock.enqueue(reply.toolCall("find_customer", { email: "x@y.z" }, { namespace: "crm" }));
    const queued = await thread.run("Who else? [[mock:then Found.]]");
    expect(toolCalls.filter((c) => c.turnId === queued.id)).toEqual([
      expect.objectContaining({ namespace: "crm", tool: "find_customer", arguments: { email: "x@y.z" } }),
    ]);
    expect(requestsOf(thread.id).at(-1)?.toolOutput?.output).toBe("customer x@y.z is #42");
    expect(finalMessage(thread.id)).toBe("Found.");
  });
});

describe("token usage reported by the mock", () => {
  it("reaches thread/tokenUsage/updated per request, so a turn's usage is the sum of its requests", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    harness.mock.enqueue(
      reply.exec("echo usage", { usage: { inputTokens: 100, cachedInputTokens: 30, outputTokens: 20, reasoningOutputTokens: 5 } }),
      reply.text("Done.", { usage: { inputTokens: 150, cachedInputTokens: 100, outputTokens: 10 } }),
    );
    const turn = await thread.run("Use some tokens.");
    expect(turn.status).toBe("completed");
    const updates = ofThread(thread.id).flatMap((n) => (n.method === "thread/tokenUsage/updated" ? [n.params.tokenUsage] : []));
    expect(updates.map((u) => u.last)).toEqual([
      expect.objectContaining({ inputTokens: 100, cachedInputTokens: 30, outputTokens: 20, reasoningOutputTokens: 5, totalTokens: 120 }),
      expect.objectContaining({ inputTokens: 150, cachedInputTokens: 100, outputTokens: 10, reasoningOutputTokens: 0, totalTokens: 160 }),
    ]);
    expect(updates.at(-1)?.total).toMatchObject({ inputTokens: 250, cachedInputTokens: 130, outputTokens: 30, totalTokens: 280 });
  });
});

describe("a goal's continuation turns", () => {
  it("follow the directives of the user's own latest message, so the mock model can complete the goal", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace });
    const script = '[[mock:tool update_goal {"status":"complete"}]] [[mock:then Goal reached.]]';
    await thread.run(`Plan the work. ${script}`);
    await codex.request("thread/goal/set", { threadId: thread.id, objective: "Write three haiku" });
    const completed = await waitFor(
      () =>
        ofThread(thread.id).find(
          (n) => n.method === "thread/goal/updated" && n.params.goal.status === "complete" && n.params.turnId !== null,
        ),
      "the goal to complete",
    );
    const goalTurnId = completed.method === "thread/goal/updated" ? completed.params.turnId : undefined;
    await waitFor(
      () => ofThread(thread.id).find((n) => n.method === "turn/completed" && n.params.turn.id === goalTurnId),
      "the goal turn to complete",
    );
    const goalRequests = requestsOf(thread.id).filter((r) => r.internalContextSource === "goal");
    expect(goalRequests.map((r) => r.kind)).toEqual(["turn", "toolOutput"]);
    expect(goalRequests[0].lastUserText).toBe(`Plan the work. ${script}`);
    expect(goalRequests[1].toolOutput).toMatchObject({ kind: "function", name: "update_goal" });
    expect(goalRequests[1].toolOutput?.output).toContain('"status":"complete"');
    const { goal } = await codex.request("thread/goal/get", { threadId: thread.id });
    expect(goal?.status).toBe("complete");
  });
});
