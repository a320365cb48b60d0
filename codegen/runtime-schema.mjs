// Getting the protocol schema out of an installed @openai/codex runtime, and reading a schema
// folder (schema/ or a scratch dump) back. A schema folder holds the stable and experimental
// bundles the code generator reads, plus runtime-version.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The bundle file the runtime writes, one per flavor. */
export const BUNDLE = "codex_app_server_protocol.schemas.json";
/** The two flavors: the stable API, and the superset the `--experimental` flag adds. */
export const FLAVORS = Object.freeze(["stable", "experimental"]);
/** The npm package of the runtime. */
export const RUNTIME_PACKAGE = "@openai/codex";
/** The devDependency alias under which the oldest supported runtime is installed, for its tests. */
export const OLDEST_RUNTIME_ALIAS = "codex-oldest-supported";

const VERSION = /(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/;

/** `major.minor.patch[-pre]` comparison, negative / zero / positive like a sort comparator. */
export function compareVersions(a, b) {
  const parse = (v) => {
    const [core, pre] = v.split(/-(.*)/s);
    return { parts: core.split(".").map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.parts[i] !== y.parts[i]) return (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Whether `text` is a `major.minor.patch[-pre]` version. */
export function isVersion(text) {
  return typeof text === "string" && /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(text);
}

/**
 * Dumps the schema of the runtime installed at `packageDir` (an `@openai/codex` package folder)
 * into `outDir`: both bundles, byte for byte (the runtime writes sorted keys, so diffs between
 * releases stay readable), and runtime-version.json. `oldestSupported` is carried into that file.
 * The per-type files the runtime also writes repeat the bundles' definitions and are not kept.
 * @returns {{ version: string; codexVersion: string }}
 */
export function dumpSchema(packageDir, outDir, { oldestSupported } = {}) {
  const launcher = path.join(packageDir, "bin", "codex.js");
  const installed = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")).version;
  const scratch = mkdtempSync(path.join(tmpdir(), "codex-schema-"));
  const codexHome = path.join(scratch, "home");
  mkdirSync(codexHome);
  const codex = (args) =>
    execFileSync(process.execPath, [launcher, ...args], {
      env: { ...process.env, CODEX_HOME: codexHome },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  try {
    const codexVersion = codex(["--version"]).trim();
    const version = VERSION.exec(codexVersion)?.[1];
    if (version === undefined) throw new Error(`cannot parse \`codex --version\` output: ${JSON.stringify(codexVersion)}`);
    if (version !== installed) {
      throw new Error(`the runtime in ${packageDir} reports ${version} but its package is ${installed}; reinstall it`);
    }
    for (const flavor of FLAVORS) {
      const out = path.join(scratch, flavor);
      codex(["app-server", "generate-json-schema", "--out", out, ...(flavor === "experimental" ? ["--experimental"] : [])]);
      const text = readFileSync(path.join(out, BUNDLE), "utf8");
      JSON.parse(text);
      mkdirSync(path.join(outDir, flavor), { recursive: true });
      writeFileSync(path.join(outDir, flavor, BUNDLE), text.endsWith("\n") ? text : `${text}\n`);
    }
    const record = { package: RUNTIME_PACKAGE, version, codexVersion, ...(oldestSupported ? { oldestSupported } : {}) };
    writeFileSync(path.join(outDir, "runtime-version.json"), `${JSON.stringify(record, null, 2)}\n`);
    return { version, codexVersion };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Reads a schema folder: its versions and both raw bundles.
 * @returns {{ version: string; oldestSupported?: string; stable: any; experimental: any }}
 */
export function readSchemaDir(dir) {
  const record = JSON.parse(readFileSync(path.join(dir, "runtime-version.json"), "utf8"));
  const bundle = (flavor) => JSON.parse(readFileSync(path.join(dir, flavor, BUNDLE), "utf8"));
  return { version: record.version, oldestSupported: record.oldestSupported, stable: bundle("stable"), experimental: bundle("experimental") };
}
