/**
 * An event log for a UI that detaches and comes back: with `eventLog`, the client keeps the latest
 * notifications of each open thread, numbered. The UI remembers the last `seq` it showed; when it
 * comes back, `thread.events({ after: seq })` replays exactly what it missed and then follows the
 * thread live, across turns. Runs offline.
 *
 *   node --import tsx examples/event-log.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, type LoggedEvent, type Thread } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

/**
 * A stand-in for a UI: shows a thread's answers until `turns` turns have completed, then detaches.
 * Resolves with the last `seq` it showed, and the first.
 */
async function showTurns(events: AsyncIterable<LoggedEvent>, turns: number, shown: string[]): Promise<{ first: number; last: number }> {
  let first = 0;
  let last = 0;
  for await (const { seq, notification } of events) {
    first ||= seq;
    last = seq;
    if (notification.method === "item/completed" && notification.params.item.type === "agentMessage") {
      shown.push(`#${seq} ${notification.params.item.text}`);
    }
    if (notification.method === "turn/completed" && --turns === 0) break;
  }
  return { first, last };
}

export async function main(): Promise<{ shown: string[]; resumedAfter: number; firstReplayed: number }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start({ ...harness.codexOptions, eventLog: { maxEventsPerThread: 1_000 } });
  const thread: Thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
  const shown: string[] = [];

  // The UI follows the first turn live, then goes away.
  const following = showTurns(thread.events(), 1, shown);
  await thread.run("First question. [[mock:text The first answer.]]");
  const { last: lastShown } = await following;

  // A second turn runs while nobody watches.
  await thread.run("Second question. [[mock:text The second answer, given while the UI was away.]]");

  // The UI comes back: the missed turn is replayed from the log, then the third is followed live.
  const returning = showTurns(thread.events({ after: lastShown }), 2, shown);
  await thread.run("Third question. [[mock:text The third answer, shown live.]]");
  const { first: firstReplayed } = await returning;
  console.log(shown.join("\n"));
  return { shown, resumedAfter: lastShown, firstReplayed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
