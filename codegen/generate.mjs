#!/usr/bin/env node
// `npm run generate-types`: schema/ -> generated/ (see pipeline.mjs).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT, runPipeline } from "./pipeline.mjs";

/** Writes the pipeline output into `outDir`, removing files the pipeline no longer produces. */
export async function generateInto(outDir) {
  const started = performance.now();
  const { files, stats } = await runPipeline();
  mkdirSync(outDir, { recursive: true });
  for (const name of readdirSync(outDir)) if (!Object.hasOwn(files, name)) rmSync(path.join(outDir, name), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(outDir, name), text);
  return { files, stats, ms: performance.now() - started };
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.join(REPO_ROOT, "codegen", "generate.mjs");
if (invokedDirectly) {
  const { files, stats, ms } = await generateInto(path.join(REPO_ROOT, "generated"));
  const sizes = Object.entries(files).map(([n, t]) => `${n} ${(Buffer.byteLength(t) / 1024).toFixed(0)} KB`).join(", ");
  console.log(
    `generated/ from @openai/codex ${stats.runtimeVersion} in ${(ms / 1000).toFixed(2)} s: ${stats.exports.length} types, ` +
      `${stats.clientMethods} client methods (${stats.stableClientMethods} stable), ${stats.serverRequests} server requests, ` +
      `${stats.notifications} notifications, ${stats.patches.length} schema patches; ${sizes}`,
  );
}
