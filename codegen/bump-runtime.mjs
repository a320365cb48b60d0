#!/usr/bin/env node
// `npm run bump-runtime -- [version] [--oldest <version>]`: moves the SDK to another @openai/codex
// runtime in one go. It pins `version` (default: the registry's latest) in package.json and the
// README's version sentences, keeps the
// oldest supported runtime installed under the OLDEST_RUNTIME_ALIAS devDependency, installs both,
// dumps the new schema into schema/, prints what changed in the protocol, regenerates generated/,
// and runs the type check and the unit tests. It ends by saying the tree is ready to review, or by
// listing exactly what is left to do by hand.
//
// The oldest supported runtime becomes the previous pin when moving to a newer one (so one release
// of overlap is always tested), stays when re-pinning or moving back, and `--oldest` sets it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { latestRuntimeVersion, npm } from "./registry.mjs";
import { compareVersions, dumpSchema, isVersion, OLDEST_RUNTIME_ALIAS, readSchemaDir, RUNTIME_PACKAGE } from "./runtime-schema.mjs";
import { diffSchemas, handEdits, renderReport } from "./schema-diff.mjs";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA_DIR = path.join(REPO_ROOT, "schema");
const PACKAGE_JSON = path.join(REPO_ROOT, "package.json");
const README = path.join(REPO_ROOT, "README.md");

/** The README sentences that name the runtime versions, and how to write them. */
const README_VERSIONS = [
  { pattern: /pinned to exactly `[^`]+`/g, text: (pin) => `pinned to exactly \`${pin}\`` },
  {
    pattern: /Supported runtimes: `[^`]+` \(the oldest\) to `[^`]+` \(the pin\)/g,
    text: (pin, oldest) => `Supported runtimes: \`${oldest}\` (the oldest) to \`${pin}\` (the pin)`,
  },
];

/** The deployment files that install the pinned runtime, and how each names its version. */
const DEPLOY_FILES = ["docs/deploy/Dockerfile", "docs/deploy/app-server.yaml", "docs/deploy/pool.yaml", "docs/remote.md"];
const DEPLOY_VERSIONS = [
  { pattern: /@openai\/codex@\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g, text: (pin) => `@openai/codex@${pin}` },
  { pattern: /codex-app-server:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?/g, text: (pin) => `codex-app-server:${pin}` },
];

/** A deployment file's text with the pinned runtime version written in. */
export function writeDeployVersions(text, pin) {
  return DEPLOY_VERSIONS.reduce((out, { pattern, text: render }) => out.replace(pattern, render(pin)), text);
}

/** `readme` with the pinned and oldest supported versions written in; throws if a sentence is missing. */
export function writeReadmeVersions(readme, pin, oldest) {
  let text = readme;
  for (const { pattern, text: render } of README_VERSIONS) {
    if (!pattern.test(text)) throw new Error(`README.md has no sentence matching ${pattern}; restore it so bumps can keep it current`);
    text = text.replace(pattern, render(pin, oldest));
  }
  return text;
}

function usage(message) {
  console.error(`${message}\nUsage: npm run bump-runtime -- [version] [--oldest <version>]`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { version: undefined, oldest: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--oldest") options.oldest = argv[++i];
    else if (arg.startsWith("--oldest=")) options.oldest = arg.slice("--oldest=".length);
    else if (arg.startsWith("-")) usage(`Unknown option ${arg}.`);
    else if (options.version === undefined) options.version = arg;
    else usage(`Unexpected argument ${arg}.`);
  }
  if (options.version !== undefined && !isVersion(options.version)) usage(`${options.version} is not a version.`);
  if (options.oldest !== undefined && !isVersion(options.oldest)) usage(`--oldest ${options.oldest} is not a version.`);
  return options;
}

/** The oldest supported runtime after moving from `current` to `target` (see the file comment). */
export function nextOldestSupported(current, target) {
  if (compareVersions(target.version, current.version) > 0) return current.version;
  return compareVersions(current.oldestSupported, target.version) <= 0 ? current.oldestSupported : target.version;
}

function step(title) {
  console.log(`\n==> ${title}`);
}

function writePackageJson(version, oldest) {
  const pkg = JSON.parse(readFileSync(PACKAGE_JSON, "utf8"));
  pkg.dependencies[RUNTIME_PACKAGE] = version;
  const dev = { ...pkg.devDependencies, [OLDEST_RUNTIME_ALIAS]: `npm:${RUNTIME_PACKAGE}@${oldest}` };
  pkg.devDependencies = Object.fromEntries(Object.keys(dev).sort().map((k) => [k, dev[k]]));
  writeFileSync(PACKAGE_JSON, `${JSON.stringify(pkg, null, 2)}\n`);
}

/** Lockfile and node_modules entries of the runtime packages: the pin, its alias and their platform packages. */
const RUNTIME_ENTRY = new RegExp(`(?:^|/)node_modules/(?:${RUNTIME_PACKAGE.replace("/", "\\/")}[^/]*|${OLDEST_RUNTIME_ALIAS})(?:/|$)`);

/**
 * Forgets the installed runtimes, so npm lays them out afresh: the pin's platform packages at the
 * top of node_modules and the alias's nested under it, whichever versions were installed before.
 * Without this, npm keeps the old layout and the result depends on the bump history.
 */
function forgetInstalledRuntimes() {
  const lockfile = path.join(REPO_ROOT, "package-lock.json");
  const lock = JSON.parse(readFileSync(lockfile, "utf8"));
  lock.packages = Object.fromEntries(Object.entries(lock.packages).filter(([key]) => !RUNTIME_ENTRY.test(key)));
  writeFileSync(lockfile, `${JSON.stringify(lock, null, 2)}\n`);
  const modules = path.join(REPO_ROOT, "node_modules");
  for (const dir of [path.join(modules, OLDEST_RUNTIME_ALIAS), ...runtimeDirs(path.join(modules, "@openai"))]) {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runtimeDirs(scope) {
  const prefix = RUNTIME_PACKAGE.split("/")[1];
  return existsSync(scope) ? readdirSync(scope).filter((name) => name.startsWith(prefix)).map((name) => path.join(scope, name)) : [];
}

/** Runs a check; returns null when it passes, else its output (trimmed to the end). */
function check(command, args) {
  try {
    execFileSync(command, args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return null;
  } catch (error) {
    const output = `${error.stdout ?? ""}${error.stderr ?? ""}`.trim().split("\n");
    return output.slice(-60).join("\n") || String(error.message);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const before = readSchemaDir(SCHEMA_DIR);
  const version = options.version ?? latestRuntimeVersion();
  const oldest = options.oldest ?? nextOldestSupported(before, { version });
  if (compareVersions(oldest, version) > 0) usage(`--oldest ${oldest} is newer than the runtime to pin, ${version}.`);
  console.log(`Runtime ${before.version} -> ${version}; oldest supported ${before.oldestSupported} -> ${oldest}.`);

  step(`Installing ${RUNTIME_PACKAGE}@${version} and ${OLDEST_RUNTIME_ALIAS} (${RUNTIME_PACKAGE}@${oldest}); updating README.md and the deployment files`);
  writePackageJson(version, oldest);
  writeFileSync(README, writeReadmeVersions(readFileSync(README, "utf8"), version, oldest));
  for (const file of DEPLOY_FILES.map((name) => path.join(REPO_ROOT, name))) {
    writeFileSync(file, writeDeployVersions(readFileSync(file, "utf8"), version));
  }
  forgetInstalledRuntimes();
  npm(["install", "--no-audit", "--no-fund"], { cwd: REPO_ROOT, stdio: "inherit" });

  step("Dumping the runtime's schema into schema/");
  const packageDir = path.join(REPO_ROOT, "node_modules", ...RUNTIME_PACKAGE.split("/"));
  const { codexVersion } = dumpSchema(packageDir, SCHEMA_DIR, { oldestSupported: oldest });
  console.log(`schema/ updated from ${codexVersion}`);

  step("What changed in the protocol");
  const report = diffSchemas(before, readSchemaDir(SCHEMA_DIR));
  console.log(renderReport(report));
  const edits = handEdits(report);

  const failures = [];
  step("Regenerating generated/");
  try {
    const { generateInto } = await import("./generate.mjs");
    const { stats } = await generateInto(path.join(REPO_ROOT, "generated"));
    console.log(`generated/ from ${stats.runtimeVersion}: ${stats.exports.length} types, ${stats.clientMethods} client methods`);
  } catch (error) {
    failures.push(`code generation stopped, generated/ is unchanged: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (failures.length === 0) {
    step("Type check");
    const typecheck = check(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json", "--noEmit"]);
    console.log(typecheck === null ? "ok" : "FAILED");
    if (typecheck !== null) failures.push(`the type check fails:\n${typecheck}`);
    step("Unit tests");
    const unit = check(process.execPath, [path.join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "test/unit", "--reporter=dot"]);
    console.log(unit === null ? "ok" : "FAILED");
    if (unit !== null) failures.push(`unit tests fail:\n${unit}`);
  }

  step("To review by hand");
  console.log(edits.length > 0 ? edits.map((e) => `- ${e}`).join("\n") : "- nothing: the protocol did not change");
  if (failures.length > 0) {
    step("Stopped: left to do by hand");
    console.log(failures.map((f) => `- ${f}`).join("\n"));
    console.log("\nFix these (the list above says where), then run `npm run generate-types` and `npm test`.");
    process.exitCode = 1;
    return;
  }
  step("Ready to review");
  console.log(`The tree pins ${RUNTIME_PACKAGE} ${version} (oldest supported ${oldest}). Review \`git diff\`, run \`npm test\`, and commit.`);
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
