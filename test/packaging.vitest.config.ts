import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * `npm run test:packaging`: the built package (dist/) bundled by esbuild, webpack and rollup and run,
 * and its declarations compiled by TypeScript 5.9, 6 and 7 under each module setup. Builds first.
 */
export default defineConfig({
  root,
  test: {
    include: ["test/bundlers/**/*.test.ts", "test/typescript/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Two files, each keeping both cores busy with its own child processes.
    fileParallelism: false,
  },
});
