/**
 * Goals: `thread.setGoal(objective)` makes the server work on its own, turn after turn, until the
 * model marks the goal complete (or it is paused, cleared, or runs out of its token budget).
 * `thread.onTurn()` hands a `TurnHandle` for each of those server-started turns, and
 * `thread.onGoal()` reports the goal's progress. Here the mock model works for two turns and then
 * calls the runtime's `update_goal` tool to mark the goal complete. Runs offline.
 *
 *   node --import tsx examples/goals.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, type TurnHandle } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

export async function main(): Promise<{ turns: string[]; goalStatuses: string[]; final: string | null }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace });
  await thread.run("Let us write haiku about rivers. [[mock:text Ready when you are.]]");

  // The server's continuation turns: two drafts, then the model declares the goal complete.
  harness.mock.enqueue(
    reply.text("First haiku: cold water, old stones."),
    reply.text("Second haiku: the river keeps its name."),
    reply.toolCall("update_goal", { status: "complete" }),
    reply.text("Both haiku are written."),
  );

  const turns: string[] = [];
  const ended: Promise<unknown>[] = [];
  thread.onTurn((turn: TurnHandle) => {
    ended.push(
      turn.run().then((result) => {
        turns.push(`${result.status}: ${result.finalResponse}`);
        console.log(`turn ${turn.id} ${result.status}: ${result.finalResponse}`);
      }),
    );
  });
  const goalStatuses: string[] = [];
  const reached = (status: string) =>
    new Promise<void>((resolve) => {
      const watch = thread.onGoal(({ goal }) => {
        if ((goal?.status ?? "cleared") !== status) return;
        watch.dispose();
        resolve();
      });
    });
  thread.onGoal(({ goal }) => goalStatuses.push(goal?.status ?? "cleared"));
  const done = reached("complete");

  const goal = await thread.setGoal("Write two haiku about rivers", { tokenBudget: 10_000 });
  console.log(`goal set: "${goal.objective}" (${goal.status})`);
  await done;
  await Promise.all(ended);
  const final = await thread.goal();
  console.log(`goal ${final?.status} after ${final?.tokensUsed} tokens`);
  const cleared = reached("cleared");
  await thread.clearGoal();
  await cleared;
  return { turns, goalStatuses, final: final?.status ?? null };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
