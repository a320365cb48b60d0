import { defineConfig } from "vitest/config";

/** Suites that build bundles or run several compilers: `npm run test:packaging` runs them (and CI). */
const PACKAGING_SUITES = ["test/bundlers/**", "test/typescript/**"];

export default defineConfig({
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
