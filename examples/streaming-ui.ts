/**
 * A streaming terminal UI: one loop over `handle.stream()` shows the turn as it happens: the
 * reasoning summary, each command the agent runs with its output, the answer as its deltas arrive,
 * and a status line with the token count at the end. Narrow on `n.method` and TypeScript knows
 * each notification's params. Runs offline against the testing kit's mock model.
 *
 *   node --import tsx examples/streaming-ui.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, type TurnHandle } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

const color = process.stdout.isTTY === true;
const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[22m` : text);
const bold = (text: string) => (color ? `\x1b[1m${text}\x1b[22m` : text);

/** Writes the turn to `write` as its events arrive; resolves when the turn has completed. */
export async function render(handle: TurnHandle, write: (text: string) => void): Promise<void> {
  const started = Date.now();
  const streamedOutput = new Set<string>(); // commands whose output arrived as deltas
  for await (const n of handle.stream()) {
    switch (n.method) {
      case "item/reasoning/summaryTextDelta":
        write(dim(n.params.delta));
        break;
      case "item/started":
        if (n.params.item.type === "reasoning") write(dim("thinking: "));
        // `command` is what the server runs (`/bin/bash -c '…'`); the actions hold the model's own command line.
        if (n.params.item.type === "commandExecution") {
          const actions = n.params.item.commandActions.map((action) => action.command);
          write(`\n${bold("$")} ${actions.join(" && ") || n.params.item.command}\n`);
        }
        if (n.params.item.type === "agentMessage") write("\n");
        break;
      case "item/commandExecution/outputDelta":
        streamedOutput.add(n.params.itemId);
        write(dim(n.params.delta));
        break;
      case "item/completed":
        if (n.params.item.type === "commandExecution") {
          // A quick command's output may arrive only with the completed item.
          if (!streamedOutput.has(n.params.item.id)) write(dim(n.params.item.aggregatedOutput ?? ""));
          write(dim(`[exit ${n.params.item.exitCode ?? "?"}]\n`));
        }
        break;
      case "item/agentMessage/delta":
        write(n.params.delta);
        break;
      case "turn/completed":
        write(`\n${dim(`── ${n.params.turn.status} in ${Date.now() - started} ms, ${handle.usage?.totalTokens ?? 0} tokens`)}\n`);
        break;
    }
  }
}

export async function main(write: (text: string) => void = (text) => process.stdout.write(text)): Promise<void> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });

  // The mock model's two answers: a command (after a reasoning summary), then the text once it ran.
  harness.mock.enqueue(
    reply.exec("echo README.md", { reasoning: "I should list the workspace first." }),
    reply.text("There is one file, README.md.", { delayMs: 20 }),
  );
  const handle = await thread.turn("Which files are here?");
  await render(handle, write);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
