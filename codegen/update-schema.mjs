#!/usr/bin/env node
// `npm run update-schema`: re-dumps the app-server JSON Schema of the installed (pinned)
// @openai/codex runtime into schema/, keeping the oldest supported version recorded there.
// `npm run bump-runtime` runs this as one of its steps.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { dumpSchema, RUNTIME_PACKAGE } from "./runtime-schema.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const require = createRequire(path.join(REPO_ROOT, "package.json"));
const schemaDir = path.join(REPO_ROOT, "schema");
const packageDir = path.dirname(require.resolve(`${RUNTIME_PACKAGE}/package.json`));
const pinned = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).dependencies[RUNTIME_PACKAGE];
const installed = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")).version;
if (installed !== pinned) {
  console.error(`${RUNTIME_PACKAGE} ${installed} is installed but package.json pins ${pinned}; run npm install first.`);
  process.exit(1);
}
const { oldestSupported } = JSON.parse(readFileSync(path.join(schemaDir, "runtime-version.json"), "utf8"));
const { codexVersion } = dumpSchema(packageDir, schemaDir, { oldestSupported });
console.log(`schema/ updated from ${codexVersion}`);
