/**
 * Reads the runtime version from the `userAgent` that `initialize` returns, for example
 * `my_app/0.169.0 (Debian 12.0.0; x86_64) xterm (my_app; 1.0.0)`. Returns `undefined` when it has none.
 */
export function parseRuntimeVersion(userAgent: string): string | undefined {
  const match = /^[^/\s]+\/(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)/.exec(userAgent);
  return match?.[1];
}

/** Compares two `major.minor.patch[-pre]` versions: negative, zero or positive like a sort comparator. */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPrerelease(a);
  const [coreB, preB] = splitPrerelease(b);
  for (let i = 0; i < 3; i++) {
    const diff = (coreA[i] ?? 0) - (coreB[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

function splitPrerelease(version: string): [number[], string | undefined] {
  const dash = version.indexOf("-");
  const core = dash === -1 ? version : version.slice(0, dash);
  return [core.split(".").map((part) => Number.parseInt(part, 10) || 0), dash === -1 ? undefined : version.slice(dash + 1)];
}
