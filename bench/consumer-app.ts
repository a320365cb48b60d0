import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The name of the empty package every consumer app has installed: the baseline of the import figures. */
export const EMPTY_PACKAGE = "empty-package";

/** A directory shaped like an app that installed this SDK, `@openai/codex-sdk` and `vscode-jsonrpc`. */
export interface ConsumerApp {
  readonly dir: string;
  dispose(): Promise<void>;
}

/**
 * Creates a temporary app whose node_modules link to this package (its built `dist/`, through its
 * `exports`), to the installed `@openai/codex-sdk` and `vscode-jsonrpc`, and to an empty ESM package,
 * so every entry is resolved by name the way an application resolves it.
 */
export async function createConsumerApp(): Promise<ConsumerApp> {
  const dir = await mkdtemp(join(tmpdir(), "codex-bench-app-"));
  const modules = join(dir, "node_modules");
  // Linked like the others, so every entry pays the same symlink resolution.
  const empty = join(dir, "packages", EMPTY_PACKAGE);
  await mkdir(empty, { recursive: true });
  await mkdir(join(modules, "@openai"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "bench-app", private: true, type: "module" }));
  await writeFile(join(empty, "package.json"), JSON.stringify({ name: EMPTY_PACKAGE, type: "module", exports: "./index.js" }));
  await writeFile(join(empty, "index.js"), "");
  await symlink(empty, join(modules, EMPTY_PACKAGE), "dir");
  await symlink(ROOT, join(modules, "codex-app-server-sdk"), "dir");
  for (const name of ["@openai/codex-sdk", "vscode-jsonrpc"]) await symlink(join(ROOT, "node_modules", name), join(modules, name), "dir");
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
