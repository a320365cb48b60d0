/** This SDK's version, sent as `clientInfo.version` in `initialize`. Kept equal to package.json by a test. */
export const SDK_VERSION = "0.1.0";

/**
 * The pinned runtime (`@openai/codex`, whose schema generated the protocol types) and the oldest
 * runtime the SDK supports. Both come from `schema/runtime-version.json` through code generation.
 */
export { MIN_RUNTIME_VERSION, PINNED_RUNTIME_VERSION } from "../generated/runtime-version.js";
