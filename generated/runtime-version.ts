/*
 * The runtime versions this build of the SDK supports (schema/runtime-version.json).
 * Generated from the app-server JSON Schema of @openai/codex 0.171.0 (schema/). Do not edit:
 * run `npm run bump-runtime -- <version>` to change the runtime, or `npm run generate-types` after a codegen/ change.
 */

/** The `@openai/codex` version the SDK pins, and whose schema generated its protocol types. */
export const PINNED_RUNTIME_VERSION = "0.171.0";

/** The oldest app-server runtime the SDK supports; `Codex.start()` refuses older ones. */
export const MIN_RUNTIME_VERSION = "0.169.0";
