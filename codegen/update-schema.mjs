#!/usr/bin/env node
// Re-dumps the app-server JSON Schema from the installed (pinned) @openai/codex runtime into schema/.
//
// Bump path: change the @openai/codex pin in package.json, `npm install`, `npm run update-schema`,
// `npm run generate-types`, review the diff of schema/ and generated/.
//
// Only the two bundles the code generator reads are kept (the per-type files the runtime also writes
// are copies of the same definitions), plus schema/runtime-version.json.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));
const BUNDLE = "codex_app_server_protocol.schemas.json";

/** The launcher script of the installed @openai/codex package; it picks the native binary per platform. */
const launcher = require.resolve("@openai/codex/bin/codex.js");
const pinned = JSON.parse(readFileSync(require.resolve("@openai/codex/package.json"), "utf8")).version;

const scratch = mkdtempSync(path.join(tmpdir(), "codex-schema-"));
const codexHome = path.join(scratch, "home");
mkdirSync(codexHome);
const env = { ...process.env, CODEX_HOME: codexHome };

function codex(args) {
  return execFileSync(process.execPath, [launcher, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

try {
  const versionLine = codex(["--version"]).trim();
  const match = /(\d+\.\d+\.\d+(?:-[\w.]+)?)\s*$/.exec(versionLine);
  if (!match) throw new Error(`cannot parse \`codex --version\` output: ${JSON.stringify(versionLine)}`);
  const version = match[1];
  if (version !== pinned) {
    throw new Error(`installed runtime reports ${version} but @openai/codex is ${pinned}; run npm install`);
  }

  for (const [flavor, extra] of [["stable", []], ["experimental", ["--experimental"]]]) {
    const out = path.join(scratch, flavor);
    codex(["app-server", "generate-json-schema", "--out", out, ...extra]);
    // Copied byte for byte: the runtime already writes sorted keys, so diffs between releases stay readable.
    const text = readFileSync(path.join(out, BUNDLE), "utf8");
    JSON.parse(text);
    const dest = path.join(root, "schema", flavor);
    mkdirSync(dest, { recursive: true });
    writeFileSync(path.join(dest, BUNDLE), text.endsWith("\n") ? text : `${text}\n`);
  }

  writeFileSync(
    path.join(root, "schema", "runtime-version.json"),
    `${JSON.stringify({ package: "@openai/codex", version, codexVersion: versionLine }, null, 2)}\n`,
  );
  console.log(`schema/ updated from ${versionLine}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
