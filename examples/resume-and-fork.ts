/**
 * Threads outlive clients: the server stores every thread that is not `ephemeral` in its
 * `CODEX_HOME`, so a later client (a new process, tomorrow) can list it, resume it by id and go
 * on where it stopped, or fork it into a new thread that starts from a copy of its history.
 * `threadUnarchive()` gives back a thread already resumed, ready for turns. Runs offline: both
 * clients run against the same harness, so they share one `CODEX_HOME`.
 *
 *   node --import tsx examples/resume-and-fork.ts
 */
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

export async function main(): Promise<{ listed: boolean; sawHistory: boolean; turns: { source: number; fork: number }; unarchived: string | null }> {
  await using harness = await createOfflineHarness();

  // The first client starts a thread, runs a turn, and goes away.
  let threadId: string;
  {
    await using first = await Codex.start(harness.codexOptions);
    const thread = await first.threadStart({ cwd: harness.workspace });
    await thread.run("My name is Ada. [[mock:text Hello, Ada.]]");
    threadId = thread.id; // keep the id: it is all a later client needs
  }

  // A second client, with its own app-server process, finds the thread and continues it.
  await using second = await Codex.start(harness.codexOptions);
  const { data } = await second.threadList({ limit: 10 });
  const listed = data.some((stored) => stored.id === threadId);
  const resumed = await second.threadResume(threadId);
  const answer = await resumed.run("What is my name? [[mock:text You are Ada.]]");
  const sawHistory = JSON.stringify(harness.mock.lastRequest()?.body.input).includes("My name is Ada.");
  console.log(`resumed: ${answer.finalResponse} (the model was sent the first turn: ${sawHistory})`);

  // A fork copies the history into a new thread; the two then go separate ways.
  const fork = await second.threadFork(threadId);
  await fork.run("Call me Grace from now on. [[mock:text Hello, Grace.]]");
  const turns = {
    source: (await resumed.read({ includeTurns: true })).thread.turns.length,
    fork: (await fork.read({ includeTurns: true })).thread.turns.length,
  };
  console.log(`turns: ${turns.source} on the source thread, ${turns.fork} on the fork`);

  // Archiving unloads a thread; unarchiving brings it back resumed, ready to run turns.
  await second.threadArchive(fork.id);
  const back = await second.threadUnarchive(fork.id);
  const { finalResponse: unarchived } = await back.run("Still there? [[mock:text Still here, Grace.]]");
  console.log(`unarchived: ${unarchived}`);

  return { listed, sawHistory, turns, unarchived };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
