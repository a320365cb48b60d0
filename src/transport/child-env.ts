import { statSync } from "node:fs";

/** The environment of a child process: `env` merged over `process.env` (or alone with `replace`); `undefined` removes a variable. */
export function buildEnv(env: Record<string, string | undefined> | undefined, replace: boolean): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = replace ? {} : { ...process.env };
  for (const [key, value] of Object.entries(env ?? {})) {
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result;
}

/** Throws a `TypeError` unless `cwd` is an existing directory (a child cannot start in anything else). */
export function checkCwd(cwd: string | undefined): void {
  if (cwd !== undefined && !isDirectory(cwd)) {
    throw new TypeError(`cwd ${cwd} is not an existing directory; pass the directory the server should run in.`);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
