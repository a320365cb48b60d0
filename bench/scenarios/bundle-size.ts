import { build } from "esbuild";
import { writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import { createConsumerApp } from "../consumer-app.js";
import { ensureBuilt } from "../fresh-build.js";
import type { Sample, Scenario } from "../scenario.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const APPS: Record<string, string> = {
  sdk: 'import { Codex } from "codex-app-server-sdk";\nconsole.log(Codex);\n',
  official: 'import { Codex } from "@openai/codex-sdk";\nconsole.log(Codex);\n',
};

async function bundle(app: string, name: string, source: string): Promise<Sample> {
  const entryFile = join(app, `${name}.js`);
  await writeFile(entryFile, source);
  const result = await build({
    entryPoints: [entryFile],
    bundle: true,
    minify: true,
    splitting: true,
    format: "esm",
    platform: "node",
    outdir: join(app, "out"),
    write: false,
    logLevel: "silent",
  });
  const entry = result.outputFiles.find((file) => basename(file.path) === `${name}.js`);
  if (entry === undefined) throw new Error(`esbuild wrote no ${name}.js.`);
  const total = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
  return { entryKiB: entry.contents.length / 1024, entryGzipKiB: gzipSync(entry.contents).length / 1024, totalKiB: total / 1024 };
}

/** Scenario 8b: what an app importing `Codex` ships. */
export const bundleSize: Scenario = {
  id: "bundle",
  group: "cost",
  title: "8b. Bundle size",
  summary:
    "An app whose only import is `Codex` (`console.log(Codex)`), bundled by esbuild (minified, ESM, platform node, " +
    "code splitting so lazily imported modules become their own chunks), against the same app on `@openai/codex-sdk`. " +
    "The entry chunk is what loads at startup; the total adds the lazy chunks (the schema validator).",
  reps: 3,
  runners: ["bundle"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, official: `\`${CONTESTANT_NAMES.official}\`` },
  runTimeoutMs: 120_000,
  metrics: [
    { key: "entryKiB", label: "entry chunk, minified", unit: "KiB", digits: 1, comparisons: [{ of: "sdk", vs: "official" }] },
    { key: "entryGzipKiB", label: "entry chunk, minified + gzip", unit: "KiB", digits: 1, comparisons: [{ of: "sdk", vs: "official" }] },
    { key: "totalKiB", label: "all chunks, minified", unit: "KiB", digits: 1 },
  ],
  async run() {
    ensureBuilt();
    const app = await createConsumerApp();
    try {
      const samples: Record<string, Sample> = {};
      for (const [name, source] of Object.entries(APPS)) samples[name] = await bundle(app.dir, name, source);
      return samples;
    } finally {
      await app.dispose();
    }
  },
};
