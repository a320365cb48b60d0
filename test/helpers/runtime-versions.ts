import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { OLDEST_RUNTIME_ALIAS } from "../../codegen/runtime-schema.mjs";
import { resolveCodexBinary } from "../../src/transport/resolve-runtime.js";

/**
 * The runtime versions the tests work with, all from `schema/runtime-version.json` (the one place a
 * bump changes them): the pinned runtime and the oldest supported one, plus versions just outside
 * that range for stand-in runtimes.
 */
interface RuntimeVersionRecord {
  version: string;
  oldestSupported: string;
}

const record = JSON.parse(readFileSync(new URL("../../schema/runtime-version.json", import.meta.url), "utf8")) as RuntimeVersionRecord;

/** The pinned `@openai/codex` version. */
export const PINNED = record.version;
/** The oldest runtime the SDK supports. */
export const OLDEST = record.oldestSupported;

function bumpMinor(version: string, by: number): string {
  const [major, minor] = version.split(".").map(Number);
  return `${major}.${minor! + by}.0`;
}

/** A version newer than the pin. */
export const NEWER_THAN_PINNED = bumpMinor(PINNED, 1);
/** A version older than the oldest supported one. */
export const OLDER_THAN_OLDEST = OLDEST.startsWith("0.0.") ? "0.0.0-alpha" : bumpMinor(OLDEST, -1);

/** A user agent as the runtime of `version` sends it in `initialize`. */
export function userAgentOf(version: string, client = "codex_app_server_sdk_ts"): string {
  return `${client}/${version} (Debian 12.0.0; x86_64) xterm (${client}; 0.1.0)`;
}

const require = createRequire(import.meta.url);

/** The package folder of the oldest supported runtime, installed from the lockfile. */
export function oldestRuntimePackageDir(): string {
  return path.dirname(require.resolve(`${OLDEST_RUNTIME_ALIAS}/package.json`));
}

/** The native binary of the oldest supported runtime, for `codexBin`. */
export function oldestRuntimeBinary(): string {
  const fromAlias = createRequire(require.resolve(`${OLDEST_RUNTIME_ALIAS}/package.json`));
  return resolveCodexBinary({
    resolvePackageJson: (name) => {
      try {
        return fromAlias.resolve(`${name}/package.json`);
      } catch {
        return undefined;
      }
    },
  });
}

/** The stand-in runtime that answers `initialize` as the version in `FAKE_RUNTIME_VERSION` would. */
export const VERSION_REPORTING_RUNTIME = fileURLToPath(new URL("../fixtures/fake-runtimes/reports-version.mjs", import.meta.url));
