import { describe, expect, it } from "vitest";
import { CodexStartError } from "../../../src/errors.js";
import {
  resolveCodexBinary,
  runtimeTarget,
  unpackedAsarPath,
} from "../../../src/transport/resolve-runtime.js";

describe("runtimeTarget", () => {
  it.each([
    ["linux", "x64", "@openai/codex-linux-x64", "x86_64-unknown-linux-musl", "codex"],
    ["linux", "arm64", "@openai/codex-linux-arm64", "aarch64-unknown-linux-musl", "codex"],
    ["darwin", "x64", "@openai/codex-darwin-x64", "x86_64-apple-darwin", "codex"],
    ["darwin", "arm64", "@openai/codex-darwin-arm64", "aarch64-apple-darwin", "codex"],
    ["win32", "x64", "@openai/codex-win32-x64", "x86_64-pc-windows-msvc", "codex.exe"],
    ["win32", "arm64", "@openai/codex-win32-arm64", "aarch64-pc-windows-msvc", "codex.exe"],
  ])("%s/%s -> %s %s", (platform, arch, packageName, triple, executable) => {
    expect(runtimeTarget(platform, arch)).toEqual({ packageName, triple, executable });
  });

  it("has nothing for other platforms", () => {
    expect(runtimeTarget("freebsd", "x64")).toBeUndefined();
    expect(runtimeTarget("linux", "ia32")).toBeUndefined();
  });
});

describe("resolveCodexBinary", () => {
  const installed = (files: Record<string, string>) => ({
    resolvePackageJson: (name: string) => files[name],
    exists: (file: string) => Object.values(files).some((json) => file.startsWith(json.replace(/package\.json$/, ""))),
  });

  it("finds vendor/<triple>/bin/codex in the platform package", () => {
    const found = resolveCodexBinary({
      platform: "linux",
      arch: "x64",
      ...installed({ "@openai/codex-linux-x64": "/app/node_modules/@openai/codex-linux-x64/package.json" }),
    });
    expect(found).toBe("/app/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex");
  });

  it("uses codex.exe and Windows paths on win32", () => {
    const found = resolveCodexBinary({
      platform: "win32",
      arch: "arm64",
      ...installed({ "@openai/codex-win32-arm64": "C:\\app\\node_modules\\@openai\\codex-win32-arm64\\package.json" }),
    });
    expect(found).toBe("C:\\app\\node_modules\\@openai\\codex-win32-arm64\\vendor\\aarch64-pc-windows-msvc\\bin\\codex.exe");
  });

  it("uses the app.asar.unpacked path inside an Electron archive", () => {
    const found = resolveCodexBinary({
      platform: "darwin",
      arch: "arm64",
      resolvePackageJson: (name) =>
        name === "@openai/codex-darwin-arm64"
          ? "/Applications/X.app/Contents/Resources/app.asar/node_modules/@openai/codex-darwin-arm64/package.json"
          : undefined,
      exists: (file) => file.includes("app.asar.unpacked"),
    });
    expect(found).toBe(
      "/Applications/X.app/Contents/Resources/app.asar.unpacked/node_modules/@openai/codex-darwin-arm64/vendor/aarch64-apple-darwin/bin/codex",
    );
  });

  it("falls back to a vendor directory inside @openai/codex itself", () => {
    const found = resolveCodexBinary({
      platform: "linux",
      arch: "arm64",
      ...installed({ "@openai/codex": "/app/node_modules/@openai/codex/package.json" }),
    });
    expect(found).toBe("/app/node_modules/@openai/codex/vendor/aarch64-unknown-linux-musl/bin/codex");
  });

  it("throws runtime-not-found when the platform package is missing or the platform unsupported", () => {
    for (const options of [
      { platform: "darwin", arch: "x64", resolvePackageJson: () => undefined, exists: () => false },
      { platform: "sunos", arch: "x64" },
    ]) {
      const error = (() => {
        try {
          resolveCodexBinary(options);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CodexStartError);
      expect(error).toMatchObject({ kind: "runtime-not-found" });
    }
  });

  const messageOf = (options: Parameters<typeof resolveCodexBinary>[0]) => {
    try {
      resolveCodexBinary(options);
    } catch (error) {
      expect(error).toBeInstanceOf(CodexStartError);
      expect(error).toMatchObject({ kind: "runtime-not-found" });
      return (error as Error).message;
    }
    throw new Error("resolveCodexBinary found a runtime");
  };
  const lookedFrom = [
    { file: "/srv/app/dist/main.js", shown: "the SDK (/srv/app/dist/main.js)" },
    { file: "/srv/app/noop.js", shown: "the working directory (/srv/app)" },
  ];

  it("says a remote-only install (@openai/codex without its platform package) needs optional dependencies to spawn", () => {
    const message = messageOf({
      platform: "linux",
      arch: "x64",
      resolvePackageJson: (name) => (name === "@openai/codex" ? "/srv/app/node_modules/@openai/codex/package.json" : undefined),
      exists: () => false,
      bundledInto: undefined,
      lookedFrom,
    });
    expect(message).toContain("@openai/codex is (/srv/app/node_modules/@openai/codex/package.json), but its platform package is not");
    expect(message).toContain("npm install --omit=optional");
    expect(message).toContain("--include=optional");
    expect(message).toContain("codexBin");
    expect(message).toContain("transport option");
  });

  it("says a bundled SDK cannot find the runtime from its bundle, and that reinstalling does not help", () => {
    const message = messageOf({ platform: "darwin", arch: "arm64", resolvePackageJson: () => undefined, bundledInto: "/srv/app/dist/main.js", lookedFrom });
    expect(message).toContain("The SDK runs from a bundle (/srv/app/dist/main.js)");
    expect(message).toContain("looked from the SDK (/srv/app/dist/main.js), the working directory (/srv/app)");
    expect(message).toContain("Reinstalling does not help");
    expect(message).toContain("keep codex-app-server-sdk external");
    expect(message).toContain("node_modules/@openai/codex-darwin-arm64");
    expect(message).toContain("codexBin");
    expect(message).not.toContain("npm install");
  });

  it("says to reinstall when an unbundled SDK finds neither @openai/codex nor its platform package", () => {
    const message = messageOf({ platform: "win32", arch: "x64", resolvePackageJson: () => undefined, bundledInto: undefined, lookedFrom });
    expect(message).toContain("neither @openai/codex nor its platform package was found");
    expect(message).toContain("Reinstall dependencies (`npm install`)");
    expect(message).not.toContain("bundle");
  });

  it("says which binary is missing when the platform package is there without it", () => {
    const message = messageOf({
      platform: "linux",
      arch: "arm64",
      resolvePackageJson: (name) => (name === "@openai/codex-linux-arm64" ? "/srv/app/node_modules/@openai/codex-linux-arm64/package.json" : undefined),
      exists: () => false,
      bundledInto: undefined,
    });
    expect(message).toContain("/srv/app/node_modules/@openai/codex-linux-arm64/vendor/aarch64-unknown-linux-musl/bin/codex");
    expect(message).toContain("binary is missing");
  });

  it("finds the installed runtime of this machine, never the Node launcher", () => {
    const found = resolveCodexBinary();
    expect(found).toMatch(/vendor[\\/][^\\/]+[\\/]bin[\\/]codex(\.exe)?$/);
    expect(found).not.toMatch(/codex\.js$/);
  });
});

describe("unpackedAsarPath", () => {
  it("rewrites only a whole app.asar path segment", () => {
    expect(unpackedAsarPath("/a/app.asar/b")).toBe("/a/app.asar.unpacked/b");
    expect(unpackedAsarPath("C:\\a\\app.asar\\b")).toBe("C:\\a\\app.asar.unpacked\\b");
    expect(unpackedAsarPath("/a/app.asar.unpacked/b")).toBe("/a/app.asar.unpacked/b");
    expect(unpackedAsarPath("/a/myapp.asar/b")).toBe("/a/myapp.asar/b");
  });
});
