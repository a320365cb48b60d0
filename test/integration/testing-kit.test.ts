/**
 * Drives the real pinned app-server through the testing kit, offline: one harness and one server for
 * the whole file, one ephemeral thread per scenario, scripted by `[[mock:…]]` directives.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Codex } from "../../src/client/codex.js";
import { createOfflineHarness, reply, type OfflineHarness } from "../../src/testing/index.js";
import { waitFor } from "../helpers/wait-for.js";
import type { CommandExecutionApprovalDecision, ServerNotification, ThreadStartParams, Turn, TurnStartParams } from "../../src/types.js";
import { PINNED } from "../helpers/runtime-versions.js";

let harness: OfflineHarness;
let codex: Codex;
const notifications: ServerNotification[] = [];
const approvalRequests: Array<{ threadId: string; command: string | null | undefined; reason: string | null | undefined }> = [];

/** Decides approvals statelessly from the command: `echo decide-decline` is declined, and so on. */
function decisionFor(command: string): CommandExecutionApprovalDecision {
  if (command.includes("decide-decline")) return "decline";
  if (command.includes("decide-cancel")) return "cancel";
  return "accept";
}

beforeAll(async () => {
  harness = await createOfflineHarness({ approvalPolicy: "on-request" });
  codex = await Codex.start({
    ...harness.codexOptions,
    clientInfo: { name: "testing_kit_suite", version: "0.0.0" },
    serverRequests: {
      "item/commandExecution/requestApproval": (params) => {
        approvalRequests.push({ threadId: params.threadId, command: params.command, reason: params.reason });
        return { decision: decisionFor(params.command ?? "") };
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
  expect(harness.mock.proxyAttempts).toEqual([]);
  harness.mock.assertNoEgress();
});

type Params = { threadId?: string; turnId?: string; thread?: { id?: string }; turn?: { id?: string }; [key: string]: unknown };
const paramsOf = (n: ServerNotification) => n.params as Params;
const threadOf = (n: ServerNotification) => paramsOf(n).threadId ?? paramsOf(n).thread?.id;
const ofThread = (threadId: string) => notifications.filter((n) => threadOf(n) === threadId);

async function startThread(params: Partial<ThreadStartParams> = {}): Promise<string> {
  const { thread } = await codex.request("thread/start", { cwd: harness.workspace, ephemeral: true, ...params });
  return thread.id;
}

async function startTurn(threadId: string, text: string, extra: Partial<TurnStartParams> = {}): Promise<string> {
  const { turn } = await codex.request("turn/start", { threadId, input: [{ type: "text", text }], ...extra });
  return turn.id;
}

function completion(threadId: string, turnId: string): Promise<Turn> {
  return waitFor(() => {
    const done = ofThread(threadId).find((n) => n.method === "turn/completed" && paramsOf(n).turn?.id === turnId);
    return done?.method === "turn/completed" ? done.params.turn : undefined;
  }, `turn/completed of ${turnId}`);
}

/** Starts a thread and a turn, and waits for the turn to end. */
async function runTurn(text: string, threadParams: Partial<ThreadStartParams> = {}, turnParams: Partial<TurnStartParams> = {}) {
  const threadId = await startThread(threadParams);
  const turnId = await startTurn(threadId, text, turnParams);
  const turn = await completion(threadId, turnId);
  return { threadId, turnId, turn, events: ofThread(threadId) };
}

function deltasOf(events: ServerNotification[]): string {
  return events.flatMap((n) => (n.method === "item/agentMessage/delta" ? [n.params.delta] : [])).join("");
}

function completedItems(events: ServerNotification[]) {
  return events.flatMap((n) => (n.method === "item/completed" ? [n.params.item] : []));
}

function commandItem(events: ServerNotification[]) {
  const item = completedItems(events).find((i) => i.type === "commandExecution");
  if (item?.type !== "commandExecution") throw new Error("no completed commandExecution item");
  return item;
}

function finalMessage(events: ServerNotification[]): string | undefined {
  const messages = completedItems(events).flatMap((i) => (i.type === "agentMessage" ? [i.text] : []));
  return messages[messages.length - 1];
}

const requestsOf = (threadId: string) => harness.mock.requests.filter((r) => r.threadId === threadId);
const escalated = (command: string) =>
  `[[mock:exec {"cmd":"${command}","sandbox_permissions":"require_escalated","justification":"The suite needs it."}]]`;

describe("testing kit against the real app-server", () => {
  it("streams a scripted answer whose deltas reassemble to the text", async () => {
    const text = "Hello from the mock model, streamed in words.";
    const { turn, events, threadId } = await runTurn(`Say hello. [[mock:text ${text}]]`);
    expect(turn.status).toBe("completed");
    expect(events.filter((n) => n.method === "item/agentMessage/delta")).toHaveLength(8);
    expect(deltasOf(events)).toBe(text);
    expect(finalMessage(events)).toBe(text);
    const [request] = requestsOf(threadId);
    expect(request).toMatchObject({ kind: "turn", path: "/v1/responses", lastUserText: `Say hello. [[mock:text ${text}]]` });
    expect(request.body.model).toBe("mock-model");
  });

  it("accepts a command approval: the command runs and its output goes back to the model", async () => {
    const { turn, events, threadId } = await runTurn('Run it. [[mock:exec {"cmd":"echo decide-accept"}]] [[mock:then Ran it.]]', {
      approvalPolicy: "untrusted",
    });
    expect(turn.status).toBe("completed");
    expect(approvalRequests.filter((r) => r.threadId === threadId)).toEqual([
      expect.objectContaining({ command: expect.stringContaining("echo decide-accept") }),
    ]);
    expect(events.some((n) => n.method === "serverRequest/resolved")).toBe(true);
    expect(commandItem(events)).toMatchObject({ status: "completed", exitCode: 0, aggregatedOutput: "decide-accept\n" });
    expect(finalMessage(events)).toBe("Ran it.");
    const requests = requestsOf(threadId);
    expect(requests.map((r) => r.kind)).toEqual(["turn", "toolOutput"]);
    expect(requests[1].toolOutput?.output).toContain("decide-accept");
  });

  it("declines a command approval: the command does not run and the turn completes", async () => {
    const { turn, events, threadId } = await runTurn(`Run it. ${escalated("echo decide-decline")}`);
    expect(turn.status).toBe("completed");
    expect(approvalRequests.filter((r) => r.threadId === threadId)).toEqual([
      expect.objectContaining({ reason: "The suite needs it." }),
    ]);
    expect(commandItem(events).status).toBe("declined");
    expect(finalMessage(events)).toContain("rejected by user");
    expect(requestsOf(threadId).map((r) => r.kind)).toEqual(["turn", "toolOutput"]);
  });

  it("cancels a command approval: the turn is interrupted without a second model request", async () => {
    const { turn, events, threadId } = await runTurn(`Run it. ${escalated("echo decide-cancel")}`);
    expect(turn.status).toBe("interrupted");
    expect(approvalRequests.filter((r) => r.threadId === threadId)).toHaveLength(1);
    expect(commandItem(events).status).toBe("declined");
    expect(requestsOf(threadId).map((r) => r.kind)).toEqual(["turn"]);
  });

  describe("automatic approval review", () => {
    const reviewed = { approvalPolicy: "on-request", approvalsReviewer: "auto_review" } as const;

    it("allow: the reviewer approves and the command runs, without asking the client", async () => {
      const { turn, events, threadId } = await runTurn(`Run it. ${escalated("echo reviewed-allow")} [[mock:review allow]]`, reviewed);
      expect(turn.status).toBe("completed");
      expect(approvalRequests.filter((r) => r.threadId === threadId)).toEqual([]);
      const review = events.find((n) => n.method === "item/autoApprovalReview/completed");
      expect(review?.method === "item/autoApprovalReview/completed" && review.params.review.status).toBe("approved");
      expect(commandItem(events)).toMatchObject({ status: "completed", aggregatedOutput: "reviewed-allow\n" });
      const reviews = harness.mock.requests.filter((r) => r.kind === "review" && r.lastUserText?.includes("reviewed-allow"));
      expect(reviews).toHaveLength(1);
      expect(reviews[0].body.text?.format?.name).toBe("codex_output_schema");
    });

    it("deny (the default verdict): the command does not run", async () => {
      const { turn, events, threadId } = await runTurn(`Run it. ${escalated("echo reviewed-deny")}`, reviewed);
      expect(turn.status).toBe("completed");
      expect(approvalRequests.filter((r) => r.threadId === threadId)).toEqual([]);
      const review = events.find((n) => n.method === "item/autoApprovalReview/completed");
      expect(review?.method === "item/autoApprovalReview/completed" && review.params.review.status).toBe("denied");
      expect(commandItem(events).status).toBe("declined");
      expect(commandItem(events).aggregatedOutput ?? "").not.toContain("reviewed-deny");
    });
  });

  it("answers an outputSchema turn with the scripted JSON", async () => {
    const outputSchema = {
      type: "object",
      properties: { answer: { type: "number" }, unit: { type: "string" } },
      required: ["answer", "unit"],
      additionalProperties: false,
    };
    const { turn, events, threadId } = await runTurn('Answer. [[mock:json {"answer":42,"unit":"m"}]]', {}, { outputSchema });
    expect(turn.status).toBe("completed");
    expect(JSON.parse(finalMessage(events) ?? "")).toEqual({ answer: 42, unit: "m" });
    const [request] = requestsOf(threadId);
    expect(request.kind).toBe("outputSchema");
    expect(request.outputSchema).toEqual(outputSchema);
  });

  it("runs two concurrent turns on two threads without crossing their events", async () => {
    const [a, b] = await Promise.all([startThread(), startThread()]);
    const words = (tag: string) => Array.from({ length: 12 }, (_, i) => `${tag}${i}`).join(" ");
    const [turnA, turnB] = await Promise.all([
      startTurn(a, `[[mock:text ${words("A")}]] [[mock:delay 10]]`),
      startTurn(b, `[[mock:text ${words("B")}]] [[mock:delay 10]]`),
    ]);
    const [doneA, doneB] = await Promise.all([completion(a, turnA), completion(b, turnB)]);
    expect([doneA.status, doneB.status]).toEqual(["completed", "completed"]);
    for (const [threadId, turnId, tag] of [
      [a, turnA, "A"],
      [b, turnB, "B"],
    ] as const) {
      const events = ofThread(threadId);
      expect(deltasOf(events)).toBe(words(tag));
      for (const n of events) {
        const turnOf = paramsOf(n).turnId ?? paramsOf(n).turn?.id;
        if (turnOf !== undefined) expect(turnOf).toBe(turnId);
      }
    }
    const itemIds = (threadId: string) =>
      new Set(ofThread(threadId).flatMap((n) => (n.method === "item/agentMessage/delta" ? [n.params.itemId] : [])));
    const idsA = itemIds(a);
    for (const id of itemIds(b)) expect(idsA.has(id)).toBe(false);
  });

  it("interrupts a stalled turn", async () => {
    const threadId = await startThread();
    const turnId = await startTurn(threadId, "[[mock:text one two three]] [[mock:stall 1]]");
    await waitFor(() => ofThread(threadId).find((n) => n.method === "item/agentMessage/delta"), "the first delta");
    await codex.request("turn/interrupt", { threadId, turnId });
    const turn = await completion(threadId, turnId);
    expect(turn.status).toBe("interrupted");
    expect(deltasOf(ofThread(threadId))).toBe("one ");
  });

  it("turns a failed model response into a failed turn", async () => {
    const { turn, events } = await runTurn("[[mock:fail the model is down]]");
    expect(turn.status).toBe("failed");
    expect(turn.error?.message).toContain("the model is down");
    const errors = events.flatMap((n) => (n.method === "error" ? [n.params] : []));
    expect(errors).toEqual([expect.objectContaining({ willRetry: false })]);
  });

  it("turns a connection broken mid-stream into a failed turn", async () => {
    const { turn, events } = await runTurn("[[mock:text one two three four]] [[mock:break 2]]");
    expect(turn.status).toBe("failed");
    expect(deltasOf(events)).toBe("one two ");
  });

  it("streams a scripted reasoning summary", async () => {
    const { turn, events } = await runTurn("[[mock:reasoning Weighing the options.]] [[mock:text Decided.]]");
    expect(turn.status).toBe("completed");
    const summary = events.flatMap((n) => (n.method === "item/reasoning/summaryTextDelta" ? [n.params.delta] : [])).join("");
    expect(summary).toBe("Weighing the options.");
    expect(finalMessage(events)).toBe("Decided.");
  });

  it("answers from the programmatic queue: a tool call, then the follow-up", async () => {
    harness.mock.enqueue(reply.exec("echo queued-call"), (request) =>
      reply.text(`Saw ${request.toolOutput?.output.includes("queued-call") ? "the output" : "nothing"}.`),
    );
    const { turn, events, threadId } = await runTurn("No directives here.");
    expect(turn.status).toBe("completed");
    expect(commandItem(events)).toMatchObject({ status: "completed", aggregatedOutput: "queued-call\n" });
    expect(finalMessage(events)).toBe("Saw the output.");
    expect(requestsOf(threadId).map((r) => r.answer?.source)).toEqual(["queue", "queue"]);
  });

  it("turns an HTTP 500 into a failed turn after a single request", async () => {
    const { turn, threadId } = await runTurn("[[mock:http 500]]");
    expect(turn.status).toBe("failed");
    expect(turn.error?.codexErrorInfo).toBe("internalServerError");
    expect(requestsOf(threadId)).toHaveLength(1);
  });
});

describe("the egress trap with the real app-server", () => {
  it("records and refuses the runtime's own internet attempts, so the zero-egress checks can fail", async () => {
    // The curated-plugin sync is the runtime's only internet traffic; the kit turns it off by default.
    await using own = await createOfflineHarness({ config: { features: { plugins: true } } });
    await using client = await Codex.start(own.codexOptions);
    await waitFor(() => (own.mock.proxyAttempts.length > 0 ? true : undefined), "an outbound attempt through the trap");
    expect(client.runtimeVersion).toBe(PINNED);
    for (const attempt of own.mock.proxyAttempts) {
      expect(attempt.target).toMatch(/(?:^|[/.])(?:github\.com|chatgpt\.com)\b/);
    }
    expect(() => own.mock.assertNoEgress()).toThrow(/outbound connection attempt/);
    // None of it reached the model endpoint.
    expect(own.mock.requests).toEqual([]);
  });
});
