/**
 * Testing an app offline with the testing kit: the real app-server against the mock model, scripted
 * from the prompt and from the test, with what the model was sent and zero egress checked.
 *
 *   node --import tsx examples/offline-test.ts
 */
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

export async function main(): Promise<void> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });

  // Scripted from the prompt itself: each model request reads the directives of its own user message.
  const greeting = await thread.run("Greet me. [[mock:text Hello, tester!]]");
  const answer = greeting.items.at(-1);
  assert.equal(answer?.type === "agentMessage" ? answer.text : undefined, "Hello, tester!");

  // Scripted from the test: a tool call, then the answer once its output comes back.
  harness.mock.enqueue(reply.exec("echo hi"), reply.text("Ran it."));
  const ran = await thread.run("Run the command", { approvalMode: "deny_all" });
  assert.equal(ran.status, "completed");
  assert.equal(harness.mock.lastUserText(), "Run the command");

  harness.mock.assertNoEgress();
  console.log(`offline test passed: ${harness.mock.requests.length} model requests, no egress`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
