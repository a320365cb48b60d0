import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CJS_CONSUMER, ESM_CONSUMER } from "./consumer-sources.js";

// The built declarations (dist/) compiled by a consumer under TypeScript 5.9, 6 and 7, always with
// `skipLibCheck: false`:
// - with the configuration each compiler's own `tsc --init` writes (`types: []`, target esnext),
//   without @types/node for every module resolution: node10 (CommonJS through `typesVersions`),
//   node16 and nodenext (an ES module and a CommonJS one each) and bundler; and with @types/node;
// - with a minimal configuration (`target: "es2022"`, nothing else), whose lib has no
//   `esnext.disposable`: under TypeScript 6 and 7 no @types are loaded either, so `AsyncDisposable`
//   and `Symbol.asyncDispose` exist only if the declarations bring them; with @types/node installed
//   (which TypeScript 5.9 then loads by itself) and without.

const root = fileURLToPath(new URL("../..", import.meta.url));
const require = createRequire(import.meta.url);

interface Compiler {
  name: string;
  /** The installed package (an npm alias for the versions besides the project's own). */
  packageName: string;
  /** Extra options this version needs for node10 resolution, or `undefined` when it has none. */
  node10?: Record<string, unknown>;
}

const COMPILERS: Compiler[] = [
  { name: "TypeScript 5.9", packageName: "typescript", node10: {} },
  // TypeScript 6 deprecates node10 resolution: a consumer still on it sets ignoreDeprecations.
  { name: "TypeScript 6", packageName: "typescript-6", node10: { ignoreDeprecations: "6.0" } },
  // TypeScript 7 has no node10 resolution at all.
  { name: "TypeScript 7", packageName: "typescript-7" },
];

interface Resolution {
  name: string;
  options: Record<string, unknown>;
  files: string[];
}

const RESOLUTIONS: Resolution[] = [
  { name: "node10", options: { module: "commonjs", moduleResolution: "node10" }, files: ["cjs.ts"] },
  { name: "node16", options: { module: "node16", moduleResolution: "node16" }, files: ["esm.mts", "cjs.cts"] },
  { name: "nodenext", options: { module: "nodenext", moduleResolution: "nodenext" }, files: ["esm.mts", "cjs.cts"] },
  { name: "bundler", options: { module: "esnext", moduleResolution: "bundler" }, files: ["esm.ts"] },
];

/**
 * Checking the standard library's own declarations is what makes `skipLibCheck: false` slow, and
 * it says nothing about the SDK: they are left out. The SDK's declarations are checked in full.
 */
const ALWAYS = { skipLibCheck: false, skipDefaultLibCheck: true, noEmit: true };

const work = mkdtempSync(path.join(tmpdir(), "sdk-ts-setups-"));
/** Consumer folders: one with @types/node installed, one without. */
const consumers = { withTypesNode: path.join(work, "with-types-node"), withoutTypesNode: path.join(work, "without-types-node") };
const initConfigs = new Map<string, Record<string, unknown>>();

function tscOf(compiler: Compiler): string {
  return path.join(path.dirname(require.resolve(`${compiler.packageName}/package.json`)), "bin", "tsc");
}

function run(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, ...args], { cwd, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/** At most two compilers at a time: CI has two cores. */
const slots = { free: 2, waiting: [] as Array<() => void> };
async function withSlot<T>(task: () => Promise<T>): Promise<T> {
  if (slots.free === 0) await new Promise<void>((resolve) => slots.waiting.push(resolve));
  else slots.free--;
  try {
    return await task();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

beforeAll(async () => {
  for (const dir of Object.values(consumers)) {
    mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    symlinkSync(root, path.join(dir, "node_modules", "codex-app-server-sdk"), "dir");
    writeFileSync(path.join(dir, "package.json"), '{ "name": "consumer", "private": true }\n');
    writeFileSync(path.join(dir, "esm.mts"), ESM_CONSUMER);
    writeFileSync(path.join(dir, "esm.ts"), ESM_CONSUMER);
    writeFileSync(path.join(dir, "cjs.cts"), CJS_CONSUMER);
    writeFileSync(path.join(dir, "cjs.ts"), CJS_CONSUMER);
  }
  mkdirSync(path.join(consumers.withTypesNode, "node_modules", "@types"));
  symlinkSync(path.join(root, "node_modules", "@types", "node"), path.join(consumers.withTypesNode, "node_modules", "@types", "node"), "dir");

  // Each compiler's own `tsc --init` configuration, as a new project starts from it.
  await Promise.all(
    COMPILERS.map(async (compiler) => {
      const dir = path.join(work, `init-${compiler.packageName}`);
      mkdirSync(dir);
      const { code, output } = await run(tscOf(compiler), ["--init"], dir);
      expect({ code, output: code === 0 ? "" : output }).toEqual({ code: 0, output: "" });
      const parsed = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
      if (parsed.error) throw new Error(ts.flattenDiagnosticMessageText(parsed.error.messageText, "\n"));
      initConfigs.set(compiler.packageName, (parsed.config as { compilerOptions: Record<string, unknown> }).compilerOptions);
    }),
  );
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

type Setup = "tsc --init" | "minimal";

interface Case {
  setup: Setup;
  typesNode: boolean;
  resolution: Resolution;
}

const byName = (name: string) => RESOLUTIONS.find((resolution) => resolution.name === name)!;
const CASES: Case[] = [
  ...RESOLUTIONS.map((resolution) => ({ setup: "tsc --init" as const, typesNode: false, resolution })),
  { setup: "tsc --init", typesNode: true, resolution: byName("nodenext") },
  { setup: "minimal", typesNode: false, resolution: byName("nodenext") },
  { setup: "minimal", typesNode: false, resolution: byName("bundler") },
  { setup: "minimal", typesNode: true, resolution: byName("nodenext") },
];

async function compile(compiler: Compiler, { setup, typesNode, resolution }: Case): Promise<string> {
  const dir = typesNode ? consumers.withTypesNode : consumers.withoutTypesNode;
  const init = initConfigs.get(compiler.packageName);
  const base = setup === "tsc --init" ? { ...init, ...(typesNode ? { types: ["node"] } : {}) } : { target: "es2022" };
  const extra = resolution.name === "node10" ? compiler.node10 : {};
  const config = { compilerOptions: { ...base, ...resolution.options, ...extra, ...ALWAYS }, files: resolution.files };
  const name = `tsconfig.${compiler.packageName}.${setup === "tsc --init" ? "init" : "minimal"}.${typesNode ? "node" : "none"}.${resolution.name}.json`;
  writeFileSync(path.join(dir, name), JSON.stringify(config, null, 2));
  const { code, output } = await withSlot(() => run(tscOf(compiler), ["-p", name], dir));
  return code === 0 && output === "" ? "" : `exit ${code}\n${output}`;
}

describe.concurrent("a consumer compiles against the declarations, skipLibCheck off", () => {
  for (const compiler of COMPILERS) {
    for (const testCase of CASES) {
      if (testCase.resolution.name === "node10" && compiler.node10 === undefined) continue;
      const { setup, typesNode, resolution } = testCase;
      it(`${compiler.name}, ${setup}, ${typesNode ? "with" : "without"} @types/node, ${resolution.name} resolution`, async () => {
        expect(await compile(compiler, testCase)).toBe("");
      });
    }
  }
});

describe("the TypeScript-setup matrix", () => {
  it("runs the compiler versions it names", async () => {
    const versions = await Promise.all(COMPILERS.map(async (compiler) => (await run(tscOf(compiler), ["--version"], work)).output));
    expect(versions.map((line) => /Version (\d+)\.(\d+)/.exec(line)?.slice(1, 3).join("."))).toEqual(["5.9", "6.0", "7.0"]);
  });

  it("is meaningful: under TypeScript 6 defaults a program without the SDK has no AsyncDisposable", async () => {
    const dir = path.join(work, "control");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "needs-disposable.mts"), "export const closer: AsyncDisposable | undefined = undefined;\n");
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", ...ALWAYS }, files: ["needs-disposable.mts"] }));
    const { code, output } = await run(tscOf(COMPILERS[1]!), ["-p", "tsconfig.json"], dir);
    expect(code).not.toBe(0);
    expect(output).toContain("AsyncDisposable");
  });
});
