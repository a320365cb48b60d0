#!/usr/bin/env node
// `npm run check:drift`: installs the registry's latest @openai/codex into a scratch folder, dumps
// its schema and compares it with schema/ (the same report as the bump). Exits 1 when the pin is
// behind the registry, or when schema/ does not match the pinned runtime's own schema; 0 otherwise.
//
// Options: `--installed <dir>` compares an already installed @openai/codex package folder instead
// of asking the registry; `--schema <dir>` compares against another schema folder than schema/.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installRuntime, latestRuntimeVersion } from "./registry.mjs";
import { compareVersions, dumpSchema, readSchemaDir, RUNTIME_PACKAGE } from "./runtime-schema.mjs";
import { diffSchemas, handEdits, isEmptyDiff, renderReport } from "./schema-diff.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function parseArgs(argv) {
  const options = { installed: undefined, schema: path.join(REPO_ROOT, "schema") };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (flag === "--installed") options.installed = path.resolve(value);
    else if (flag === "--schema") options.schema = path.resolve(value);
    else {
      console.error(`Unknown argument ${argv[i]}.\nUsage: npm run check:drift -- [--installed <dir>] [--schema <dir>]`);
      process.exit(2);
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const pinned = readSchemaDir(options.schema);
const scratch = mkdtempSync(path.join(tmpdir(), "codex-drift-"));
try {
  let packageDir = options.installed;
  let source = `installed at ${options.installed}`;
  if (packageDir === undefined) {
    const latest = latestRuntimeVersion();
    source = "the registry's latest";
    console.log(`Installing ${RUNTIME_PACKAGE}@${latest} into a scratch folder...`);
    packageDir = installRuntime(latest, scratch);
  }
  dumpSchema(packageDir, path.join(scratch, "schema"));
  const candidate = readSchemaDir(path.join(scratch, "schema"));
  const report = diffSchemas(pinned, candidate);
  console.log(`Pinned runtime ${pinned.version}; ${source} is ${candidate.version}.\n`);
  console.log(renderReport(report));

  const order = compareVersions(candidate.version, pinned.version);
  if (order > 0) {
    console.log(`\nDRIFT: the pin (${pinned.version}) is behind ${candidate.version}. Run \`npm run bump-runtime -- ${candidate.version}\`; it will ask for:`);
    console.log(handEdits(report).map((e) => `- ${e}`).join("\n"));
    process.exitCode = 1;
  } else if (order === 0 && !isEmptyDiff(report)) {
    console.log(`\nDRIFT: schema/ does not match the schema of ${candidate.version} itself. Run \`npm run update-schema\` and \`npm run generate-types\`.`);
    process.exitCode = 1;
  } else if (order === 0) {
    console.log(`\nNo drift: the pin is ${candidate.version}.`);
  } else {
    console.log(`\nNo drift: the pin (${pinned.version}) is ahead of ${candidate.version}.`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
