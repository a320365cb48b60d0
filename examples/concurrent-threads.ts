/**
 * Concurrent threads on one client: each thread runs one turn at a time, but any number of
 * threads can run at once over the same connection, and each turn's events go only to its own
 * handle. Here three reviews of three files run side by side and stream interleaved; the total
 * takes about as long as the slowest one. Runs offline.
 *
 *   node --import tsx examples/concurrent-threads.ts
 */
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

const FILES = ["parser.ts", "lexer.ts", "printer.ts"];

export async function main(): Promise<{ answers: string[]; order: string[]; elapsedMs: number }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const order: string[] = []; // which thread each delta came from, in arrival order

  const started = Date.now();
  const answers = await Promise.all(
    FILES.map(async (file) => {
      const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
      const handle = await thread.turn(`Review ${file}. [[mock:text ${file} looks fine to me.]] [[mock:delay 40]]`);
      for await (const n of handle.stream()) {
        if (n.method === "item/agentMessage/delta") order.push(file);
      }
      const { finalResponse } = await handle.run();
      await thread.close(); // release what the client holds for a thread it is done with
      return finalResponse ?? "";
    }),
  );
  const elapsedMs = Date.now() - started;
  console.log(answers.join("\n"));
  console.log(`deltas arrived from threads ${order.map((file) => FILES.indexOf(file) + 1).join("")} (${elapsedMs} ms)`);
  return { answers, order, elapsedMs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
