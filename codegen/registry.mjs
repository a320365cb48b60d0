// The two npm registry operations the runtime tooling needs: the latest published runtime version,
// and installing one version of it into a scratch folder. Both go through the npm client.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { isVersion, RUNTIME_PACKAGE } from "./runtime-schema.mjs";

/** Runs the npm client (the one running this script under `npm run`, else `npm` on PATH). */
export function npm(args, options = {}) {
  const cli = process.env.npm_execpath;
  const [command, prefix] = cli && /\.c?js$/.test(cli) ? [process.execPath, [cli]] : ["npm", []];
  return execFileSync(command, [...prefix, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], ...options });
}

/** The version the registry tags `latest` for the runtime package. */
export function latestRuntimeVersion() {
  const version = npm(["view", `${RUNTIME_PACKAGE}@latest`, "version"]).trim();
  if (!isVersion(version)) throw new Error(`npm view ${RUNTIME_PACKAGE}@latest answered ${JSON.stringify(version)}, not a version`);
  return version;
}

/** Installs `version` of the runtime under `dir` (outside any project) and returns its package folder. */
export function installRuntime(version, dir) {
  npm(["install", "--prefix", dir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `${RUNTIME_PACKAGE}@${version}`]);
  return path.join(dir, "node_modules", ...RUNTIME_PACKAGE.split("/"));
}
