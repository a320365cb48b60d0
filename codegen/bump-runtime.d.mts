/** The oldest supported runtime after moving from `current` to `target`. */
export declare function nextOldestSupported(
  current: { version: string; oldestSupported: string },
  target: { version: string },
): string;
/** `readme` with the pinned and oldest supported versions written into its version sentences. */
export declare function writeReadmeVersions(readme: string, pin: string, oldest: string): string;
/** A deployment file's text with the pinned runtime version written in. */
export declare function writeDeployVersions(text: string, pin: string): string;
