import { accessSync, constants, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CodexStartError } from "../errors.js";

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
}

/**
 * Finds the native `codex` binary of the pinned `@openai/codex` runtime for this platform (never the
 * Node launcher script, which costs startup time and orphans the server when killed). Throws
 * `CodexStartError` kind `"runtime-not-found"` when the platform package is missing.
 */
export function resolveCodexBinary(options: ResolveRuntimeOptions = {}): string {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const target = runtimeTarget(platform, arch);
  if (target === undefined) {
    throw new CodexStartError(
      `No Codex runtime is published for ${platform}/${arch}. Pass codexBin with the path to a codex binary built for this machine.`,
      { kind: "runtime-not-found" },
    );
  }
  const resolvePackageJson = options.resolvePackageJson ?? defaultResolvePackageJson;
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
  throw new CodexStartError(
    `The Codex runtime for ${platform}/${arch} is not installed (looked for ${target.packageName}` +
      (candidates.length ? ` at ${candidates.join(", ")}` : "") +
      "). Reinstall dependencies without --no-optional / --omit=optional so npm installs it, or pass codexBin.",
    { kind: "runtime-not-found" },
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

function defaultResolvePackageJson(packageName: string): string | undefined {
  const base = typeof __filename === "string" ? __filename : import.meta.url;
  const fromHere = createRequire(base);
  const resolvers = [fromHere];
  // Under strict layouts (pnpm) the platform package is visible only from @openai/codex itself.
  const main = tryResolve(fromHere, "@openai/codex/package.json");
  if (main !== undefined) resolvers.push(createRequire(main));
  for (const resolver of resolvers) {
    const found = tryResolve(resolver, `${packageName}/package.json`);
    if (found !== undefined) return found;
  }
  return undefined;
}

function tryResolve(resolver: NodeRequire, request: string): string | undefined {
  try {
    return resolver.resolve(request);
  } catch {
    return undefined;
  }
}
