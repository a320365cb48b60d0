import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareVersions, dumpSchema, readSchemaDir } from "../../codegen/runtime-schema.mjs";
import { diffSchemas } from "../../codegen/schema-diff.mjs";
import { methodsOf } from "../helpers/schema-facts.js";
import { OLDEST, PINNED, oldestRuntimePackageDir } from "../helpers/runtime-versions.js";

// `npm run check:drift` offline: the oldest supported runtime (installed from the lockfile) and
// the pinned one stand in for "the registry's latest". Expectations come from the raw bundles.

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = path.join(REPO_ROOT, "codegen", "check-drift.mjs");
const PINNED_PACKAGE = path.join(REPO_ROOT, "node_modules", "@openai", "codex");
const run = promisify(execFile);

async function checkDrift(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, ...args], { cwd: REPO_ROOT });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** Methods of `union` that the schema in `dir` has and schema/ lacks (or the reverse). */
function onlyIn(dir: string, union: "ClientRequest" | "ServerRequest" | "ServerNotification", reverse = false): string[] {
  const [from, to] = reverse ? [undefined, dir] : [dir, undefined];
  const known = new Set(methodsOf("experimental", union, to).map((m) => m.method));
  return methodsOf("experimental", union, from).map((m) => m.method).filter((m) => !known.has(m));
}

describe("the drift check", () => {
  let scratch: string;
  let oldestSchema: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "drift-test-"));
    oldestSchema = path.join(scratch, "schema");
    dumpSchema(oldestRuntimePackageDir(), oldestSchema, { oldestSupported: OLDEST });
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it("reports the protocol difference between schema/ and another runtime", () => {
    const report = diffSchemas(readSchemaDir(path.join(REPO_ROOT, "schema")), readSchemaDir(oldestSchema));
    expect([report.from, report.to]).toEqual([PINNED, OLDEST]);
    for (const [key, union] of [
      ["clientRequests", "ClientRequest"],
      ["serverRequests", "ServerRequest"],
      ["notifications", "ServerNotification"],
    ] as const) {
      expect(report[key].added.map((m) => m.method), `${key} added`).toEqual(onlyIn(oldestSchema, union));
      expect(report[key].removed.map((m) => m.method), `${key} removed`).toEqual(onlyIn(oldestSchema, union, true));
    }
  });

  it("passes when the pin is ahead of the candidate runtime, and prints the report", async () => {
    const { code, stdout } = await checkDrift(["--installed", oldestRuntimePackageDir()]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Pinned runtime ${PINNED}; installed at ${oldestRuntimePackageDir()} is ${OLDEST}.`);
    expect(stdout).toContain(`Protocol schema ${PINNED} -> ${OLDEST}`);
    for (const method of onlyIn(oldestSchema, "ServerRequest")) expect(stdout).toContain(`  ${method} (`);
    expect(stdout).toMatch(compareVersions(OLDEST, PINNED) < 0 ? /No drift: the pin .* is ahead of/ : /No drift: the pin is/);
  });

  it("fails when the pin is behind the candidate runtime, and lists what the bump will ask for", async () => {
    const { code, stdout } = await checkDrift(["--schema", oldestSchema, "--installed", PINNED_PACKAGE]);
    const behind = compareVersions(OLDEST, PINNED) < 0;
    expect(code).toBe(behind ? 1 : 0);
    expect(stdout).toContain(`Protocol schema ${OLDEST} -> ${PINNED}`);
    if (behind) {
      expect(stdout).toContain(`DRIFT: the pin (${OLDEST}) is behind ${PINNED}. Run \`npm run bump-runtime -- ${PINNED}\``);
      expect(stdout).toContain(`- CHANGELOG.md: name the protocol changes of ${PINNED} listed above.`);
    }
    for (const method of onlyIn(oldestSchema, "ClientRequest", true)) expect(stdout).toContain(`  ${method} (`);
  });

  it("fails when schema/ does not hold the schema of the runtime it names", async () => {
    // The oldest runtime's bundles, labelled as the pinned version.
    const mislabelled = path.join(scratch, "mislabelled");
    cpSync(oldestSchema, mislabelled, { recursive: true });
    const record = path.join(mislabelled, "runtime-version.json");
    writeFileSync(record, JSON.stringify({ ...JSON.parse(readFileSync(record, "utf8")), version: PINNED }));
    const { code, stdout } = await checkDrift(["--schema", mislabelled, "--installed", PINNED_PACKAGE]);
    const differs = compareVersions(OLDEST, PINNED) < 0;
    expect(code).toBe(differs ? 1 : 0);
    expect(stdout).toMatch(differs ? `DRIFT: schema/ does not match the schema of ${PINNED} itself.` : `No drift: the pin is ${PINNED}.`);
  });
});
