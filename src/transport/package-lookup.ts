import { existsSync, readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The name this SDK is published under. */
export const SDK_PACKAGE_NAME = "codex-app-server-sdk";

type RequireFrom = (from: string) => NodeRequire;

/**
 * Node's `module.createRequire`, read by name at run time. Bundlers rewrite a call of the imported
 * `createRequire` into their own module lookup (webpack turns it into `undefined`), which cannot find
 * packages installed next to the bundle; a value they cannot see through is left alone.
 */
const requireFrom = Reflect.get(nodeModule, "createRequire") as RequireFrom;

/** A file the SDK looks packages up from, and what it is. */
export interface LookupBase {
  /** An absolute file path; packages are looked up in the `node_modules` folders above it. */
  readonly file: string;
  /** The place for messages, e.g. `the working directory (/srv/app)`. */
  readonly shown: string;
}

/**
 * The file this module was loaded from, or `undefined` when the host does not say. In ES modules
 * that is `import.meta.url`; in the CommonJS build `import.meta` is empty and `__filename` says it.
 * When the SDK is bundled, both name the bundle (or, with webpack, the file at build time).
 */
export function sdkModuleFile(): string | undefined {
  const url: unknown = import.meta.url;
  if (typeof url === "string" && url.startsWith("file:")) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  try {
    return typeof __filename === "string" && path.isAbsolute(__filename) ? __filename : undefined;
  } catch {
    // A bundle in ES module format where `__filename` does not exist.
    return undefined;
  }
}

/**
 * Where to look installed packages up from, in order: the SDK's own file (which finds its own
 * dependencies under any layout, pnpm's included), then the main script and the working directory
 * (which find a `node_modules` next to a bundled app).
 */
export function lookupBases(moduleFile: string | undefined): LookupBase[] {
  const bases: LookupBase[] = [];
  const add = (file: string | undefined, shown: string) => {
    if (file !== undefined && !bases.some((base) => base.file === file)) bases.push({ file, shown });
  };
  add(moduleFile, `the SDK (${moduleFile})`);
  const script = process.argv[1];
  const main = typeof script === "string" && script !== "" ? path.resolve(script) : undefined;
  add(main, `the main script (${main})`);
  // createRequire takes a file; the name of one inside the directory stands for the directory.
  add(path.join(process.cwd(), "noop.js"), `the working directory (${process.cwd()})`);
  return bases;
}

/** Resolves `<packageName>/package.json` from `from`, or returns `undefined` when it cannot be found there. */
export function resolvePackageJsonFrom(from: string, packageName: string): string | undefined {
  try {
    return requireFrom(from).resolve(`${packageName}/package.json`);
  } catch {
    return undefined;
  }
}

/**
 * The file the SDK was bundled into, or `undefined` when it runs from its own package (`dist/` or
 * `src/` of a package named `codex-app-server-sdk`). A bundled SDK cannot rely on finding its
 * dependencies' files from its own location.
 */
export function bundledInto(moduleFile: string | undefined): string | undefined {
  if (moduleFile === undefined) return "an unknown file (the host does not tell where the SDK's code was loaded from)";
  let dir = path.dirname(moduleFile);
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const inside = path.relative(dir, moduleFile).split(path.sep)[0];
      return packageName(manifest) === SDK_PACKAGE_NAME && (inside === "dist" || inside === "src") ? undefined : moduleFile;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return moduleFile;
    dir = parent;
  }
}

function packageName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
