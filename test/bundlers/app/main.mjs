// A small app that the bundler tests bundle with each bundler and run: a plain turn and a turn with
// an output schema (Ajv, loaded on demand) through the testing kit, offline against the real runtime,
// then one turn on a client that validates every message (the schema data, loaded on demand). It
// prints one JSON line: what it saw, or the error that stopped it.
import { Codex, CodexError } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

const SCHEMA = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};

async function main() {
  const harness = await createOfflineHarness();
  const clients = [];
  try {
    const codex = await Codex.start(harness.codexOptions);
    clients.push(codex);
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    harness.mock.enqueue(reply.text("Hello from the bundle"), reply.json({ city: "Lisbon" }));
    const plain = await thread.run("Say hello");
    const structured = await thread.run("Name a city", { outputSchema: SCHEMA });

    const validating = await Codex.start({ ...harness.codexOptions, validate: "strict" });
    clients.push(validating);
    harness.mock.enqueue(reply.text("Validated"));
    const checked = await (await validating.threadStart({ cwd: harness.workspace, ephemeral: true })).run("Check me");

    harness.mock.assertNoEgress();
    return { ok: true, answer: plain.finalResponse, output: structured.output, validated: checked.finalResponse, runtime: codex.runtimeVersion };
  } finally {
    for (const client of clients) await client.close();
    await harness.close();
  }
}

main().then(
  (result) => console.log(JSON.stringify(result)),
  (error) => {
    console.log(JSON.stringify({ ok: false, name: error?.name, kind: error?.kind, sdkError: error instanceof CodexError, message: String(error?.message ?? error) }));
    process.exitCode = 1;
  },
);
