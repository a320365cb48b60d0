/**
 * Changing a running turn: `handle.steer(input)` adds input the model sees at its next step (a
 * second `thread.turn()` would be refused with `ThreadBusyError`); an `AbortSignal` stops a turn
 * from outside (a Stop button, a deadline) and rejects at once with the signal's reason, while
 * the server ends the turn as `interrupted`; `handle.interrupt()` stops it and lets `run()`
 * resolve normally. Runs offline.
 *
 *   node --import tsx examples/steer-and-interrupt.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, ThreadBusyError } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

/** A long answer from the mock model: 100 deltas, 30 ms apart. */
const LONG = "[[mock:stream 100]] [[mock:delay 30]]";

export async function main(): Promise<{ steered: string | null; busyRefused: boolean; aborted: string; interrupted: string; statuses: string[] }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace });

  // 1. Steer: change course while the model is still answering.
  const handle = await thread.turn(`Count to a hundred. ${LONG}`);
  const busyRefused = await thread.turn("Something else").then(
    () => false,
    (error: unknown) => error instanceof ThreadBusyError, // one turn at a time per thread
  );
  let deltas = 0;
  for await (const n of handle.stream()) {
    if (n.method === "item/agentMessage/delta" && ++deltas === 5) {
      await handle.steer("Stop counting and say goodbye. [[mock:text Goodbye!]]");
    }
  }
  const steered = handle.finalResponse ?? null;
  console.log(`steered: ${steered}`);

  // 2. Abort: a signal rejects run() at once; the thread takes a new turn as soon as the server has ended this one.
  const stop = new AbortController();
  setTimeout(() => stop.abort(new Error("The user pressed Stop.")), 300);
  const aborted = await thread.run(`Write a long essay. ${LONG}`, { signal: stop.signal }).then(
    () => "not aborted",
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
  console.log(`aborted: ${aborted}`);

  // AbortSignal.timeout() is a deadline for the whole turn.
  await thread.run(`And another. ${LONG}`, { signal: AbortSignal.timeout(300) }).catch((error: unknown) => {
    console.log(`deadline: ${error instanceof Error ? error.name : error}`); // TimeoutError
  });

  // 3. Interrupt: the turn ends as "interrupted" and run() resolves with what it produced.
  const long = await thread.turn(`Count again. ${LONG}`);
  setTimeout(() => void long.interrupt(), 300);
  const { status } = await long.run();
  console.log(`interrupted: ${status}`);

  const { thread: stored } = await thread.read({ includeTurns: true });
  return { steered, busyRefused, aborted, interrupted: status, statuses: stored.turns.map((turn) => turn.status) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
