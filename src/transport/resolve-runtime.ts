import { accessSync, constants, existsSync, statSync } from "node:fs";
import path from "node:path";
import { CodexStartError } from "../errors.js";
import { bundledInto, lookupBases, resolvePackageJsonFrom, SDK_PACKAGE_NAME, sdkModuleFile, type LookupBase } from "./package-lookup.js";

/** The native runtime build for one platform. */
export interface RuntimeTarget {
  /** The installed alias of the platform package, e.g. `@openai/codex-linux-x64`. */
  packageName: string;
  /** The Rust target triple naming its `vendor/` directory, e.g. `x86_64-unknown-linux-musl`. */
  triple: string;
  /** The executable's file name: `codex`, or `codex.exe` on Windows. */
  executable: string;
}

const TRIPLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  linux: { x64: "x86_64-unknown-linux-musl", arm64: "aarch64-unknown-linux-musl" },
  android: { x64: "x86_64-unknown-linux-musl", arm64: "aarch64-unknown-linux-musl" },
  darwin: { x64: "x86_64-apple-darwin", arm64: "aarch64-apple-darwin" },
  win32: { x64: "x86_64-pc-windows-msvc", arm64: "aarch64-pc-windows-msvc" },
};

/** The runtime build for `platform`/`arch` (Node's names), or `undefined` when none is published. */
export function runtimeTarget(platform: string = process.platform, arch: string = process.arch): RuntimeTarget | undefined {
  const triple = TRIPLES[platform]?.[arch];
  if (triple === undefined) return undefined;
  const packagePlatform = platform === "android" ? "linux" : platform;
  return {
    packageName: `@openai/codex-${packagePlatform}-${arch}`,
    triple,
    executable: platform === "win32" ? "codex.exe" : "codex",
  };
}

/**
 * Rewrites a path inside an Electron `app.asar` archive to the `app.asar.unpacked` directory next
 * to it, where native executables must live to be spawned. Other paths are returned unchanged.
 */
export function unpackedAsarPath(file: string): string {
  return file.replace(/([\\/])app\.asar(?=[\\/])/, "$1app.asar.unpacked");
}

/** Where the runtime binary of a platform package lives, given the package's root directory. */
export function runtimeBinaryPath(packageRoot: string, target: RuntimeTarget, pathApi: path.PlatformPath = path): string {
  return unpackedAsarPath(pathApi.join(packageRoot, "vendor", target.triple, "bin", target.executable));
}

/** How {@link resolveCodexBinary} looks things up; every field defaults to the real environment. */
export interface ResolveRuntimeOptions {
  /** Node's platform name. Default `process.platform`. */
  platform?: string;
  /** Node's architecture name. Default `process.arch`. */
  arch?: string;
  /** Resolves `<package>/package.json` to a file path, or returns `undefined` when it is not installed. */
  resolvePackageJson?: (packageName: string) => string | undefined;
  /** Whether a file exists. */
  exists?: (file: string) => boolean;
  /** The file the SDK was bundled into, or `undefined` when it runs from its own package. Only shapes the error message. */
  bundledInto?: string | undefined;
  /** Where packages were looked up from, for the error message. */
  lookedFrom?: readonly LookupBase[];
}

/**
 * Finds the native `codex` binary of the pinned `@openai/codex` runtime for this platform (never the
 * Node launcher script, which costs startup time and orphans the server when killed). Throws
 * `CodexStartError` kind `"runtime-not-found"` when the platform package is missing, with a message
 * that tells a remote-only install, a bundled SDK and a broken install apart.
 */
export function resolveCodexBinary(options: ResolveRuntimeOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const target = runtimeTarget(platform, arch);
  if (target === undefined) {
    throw new CodexStartError(
      `No Codex runtime is published for ${platform}/${arch}. Pass codexBin with the path to a codex binary built for this machine, ` +
        "or connect to an app-server running elsewhere with the transport option.",
      { kind: "runtime-not-found" },
    );
  }
  const defaults = options.resolvePackageJson === undefined;
  const bases = options.lookedFrom ?? (defaults ? lookupBases(sdkModuleFile()) : []);
  const resolvePackageJson = options.resolvePackageJson ?? ((name: string) => resolveFromBases(bases, name));
  const exists = options.exists ?? existsSync;
  const pathApi = platform === "win32" ? path.win32 : path.posix;

  const candidates: string[] = [];
  const platformPackageJson = resolvePackageJson(target.packageName);
  if (platformPackageJson !== undefined) {
    candidates.push(runtimeBinaryPath(pathApi.dirname(platformPackageJson), target, pathApi));
  }
  const mainPackageJson = resolvePackageJson("@openai/codex");
  if (mainPackageJson !== undefined) {
    candidates.push(runtimeBinaryPath(pathApi.dirname(mainPackageJson), target, pathApi));
  }
  for (const candidate of candidates) {
    if (exists(candidate)) return candidate;
  }
  const bundled = "bundledInto" in options ? options.bundledInto : defaults ? bundledInto(sdkModuleFile()) : undefined;
  throw new CodexStartError(runtimeNotFoundMessage({ platform, arch, target, candidates, bases, bundled, mainPackageJson, platformPackageJson }), {
    kind: "runtime-not-found",
  });
}

interface NotFound {
  platform: string;
  arch: string;
  target: RuntimeTarget;
  candidates: readonly string[];
  bases: readonly LookupBase[];
  bundled: string | undefined;
  mainPackageJson: string | undefined;
  platformPackageJson: string | undefined;
}

/** Says why the runtime is missing and what fixes it: the advice differs for each cause. */
function runtimeNotFoundMessage(found: NotFound): string {
  const { platform, arch, target, candidates, bases, bundled } = found;
  const what = `The Codex runtime for ${platform}/${arch} (${target.packageName})`;
  const lookedFrom = bases.length > 0 ? ` (looked from ${bases.map((base) => base.shown).join(", ")})` : "";
  const otherwise = "pass codexBin (the path to a codex binary), or connect to a running app-server with the transport option";
  if (found.platformPackageJson !== undefined) {
    return (
      `${what} is installed at ${found.platformPackageJson}, but its binary is missing (looked at ${candidates.join(", ")}). ` +
      `Reinstall dependencies so npm unpacks it again, or ${otherwise}.`
    );
  }
  if (found.mainPackageJson !== undefined) {
    return (
      `${what} is not installed: @openai/codex is (${found.mainPackageJson}), but its platform package is not, as after ` +
      "`npm install --omit=optional` (the remote-only install) or with a lockfile made on another platform. To spawn the " +
      `runtime here, reinstall with optional dependencies (\`npm install --include=optional\`); otherwise ${otherwise}.`
    );
  }
  if (bundled !== undefined) {
    return (
      `${what} was not found. The SDK runs from a bundle (${bundled}), and no @openai/codex package can be found from it${lookedFrom}. ` +
      `Reinstalling does not help: keep ${SDK_PACKAGE_NAME} external in the bundler configuration (it then loads from ` +
      `node_modules, runtime included), ship node_modules/${target.packageName} with the bundle, or ${otherwise}.`
    );
  }
  return (
    `${what} is not installed: neither @openai/codex nor its platform package was found${lookedFrom}. Reinstall ` +
    `dependencies (\`npm install\`) so npm installs the pinned @openai/codex with its platform package, or ${otherwise}.`
  );
}

/**
 * Checks that a user-supplied `codexBin` is an executable file; throws `CodexStartError` kind
 * `"codex-bin-not-found"` otherwise.
 */
export function checkCodexBin(codexBin: string): string {
  if (typeof codexBin !== "string" || codexBin === "") {
    throw new CodexStartError(`codexBin must be a non-empty path, got ${JSON.stringify(codexBin)}.`, {
      kind: "codex-bin-not-found",
    });
  }
  const file = unpackedAsarPath(path.resolve(codexBin));
  let problem: string | undefined;
  try {
    if (!statSync(file).isFile()) problem = "is not a file";
    else if (process.platform !== "win32") accessSync(file, constants.X_OK);
  } catch (error) {
    problem = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "is not executable";
  }
  if (problem !== undefined) {
    throw new CodexStartError(`codexBin ${file} ${problem}. Point codexBin at a codex binary, or remove it to use the pinned runtime.`, {
      kind: "codex-bin-not-found",
    });
  }
  return file;
}

/**
 * The first `package.json` of `packageName` found from `bases`. Under strict layouts (pnpm) a
 * platform package is visible only from `@openai/codex` itself, so that is tried from each base too.
 */
function resolveFromBases(bases: readonly LookupBase[], packageName: string): string | undefined {
  for (const base of bases) {
    const direct = resolvePackageJsonFrom(base.file, packageName);
    if (direct !== undefined) return direct;
    if (packageName === "@openai/codex") continue;
    const main = resolvePackageJsonFrom(base.file, "@openai/codex");
    const throughMain = main === undefined ? undefined : resolvePackageJsonFrom(main, packageName);
    if (throughMain !== undefined) return throughMain;
  }
  return undefined;
}
