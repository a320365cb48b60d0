/**
 * Structured output: give a turn an `outputSchema` and `run()` resolves with `output`, the final
 * answer parsed as JSON and checked against the schema. Written `as const`, the schema also
 * types `output` (here `{ city: string; population: number; districts?: string[] }`); a schema
 * from elsewhere takes a type parameter instead. An answer that is not JSON, or does not match,
 * rejects with `StructuredOutputError`. Runs offline: `[[mock:json …]]` is the mock model's answer.
 *
 *   node --import tsx examples/structured-output.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, StructuredOutputError, type JsonSchema } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

const CITY = {
  type: "object",
  properties: {
    city: { type: "string" },
    population: { type: "integer" },
    districts: { type: "array", items: { type: "string" } },
  },
  required: ["city", "population"],
  additionalProperties: false,
} as const;

interface Weather {
  summary: string;
  celsius: number;
}
/** A schema known only at run time (loaded from a file, say): its type is not a literal. */
const WEATHER: JsonSchema = JSON.parse(
  '{"type":"object","properties":{"summary":{"type":"string"},"celsius":{"type":"number"}},"required":["summary","celsius"]}',
);

export async function main(): Promise<{ population: number; summary: string; mismatch: { reason: string; text: string | null; paths: string[] } | undefined }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });

  const { output } = await thread.run('Which city is largest in Rhône? [[mock:json {"city":"Lyon","population":522250}]]', {
    outputSchema: CITY,
  });
  const population: number = output.population; // typed from the schema
  console.log(`${output.city}: ${population}, districts: ${output.districts?.length ?? "not given"}`);

  const weather = await thread.run<Weather>('Weather in Lyon? [[mock:json {"summary":"Sunny","celsius":24}]]', { outputSchema: WEATHER });
  console.log(`${weather.output.summary}, ${weather.output.celsius} °C`);

  // An answer that does not match: the error says where, and keeps the raw text.
  const mismatch = await thread
    .run('And Marseille? [[mock:json {"city":"Marseille","population":"about 870,000"}]]', { outputSchema: CITY })
    .then(
      () => undefined,
      (error: unknown) => {
        if (!(error instanceof StructuredOutputError)) throw error;
        console.log(`${error.reason}: ${error.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
        return { reason: error.reason, text: error.text, paths: error.errors.map((e) => e.path) };
      },
    );
  return { population, summary: weather.output.summary, mismatch };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
