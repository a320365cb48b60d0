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
  // Splitting keeps Ajv and the schema data (loaded only for validation and structured output) out
  // of the root chunk, in CJS too; a bundler code-splitting the app keeps them out of its entry chunk.
  splitting: true,
  target: "node20",
  // No shims: they would make every entry, `./types` included, load `path` and `url`. The runtime
  // lookup reads `import.meta.url` in ES modules and `__filename` in CommonJS by itself.
  shims: false,
  sourcemap: true,
  // Stack traces and loggers see each class by its own name (`ProcessExitError`, not `_class8`).
  keepNames: true,
  // Ajv and its dependencies are bundled (they are devDependencies): Ajv reads JSON files with
  // `require`, which a bundler without a JSON plugin cannot follow, and the inlined copy has none.
  // Generated JSON data is inlined the same way. `metafile` feeds the third-party notices.
  metafile: true,
  esbuildOptions(options, { format }) {
    // The CommonJS build has no `import.meta` (it is a syntax error there): the runtime lookup reads
    // `__filename` instead when `import.meta.url` is undefined.
    if (format === "cjs") options.define = { ...options.define, "import.meta.url": "undefined" };
  },
});
