/**
 * Goals on the real pinned app-server, offline: once a goal is set the server starts turns on its
 * own. The client follows them through `thread.onTurn()` as the thread's running turns, sees the
 * goal's changes through `thread.onGoal()`, and `close()` interrupts them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ThreadBusyError, type GoalChange, type TurnHandle, type TurnResult } from "../../src/index.js";
import { reply } from "../../src/testing/index.js";
import { useOfflineCodex } from "../helpers/offline-codex.js";
import { waitFor } from "../helpers/wait-for.js";

const suite = useOfflineCodex();

afterEach(() => suite.harness.mock.assertNoEgress());

const goalRequests = (threadId: string) => suite.harness.mock.requests.filter((r) => r.threadId === threadId && r.internalContextSource === "goal");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a thread's goal", () => {
  it("is set, read, updated and cleared; its server-started turns are followed through onTurn and interrupted by close()", async () => {
    const { codex, harness } = suite;
    const thread = await codex.threadStart({ cwd: harness.workspace });
    // The goal's turns follow the user's latest message: each streams slowly, so one is always running.
    await thread.run("Write haiku about rivers. [[mock:stream 6]] [[mock:delay 40]]");

    const turns: TurnHandle[] = [];
    const results: Promise<TurnResult>[] = [];
    let whileRunning: { running: number; turn: Promise<unknown> } | undefined;
    thread.onTurn((turn) => {
      turns.push(turn);
      results.push(turn.run());
      // A turn the server started is the thread's running turn from its first event on.
      whileRunning ??= { running: codex.stats.runningTurns, turn: thread.turn("Me too").catch((error: unknown) => error) };
    });
    const changes: GoalChange[] = [];
    thread.onGoal((change) => changes.push(change));

    const set = await thread.setGoal("Write three haiku about rivers", { tokenBudget: 1_000_000 });
    expect(set).toMatchObject({ threadId: thread.id, objective: "Write three haiku about rivers", status: "active", tokenBudget: 1_000_000 });

    await waitFor(() => (turns.length >= 2 ? turns : undefined), "two turns the server started for the goal");
    const first = await results[0]!;
    expect(first).toMatchObject({ id: turns[0]!.id, status: "completed" });
    expect(first.finalResponse).toMatch(/\S/);
    // The server wrote the goal turn's prompt itself; the mock followed the user's latest message.
    expect(goalRequests(thread.id)[0]?.lastUserText).toBe("Write haiku about rivers. [[mock:stream 6]] [[mock:delay 40]]");
    expect(whileRunning?.running).toBe(1);
    expect(await whileRunning?.turn).toBeInstanceOf(ThreadBusyError);

    const updated = await thread.updateGoal({ tokenBudget: 2_000_000 });
    expect(updated.tokenBudget).toBe(2_000_000);
    const read = await thread.goal();
    expect(read).toMatchObject({ status: "active", tokenBudget: 2_000_000 });
    expect(read!.tokensUsed).toBeGreaterThan(0);
    // A client's changes carry no turn; the goal's turns report their progress with their id.
    expect(changes[0]).toEqual({ goal: expect.objectContaining({ status: "active", tokenBudget: 1_000_000 }), turnId: null });
    expect(changes.some((c) => c.turnId === turns[0]!.id && c.goal?.status === "active")).toBe(true);
    await waitFor(() => changes.find((c) => c.turnId === null && c.goal?.tokenBudget === 2_000_000), "the update's thread/goal/updated");

    await thread.close();
    const ended = await Promise.all(results);
    expect(ended.at(-1)?.status).toBe("interrupted");
    expect(ended.slice(0, -1).every((turn) => turn.status === "completed")).toBe(true);
    expect(codex.stats.runningTurns).toBe(0);
    const requestsAfterClose = goalRequests(thread.id).length;
    await sleep(600);
    // The interrupt halted the loop: no turn started since, but the goal is still active.
    expect(goalRequests(thread.id).length).toBe(requestsAfterClose);
    expect((await codex.request("thread/goal/get", { threadId: thread.id })).goal?.status).toBe("active");

    // Resuming restarts the loop; clearing the goal ends it.
    const resumed = await codex.threadResume(thread.id, { excludeTurns: true });
    const resumedTurns: TurnHandle[] = [];
    resumed.onTurn((turn) => resumedTurns.push(turn));
    const cleared = new Promise<GoalChange>((resolve) => resumed.onGoal((change) => change.goal === null && resolve(change)));
    await waitFor(() => (resumedTurns.length > 0 ? resumedTurns : undefined), "a goal turn after the resume");
    await expect(resumed.clearGoal()).resolves.toBe(true);
    await expect(cleared).resolves.toEqual({ goal: null, turnId: null });
    await Promise.all(resumedTurns.map((turn) => turn.run()));
    const afterClear = goalRequests(thread.id).length;
    await sleep(500);
    expect(goalRequests(thread.id).length).toBe(afterClear);
    await expect(resumed.goal()).resolves.toBeNull();
    await expect(resumed.clearGoal()).resolves.toBe(false);
    await resumed.close();
  });

  it("ends by itself when the model marks it complete", async () => {
    const { codex, harness } = suite;
    const thread = await codex.threadStart({ cwd: harness.workspace });
    await thread.run("Plan it. [[mock:text Planned.]]");
    harness.mock.enqueue(reply.text("Working on it."), reply.toolCall("update_goal", { status: "complete" }), reply.text("Done."));
    const turns: Promise<TurnResult>[] = [];
    thread.onTurn((turn) => turns.push(turn.run()));
    const complete = new Promise<GoalChange>((resolve) => thread.onGoal((change) => change.goal?.status === "complete" && resolve(change)));
    await thread.setGoal("Finish the plan");
    const change = await complete;
    const results = await Promise.all(turns);
    expect(results.map((turn) => [turn.status, turn.finalResponse])).toEqual([
      ["completed", "Working on it."],
      ["completed", "Done."],
    ]);
    // The model's update_goal call is reported with the turn that made it.
    expect(change.turnId).toBe(results[1]!.id);
    await sleep(300);
    expect(turns).toHaveLength(2);
    await thread.close();
  });

  it("is refused on an ephemeral thread with the server's error", async () => {
    const thread = await suite.codex.threadStart({ cwd: suite.harness.workspace, ephemeral: true });
    await expect(thread.setGoal("Anything")).rejects.toThrow(/ephemeral thread does not support goals/);
    await thread.close();
  });
});
