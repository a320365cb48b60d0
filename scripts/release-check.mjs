// `npm run release:check`: checks that the package is ready to publish, on the tarball `npm pack`
// makes (its prepack builds dist/ first):
// 1. the pinned runtime agrees everywhere: package.json, schema/runtime-version.json, the headers
//    and constants of generated/, the installed @openai/codex and the README;
// 2. the tarball holds exactly the expected files (each entry in ESM, CJS, declarations and source
//    maps, the chunks, LICENSE, README, CHANGELOG, the third-party notices), and nothing else;
// 3. publint (strict) and attw pass on the tarball;
// 4. the remote-only install (`npm install --omit=optional`) has no native runtime, says so clearly
//    (`runtime-not-found`) when asked to spawn one, and runs a turn with codexBin. Sizes are printed.
// Needs the npm registry or its cache (for the remote-only install's two dependencies).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const problems = [];
const fail = (message) => problems.push(message);
const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

// 1. The pin.
const manifest = readJson("package.json");
const pin = manifest.dependencies?.["@openai/codex"];
const recorded = readJson("schema/runtime-version.json");
if (!/^\d+\.\d+\.\d+$/.test(pin ?? "")) fail(`package.json must pin @openai/codex to an exact version, not ${JSON.stringify(pin)}.`);
if (recorded.version !== pin) fail(`schema/runtime-version.json records ${recorded.version}, package.json pins ${pin}: run \`npm run bump-runtime -- ${pin}\`.`);
for (const file of readdirSync(path.join(root, "generated"))) {
  const header = readFileSync(path.join(root, "generated", file), "utf8").slice(0, 600);
  const named = /Generated from the app-server JSON Schema of @openai\/codex (\S+) /.exec(header)?.[1];
  if (named !== pin) fail(`generated/${file} was generated from @openai/codex ${named ?? "(no header)"}, not the pin ${pin}: run \`npm run generate-types\`.`);
}
const constants = readFileSync(path.join(root, "generated", "runtime-version.ts"), "utf8");
if (!constants.includes(`PINNED_RUNTIME_VERSION = "${pin}"`)) fail(`generated/runtime-version.ts does not export PINNED_RUNTIME_VERSION = "${pin}".`);
if (!constants.includes(`MIN_RUNTIME_VERSION = "${recorded.oldestSupported}"`)) {
  fail(`generated/runtime-version.ts does not export MIN_RUNTIME_VERSION = "${recorded.oldestSupported}" (schema/runtime-version.json).`);
}
const installed = JSON.parse(readFileSync(require.resolve("@openai/codex/package.json"), "utf8")).version;
if (installed !== pin) fail(`node_modules has @openai/codex ${installed}, not the pin ${pin}: run \`npm ci\`.`);
if (!readFileSync(path.join(root, "README.md"), "utf8").includes(`pinned to exactly \`${pin}\``)) fail(`README.md does not say the runtime is pinned to exactly \`${pin}\`.`);
const sdkVersion = /SDK_VERSION = "([^"]+)"/.exec(readFileSync(path.join(root, "src", "version.ts"), "utf8"))?.[1];
if (sdkVersion !== manifest.version) fail(`src/version.ts has SDK_VERSION ${sdkVersion}, package.json ${manifest.version}.`);

// 2. The tarball.
const work = mkdtempSync(path.join(tmpdir(), "sdk-release-check-"));
try {
  const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  // prepack's build writes to stdout too: the report is the JSON array that ends the output.
  const [report] = JSON.parse(packed.slice(packed.lastIndexOf("\n[\n") + 1));
  const tarball = path.join(work, report.filename);
  const files = report.files.map((file) => file.path).sort();
  checkFiles(files);

  // 3. publint and attw.
  const tool = (name, args) => {
    const result = spawnSync(path.join(root, "node_modules", ".bin", name), args, { cwd: root, encoding: "utf8" });
    if (result.status !== 0) fail(`${name} failed on the tarball:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  tool("publint", [tarball, "--strict"]);
  tool("attw", [tarball, "--format", "table-flipped"]);

  // 4. The remote-only install.
  const remote = checkRemoteOnlyInstall(tarball, path.join(work, "remote-only"));

  console.log(
    [
      `Tarball ${report.filename}: ${kB(report.size)} packed, ${kB(report.unpackedSize)} unpacked, ${report.entryCount} files.`,
      `Remote-only install (npm install --omit=optional): ${kB(remote.total)} in node_modules, of which the SDK ${kB(remote.sdk)}; ` +
        `packages: ${remote.packages.join(", ")}.`,
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`release:check found ${problems.length} problem(s):\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`release:check passed: codex-app-server-sdk ${manifest.version}, runtime ${pin} (oldest supported ${recorded.oldestSupported}).`);

function kB(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** Every file the tarball must hold, and the forms any other file may take. */
function checkFiles(files) {
  const required = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/THIRD-PARTY-NOTICES.md"];
  for (const entry of ["index", "types", "testing"]) {
    for (const suffix of [".js", ".js.map", ".cjs", ".cjs.map", ".d.ts", ".d.cts"]) required.push(`dist/${entry}${suffix}`);
  }
  for (const file of required) if (!files.includes(file)) fail(`The tarball lacks ${file}.`);
  // Shared chunks and lazily loaded modules, each with its map; shared declaration chunks.
  const chunk = /^dist\/[\w-]+-[A-Za-z0-9_-]{8}\.(js|cjs)(\.map)?$|^dist\/[\w-]+-[A-Za-z0-9_-]{8}\.d\.c?ts$/;
  for (const file of files) {
    if (!required.includes(file) && !chunk.test(file)) fail(`The tarball holds ${file}, which is not one of the expected files.`);
    if (/\.c?js$/.test(file) && !files.includes(`${file}.map`)) fail(`The tarball holds ${file} without its source map.`);
  }
  for (const lazy of ["validator", "ajv-classes"]) {
    for (const extension of ["js", "cjs"]) {
      if (!files.some((file) => new RegExp(`^dist/${lazy}-[A-Za-z0-9_-]{8}\\.${extension}$`).test(file))) fail(`The tarball lacks the ${lazy} chunk (.${extension}).`);
    }
  }
}

function directorySize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += directorySize(file);
    else if (entry.isFile()) total += statSync(file).size;
  }
  return total;
}

function checkRemoteOnlyInstall(tarball, dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), '{ "name": "remote-only-app", "private": true, "type": "module" }\n');
  execFileSync("npm", ["install", "--omit=optional", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], { cwd: dir, stdio: "inherit" });
  const modules = path.join(dir, "node_modules");
  const packages = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) for (const scoped of readdirSync(path.join(modules, entry))) packages.push(`${entry}/${scoped}`);
    else packages.push(entry);
  }
  if (packages.some((name) => /^@openai\/codex-/.test(name))) fail(`The remote-only install has a native runtime package: ${packages.join(", ")}.`);

  const binary = resolveBinaryOfThisCheckout();
  writeFileSync(
    path.join(dir, "check.mjs"),
    `import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";
const out = {};
try {
  await Codex.start();
  out.spawned = "the pinned runtime (it should be missing)";
} catch (error) {
  out.kind = error.kind;
  out.message = error.message;
}
const harness = await createOfflineHarness();
try {
  harness.mock.enqueue(reply.text("Remote-only works"));
  const codex = await Codex.start({ ...harness.codexOptions, codexBin: ${JSON.stringify(binary)} });
  out.answer = (await (await codex.threadStart({ ephemeral: true })).run("hi")).finalResponse;
  await codex.close();
} finally {
  await harness.close();
}
console.log(JSON.stringify(out));
`,
  );
  const run = spawnSync(process.execPath, ["check.mjs"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  let out;
  try {
    out = JSON.parse(run.stdout.trim().split("\n").at(-1));
  } catch {
    fail(`The remote-only check printed no result:\n${run.stdout}${run.stderr}`);
    out = {};
  }
  if (out.kind !== "runtime-not-found" || !String(out.message).includes("--omit=optional")) {
    fail(`Codex.start() in the remote-only install should fail with runtime-not-found naming --omit=optional; got ${JSON.stringify(out)}.`);
  }
  if (out.answer !== "Remote-only works") fail(`A turn with codexBin in the remote-only install did not complete: ${JSON.stringify(out)}.`);
  return {
    total: directorySize(modules),
    sdk: directorySize(path.join(modules, "codex-app-server-sdk")),
    packages: packages.sort(),
  };
}

/** This checkout's native runtime binary, for the codexBin run of the remote-only install. */
function resolveBinaryOfThisCheckout() {
  const platformPackage = `@openai/codex-${process.platform}-${process.arch}`;
  const vendor = path.join(path.dirname(require.resolve(`${platformPackage}/package.json`)), "vendor");
  const [triple] = readdirSync(vendor);
  const binary = path.join(vendor, triple, "bin", process.platform === "win32" ? "codex.exe" : "codex");
  if (!existsSync(binary)) throw new Error(`No runtime binary at ${binary}: run \`npm ci\`.`);
  return binary;
}
