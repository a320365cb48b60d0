import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import commonjsPlugin from "@rollup/plugin-commonjs";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { build as esbuild } from "esbuild";
import { rollup } from "rollup";
import webpack from "webpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PINNED_RUNTIME_VERSION } from "../../src/version.js";

// The built package (dist/) bundled into a small app by esbuild (ESM with code splitting, and CJS),
// webpack 5 and rollup (node-resolve and commonjs only), each with its defaults for a Node program:
// every bundle must run a turn offline against the real runtime, load Ajv and the schema data only
// on demand (never in the entry chunk), and a moved bundle must say why it cannot find the runtime.

// The plugin's declarations are read as CommonJS, where the default export sits under `.default`;
// the ES module that `import` loads exports the function itself.
const commonjs = commonjsPlugin as unknown as typeof commonjsPlugin.default;

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.join(here, "app");
const outDir = path.join(here, ".out");
const root = path.resolve(here, "../..");

/** Text only Ajv's code has, and text only the protocol schema data (and its validator) has. */
const AJV_MARKER = "CodeGen: name must be a valid identifier";
const SCHEMA_MARKER = "#/definitions/";

interface Bundle {
  /** The file to run. */
  entry: string;
  /** Every file the bundler wrote. */
  files: string[];
  /** The entry and the chunks it loads statically (empty when the bundler does not split). */
  entryClosure: string[];
}

const bundles = new Map<string, Bundle>();

beforeAll(() => {
  if (!existsSync(path.join(root, "dist", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(appDir, "node_modules"), { recursive: true });
  const link = path.join(appDir, "node_modules", "codex-app-server-sdk");
  rmSync(link, { force: true });
  symlinkSync(root, link, "dir");
});

afterAll(() => {
  const rows = [...bundles].flatMap(([name, bundle]) =>
    bundle.files.map((file) => ({
      bundle: name,
      file: path.relative(path.join(outDir, name), file),
      kB: Math.round(statSync(file).size / 102.4) / 10,
      entryChunk: bundle.entryClosure.includes(file) || file === bundle.entry,
    })),
  );
  console.log("Bundle sizes (unminified):");
  console.table(rows);
  writeFileSync(path.join(outDir, "sizes.json"), `${JSON.stringify(rows, null, 2)}\n`);
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** The ES module chunks `file` imports statically (not through `import()`), itself included. */
function staticClosure(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [...seen];
  seen.add(file);
  const code = readFileSync(file, "utf8");
  for (const match of code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|^\s*import\s*["'](\.{1,2}\/[^"']+)["']/gm)) {
    staticClosure(path.resolve(path.dirname(file), (match[1] ?? match[2])!), seen);
  }
  return [...seen];
}

async function bundleWithEsbuild(name: string, format: "esm" | "cjs"): Promise<Bundle> {
  const dir = path.join(outDir, name);
  await esbuild({
    entryPoints: [path.join(appDir, "main.mjs")],
    bundle: true,
    platform: "node",
    format,
    splitting: format === "esm",
    outdir: dir,
    outExtension: { ".js": format === "esm" ? ".mjs" : ".cjs" },
    logLevel: "error",
    tsconfigRaw: {}, // as in the user's own project (see bundleWithWebpack)
  });
  const entry = path.join(dir, format === "esm" ? "main.mjs" : "main.cjs");
  return { entry, files: filesUnder(dir), entryClosure: format === "esm" ? staticClosure(entry) : [entry] };
}

async function bundleWithWebpack(name: string): Promise<Bundle> {
  const dir = path.join(outDir, name);
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(
      {
        mode: "production",
        target: "node20",
        context: appDir,
        entry: "./main.mjs",
        devtool: false,
        optimization: { minimize: false },
        output: { path: dir, filename: "main.cjs", chunkFilename: "[name].cjs" },
        // As in the user's own project: not this repository's tsconfig.json, whose `paths` map the
        // package name to its sources for the examples (webpack and esbuild read tsconfig paths by
        // default), so the bundle is made of dist/.
        resolve: { tsconfig: false },
      },
      (error, result) => (error || !result ? reject(error ?? new Error("webpack gave no result")) : resolve(result)),
    );
  });
  expect(stats.toJson({ all: false, errors: true }).errors ?? []).toEqual([]);
  const entry = path.join(dir, "main.cjs");
  // Webpack loads every other chunk on demand (`__webpack_require__.e`): the entry chunk is the entry file.
  return { entry, files: filesUnder(dir), entryClosure: [entry] };
}

async function bundleWithRollup(name: string): Promise<Bundle> {
  const dir = path.join(outDir, name);
  const warnings: string[] = [];
  const bundle = await rollup({
    input: path.join(appDir, "main.mjs"),
    plugins: [nodeResolve({ preferBuiltins: true }), commonjs()],
    external: [...builtinModules, ...builtinModules.map((id) => `node:${id}`)],
    onwarn: (warning) => warnings.push(`${warning.code}: ${warning.message}`),
  });
  await bundle.write({ dir, format: "es", entryFileNames: "[name].mjs", chunkFileNames: "[name]-[hash].mjs" });
  await bundle.close();
  // Circular dependencies inside vscode-jsonrpc and Ajv are theirs and harmless; anything else is not.
  expect(warnings.filter((warning) => !warning.startsWith("CIRCULAR_DEPENDENCY"))).toEqual([]);
  const entry = path.join(dir, "main.mjs");
  return { entry, files: filesUnder(dir), entryClosure: staticClosure(entry) };
}

interface AppResult {
  ok: boolean;
  answer?: string;
  output?: unknown;
  validated?: string;
  runtime?: string;
  name?: string;
  kind?: string;
  message?: string;
}

function runApp(file: string, cwd: string): Promise<AppResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file], { cwd, timeout: 90_000 }, (error, stdout, stderr) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as AppResult);
      } catch {
        reject(new Error(`${path.basename(file)} printed no result (${error?.message ?? "exit 0"}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

const SUCCESS = {
  ok: true,
  answer: "Hello from the bundle",
  output: { city: "Lisbon" },
  validated: "Validated",
  runtime: PINNED_RUNTIME_VERSION,
};

function expectLazyValidator(bundle: Bundle): void {
  const entryCode = bundle.entryClosure.map((file) => readFileSync(file, "utf8")).join("\n");
  expect(entryCode).not.toContain(AJV_MARKER);
  expect(entryCode).not.toContain(SCHEMA_MARKER);
  // They are in the bundle, in chunks of their own that the entry loads only on demand.
  const others = bundle.files.filter((file) => !bundle.entryClosure.includes(file)).map((file) => readFileSync(file, "utf8"));
  expect(others.some((code) => code.includes(AJV_MARKER))).toBe(true);
  expect(others.some((code) => code.includes(SCHEMA_MARKER))).toBe(true);
}

/** Each bundle is made once, however many tests use it. */
const made = new Map<string, Promise<Bundle>>();
function once(name: string, make: (name: string) => Promise<Bundle>): Promise<Bundle> {
  let bundle = made.get(name);
  if (bundle === undefined) {
    bundle = make(name).then((result) => {
      bundles.set(name, result);
      return result;
    });
    made.set(name, bundle);
  }
  return bundle;
}

describe.concurrent("a Node app bundled with the SDK", () => {
  it("esbuild, ES modules with code splitting: runs, with Ajv and the schema data out of the entry chunk", async () => {
    const bundle = await once("esbuild-esm", (name) => bundleWithEsbuild(name, "esm"));
    expect(bundle.files.length).toBeGreaterThan(2);
    expectLazyValidator(bundle);
    expect(await runApp(bundle.entry, appDir)).toEqual(SUCCESS);
  });

  it("esbuild, CommonJS in one file: runs", async () => {
    const bundle = await once("esbuild-cjs", (name) => bundleWithEsbuild(name, "cjs"));
    expect(bundle.files).toEqual([bundle.entry]);
    expect(await runApp(bundle.entry, appDir)).toEqual(SUCCESS);
  });

  it("webpack 5: runs, with Ajv and the schema data out of the entry chunk", async () => {
    const bundle = await once("webpack", bundleWithWebpack);
    expectLazyValidator(bundle);
    expect(await runApp(bundle.entry, appDir)).toEqual(SUCCESS);
  });

  it("rollup with node-resolve and commonjs only (no JSON plugin): runs, with Ajv and the schema data out of the entry chunk", async () => {
    const bundle = await once("rollup", bundleWithRollup);
    expectLazyValidator(bundle);
    expect(await runApp(bundle.entry, appDir)).toEqual(SUCCESS);
  });

  it("a bundle moved away from node_modules fails with advice for bundles, not a reinstall", async () => {
    const bundle = await once("esbuild-cjs", (name) => bundleWithEsbuild(name, "cjs"));
    const away = mkdtempSync(path.join(tmpdir(), "sdk-moved-bundle-"));
    try {
      const moved = path.join(away, "app.cjs");
      copyFileSync(bundle.entry, moved);
      const result = await runApp(moved, away);
      expect(result).toMatchObject({ ok: false, name: "CodexStartError", kind: "runtime-not-found" });
      expect(result.message).toContain(`runs from a bundle (${moved})`);
      expect(result.message).toContain("keep codex-app-server-sdk external");
      expect(result.message).toContain("codexBin");
      expect(result.message).toContain("Reinstalling does not help");
      expect(result.message).not.toContain("`npm install`");
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });

  it("a browser bundle that imports only types from ./types pulls in no code and no Node built-in", async () => {
    const dir = path.join(outDir, "browser-types");
    mkdirSync(dir, { recursive: true });
    const result = await esbuild({
      stdin: {
        contents: 'import { type Turn } from "codex-app-server-sdk/types";\nexport const none: Turn | null = null;\n',
        loader: "ts",
        resolveDir: appDir,
        sourcefile: "types-only.ts",
      },
      bundle: true,
      platform: "browser",
      format: "esm",
      outdir: dir,
      metafile: true,
      write: true,
      logLevel: "silent",
      // Keeps the `import {} from "…/types"` that `import { type X }` leaves, as a browser app's build would.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const typesInput = Object.entries(result.metafile.inputs).find(([file]) => file.endsWith("dist/types.js"));
    expect(typesInput?.[1].imports).toEqual([]);
    const output = Object.values(result.metafile.outputs)[0]!;
    expect(output.imports).toEqual([]);
  });
});
