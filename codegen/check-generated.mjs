#!/usr/bin/env node
// `npm run check-generated`: regenerates into a temporary directory and fails if generated/ differs
// (a hand edit, or a schema/ or codegen/ change without `npm run generate-types`).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateInto } from "./generate.mjs";
import { REPO_ROOT } from "./pipeline.mjs";

const committed = path.join(REPO_ROOT, "generated");
const scratch = mkdtempSync(path.join(tmpdir(), "codex-generated-"));
try {
  await generateInto(scratch);
  const expected = readdirSync(scratch).sort();
  const actual = existsSync(committed) ? readdirSync(committed).sort() : [];
  const problems = [];
  for (const name of expected) {
    if (!actual.includes(name)) problems.push(`missing: generated/${name}`);
    else if (!readFileSync(path.join(scratch, name)).equals(readFileSync(path.join(committed, name)))) {
      const want = readFileSync(path.join(scratch, name), "utf8").split("\n");
      const have = readFileSync(path.join(committed, name), "utf8").split("\n");
      const line = want.findIndex((l, i) => l !== have[i]);
      problems.push(`differs: generated/${name} (first difference at line ${line + 1})`);
    }
  }
  for (const name of actual) if (!expected.includes(name)) problems.push(`unexpected: generated/${name}`);
  if (problems.length > 0) {
    console.error(`generated/ is out of date with schema/ and codegen/:\n  ${problems.join("\n  ")}\nRun \`npm run generate-types\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(`generated/ is up to date (${expected.length} files).`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
