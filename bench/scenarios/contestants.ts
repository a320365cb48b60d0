/** Display names of the contestants, shared by the scenarios. */
export const CONTESTANT_NAMES = {
  sdk: "this SDK",
  raw: "raw JSONL client",
  official: "@openai/codex-sdk",
} as const;
