import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const TRIPLES: Record<string, string> = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

/**
 * The native `codex` binary of the installed `@openai/codex` runtime for this machine, so every
 * contestant runs the very same executable (not the Node launcher script in front of it).
 */
export function nativeCodexBinary(): string {
  const platform = `${process.platform}-${process.arch}`;
  const triple = TRIPLES[platform];
  if (triple === undefined) throw new Error(`The benchmarks know no Codex runtime build for ${platform}.`);
  const fromRuntime = createRequire(createRequire(import.meta.url).resolve("@openai/codex/package.json"));
  const packageJson = fromRuntime.resolve(`@openai/codex-${platform}/package.json`);
  const bin = join(dirname(packageJson), "vendor", triple, "bin", "codex");
  if (!existsSync(bin)) throw new Error(`The Codex runtime binary is missing at ${bin}; run npm ci.`);
  return bin;
}

/** The version the binary reports (`codex --version`), e.g. `"0.169.0"`. */
export async function codexVersion(bin: string): Promise<string> {
  const { stdout } = await promisify(execFile)(bin, ["--version"]);
  return stdout.trim().replace(/^codex-cli\s+/, "");
}
