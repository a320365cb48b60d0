import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * `npm run test:stress`: the reliability scenarios at full size, several trials each, one file at a
 * time (so the figures are not measured against each other), writing test/reliability/results.json.
 */
export default defineConfig({
  root,
  test: {
    include: ["test/reliability/**/*.test.ts"],
    testTimeout: 900_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
    env: {
      RELIABILITY_STRESS: "1",
      RELIABILITY_RESULTS_DIR: fileURLToPath(new URL("./.results", import.meta.url)),
    },
    globalSetup: ["test/reliability/support/stress-results.ts"],
  },
});
