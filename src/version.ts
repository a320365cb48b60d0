/** This SDK's version, sent as `clientInfo.version` in `initialize`. Kept equal to package.json by a test. */
export const SDK_VERSION = "0.1.0";

/**
 * The oldest app-server runtime this SDK works with: the version whose schema generated the
 * protocol types (`schema/runtime-version.json`), which is also the pinned `@openai/codex`.
 */
export const MIN_RUNTIME_VERSION = "0.169.0";
