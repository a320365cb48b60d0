import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    types: "src/types.ts",
    testing: "src/testing/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // Splitting keeps the Ajv validator (loaded only with `validate`) out of the root chunk, in CJS too.
  splitting: true,
  target: "node20",
  // `import.meta.url` in CJS output becomes a file URL of the bundle, so runtime resolution works in both formats.
  shims: true,
  sourcemap: false,
  // Stack traces and loggers see each class by its own name (`ProcessExitError`, not `_class8`).
  keepNames: true,
});
