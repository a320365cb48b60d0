import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundledInto, lookupBases, resolvePackageJsonFrom, SDK_PACKAGE_NAME, sdkModuleFile } from "../../../src/transport/package-lookup.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "sdk-package-lookup-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A package folder `name` under `dir` with a package.json and the given files. */
function makePackage(dir: string, name: string, files: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0" }));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), "");
  }
  return dir;
}

describe("sdkModuleFile", () => {
  it("names the file the lookup module was loaded from", () => {
    expect(sdkModuleFile()).toBe(path.join(root, "src", "transport", "package-lookup.ts"));
  });
});

describe("lookupBases", () => {
  it("looks from the SDK, then the main script, then the working directory, each once", () => {
    const bases = lookupBases("/srv/app/node_modules/codex-app-server-sdk/dist/index.js");
    expect(bases[0]).toEqual({
      file: "/srv/app/node_modules/codex-app-server-sdk/dist/index.js",
      shown: "the SDK (/srv/app/node_modules/codex-app-server-sdk/dist/index.js)",
    });
    expect(bases.map((base) => base.shown.split(" (")[0])).toEqual(["the SDK", "the main script", "the working directory"]);
    expect(bases.at(-1)!.file).toBe(path.join(process.cwd(), "noop.js"));
    expect(lookupBases(process.argv[1] && path.resolve(process.argv[1])).map((base) => base.shown.split(" (")[0])).toEqual([
      "the SDK",
      "the working directory",
    ]);
  });

  it("skips the SDK when the host does not say where it was loaded from", () => {
    expect(lookupBases(undefined)[0]!.shown).toMatch(/^the main script/);
  });
});

describe("resolvePackageJsonFrom", () => {
  it("finds a package installed in a node_modules above the file, and nothing elsewhere", () => {
    const app = path.join(scratch, "resolve", "app");
    const installed = makePackage(path.join(app, "node_modules", "@openai", "codex"), "@openai/codex");
    expect(resolvePackageJsonFrom(path.join(app, "dist", "bundle.js"), "@openai/codex")).toBe(path.join(installed, "package.json"));
    expect(resolvePackageJsonFrom(path.join(scratch, "resolve", "elsewhere.js"), "@openai/codex")).toBeUndefined();
  });
});

describe("bundledInto", () => {
  it("is undefined for the SDK's own dist/ and src/ files", () => {
    const sdk = makePackage(path.join(scratch, "installed", "node_modules", SDK_PACKAGE_NAME), SDK_PACKAGE_NAME, ["dist/index.js"]);
    expect(bundledInto(path.join(sdk, "dist", "index.js"))).toBeUndefined();
    expect(bundledInto(path.join(root, "src", "transport", "package-lookup.ts"))).toBeUndefined();
  });

  it("names the bundle when the code runs from another package, a folder of the SDK other than dist/ and src/, or no package", () => {
    const app = makePackage(path.join(scratch, "bundled-app"), "my-electron-app", ["out/main.js"]);
    expect(bundledInto(path.join(app, "out", "main.js"))).toBe(path.join(app, "out", "main.js"));
    expect(bundledInto(path.join(root, "test", "bundlers", ".out", "main.mjs"))).toBe(path.join(root, "test", "bundlers", ".out", "main.mjs"));
    expect(bundledInto("/nowhere/at/all/cli.cjs")).toBe("/nowhere/at/all/cli.cjs");
    expect(bundledInto(undefined)).toMatch(/unknown file/);
  });
});
