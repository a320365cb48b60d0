import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCES = ["src", "generated", "package.json", "tsup.config.ts"];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Runs `npm run build` unless dist/ is newer than every source file, so the import figures are of the current code. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(join(ROOT, "dist", "index.js")).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built > Math.max(...SOURCES.map((source) => newestChange(join(ROOT, source))))) return;
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
}
