/**
 * A multi-turn chat: one thread, one turn per line the user types. Every turn sees the ones
 * before it, because they are turns of the same thread (a new thread per prompt would forget).
 * Run in a terminal it reads your lines until an empty one; offline, the mock model answers with
 * how much of the conversation it was sent, which shows the history growing.
 *
 *   node --import tsx examples/chat.ts
 */
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

/** Lines from the terminal, until an empty line or the end of the input. */
async function* terminalLines(): AsyncGenerator<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, prompt: "you> " });
  terminal.prompt();
  try {
    for await (const line of terminal) {
      if (line.trim() === "") return;
      yield line;
      terminal.prompt();
    }
  } finally {
    terminal.close();
  }
}

export async function main(lines: AsyncIterable<string> | Iterable<string> = terminalLines()): Promise<string[]> {
  await using harness = await createOfflineHarness();
  // The mock model's answer: how many earlier answers the request carried, and the latest message.
  harness.mock.setHandler((request) => {
    const earlier = (request.body.input ?? []).filter((item) => item.type === "message" && item.role === "assistant").length;
    return reply.text(`(history: ${earlier} earlier answer${earlier === 1 ? "" : "s"}) You said: ${request.lastUserText}`);
  });
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });

  const answers: string[] = [];
  for await (const line of lines) {
    const handle = await thread.turn(line);
    process.stdout.write("codex> ");
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta") process.stdout.write(n.params.delta);
    }
    process.stdout.write("\n");
    answers.push(handle.finalResponse ?? "");
  }
  return answers;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
