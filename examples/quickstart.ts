/**
 * Quickstart: start a client, run one turn to completion, then stream a second turn on the same
 * thread. Offline here: the testing kit's harness points the client at a mock model. Without the
 * harness, `Codex.start()` uses your own Codex login (`codex login`, or OPENAI_API_KEY).
 *
 *   node --import tsx examples/quickstart.ts
 */
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

export async function main(): Promise<{ answer: string | null; streamed: string; tokens: number | undefined }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions); // `await using` closes it at the end of the scope

  const thread = await codex.threadStart({ cwd: harness.workspace });
  const result = await thread.run("Summarize this repository. [[mock:text It is an empty workspace.]]");
  console.log(result.finalResponse); // the answer's text
  console.log(result.status, result.usage?.totalTokens); // a Turn, plus the turn's own token usage

  const handle = await thread.turn("Now say it in French. [[mock:text C'est un espace de travail vide.]]");
  let streamed = "";
  for await (const n of handle.stream()) {
    if (n.method === "item/agentMessage/delta") {
      process.stdout.write(n.params.delta);
      streamed += n.params.delta;
    }
  }
  process.stdout.write("\n");
  return { answer: result.finalResponse, streamed, tokens: result.usage?.totalTokens };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
