import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** The package's own entry points, resolved to their sources (as tsconfig.json's `paths` does for tsc and tsx). */
const entry = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Suites that build bundles or run several compilers: `npm run test:packaging` runs them (and CI). */
const PACKAGING_SUITES = ["test/bundlers/**", "test/typescript/**"];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^codex-app-server-sdk$/, replacement: entry("./src/index.ts") },
      { find: /^codex-app-server-sdk\/types$/, replacement: entry("./src/types.ts") },
      { find: /^codex-app-server-sdk\/testing$/, replacement: entry("./src/testing/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...PACKAGING_SUITES],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
      // The TypeScript of the project, by path: `tsc` on PATH may be one of the compilers the
      // TypeScript-setup tests install under aliases (typescript-6, typescript-7).
      checker: "node_modules/typescript/bin/tsc",
    },
  },
});
