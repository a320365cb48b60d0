import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The manifest promises what the code needs and nothing more: the Node versions in `engines`, and
// an entry point for every type a public signature uses.

const root = fileURLToPath(new URL("../..", import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };

function sourceText(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), "utf8"))
    .join("\n");
}

/** Run-time features newer than Node 18, and the Node release that has each first. */
const FEATURES: ReadonlyArray<{ feature: string; use: RegExp; since: string }> = [
  { feature: "String.prototype.isWellFormed", use: /\.isWellFormed\(/, since: "20.0.0" },
  { feature: "Array.prototype.toSorted / toReversed / toSpliced / with", use: /\.(toSorted|toReversed|toSpliced)\(/, since: "20.0.0" },
  { feature: "AbortSignal.any", use: /AbortSignal\.any\(/, since: "20.3.0" },
  { feature: "Symbol.dispose / Symbol.asyncDispose", use: /Symbol\.(asyncDispose|dispose)\b/, since: "20.4.0" },
  { feature: "import.meta.dirname / filename", use: /import\.meta\.(dirname|filename)\b/, since: "20.11.0" },
  { feature: "process.getBuiltinModule", use: /process\.getBuiltinModule\(/, since: "20.16.0" },
  { feature: "Object.groupBy / Map.groupBy", use: /\b(Object|Map)\.groupBy\(/, since: "21.0.0" },
  { feature: "Promise.withResolvers", use: /Promise\.withResolvers\(/, since: "22.0.0" },
  { feature: "Array.fromAsync", use: /Array\.fromAsync\(/, since: "22.0.0" },
  { feature: "Set.prototype.union and the other set methods", use: /\.(union|intersection|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/, since: "22.0.0" },
];

const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((version) => version.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! - y![i]!;
  return 0;
};

describe("engines", () => {
  it("names exactly the oldest Node release that has every newer feature the SDK uses", () => {
    const code = sourceText(path.join(root, "src"));
    const used = FEATURES.filter(({ use }) => use.test(code));
    expect(used.map(({ feature }) => feature)).toContain("Symbol.dispose / Symbol.asyncDispose");
    const needed = used.map(({ since }) => since).sort(compare).at(-1)!;
    expect(manifest.engines.node).toBe(`>=${needed}`);
  });

  it("is met by the Node running the tests, which has those features", () => {
    const minimum = /^>=(\d+\.\d+\.\d+)$/.exec(manifest.engines.node)![1]!;
    expect(compare(process.versions.node, minimum)).toBeGreaterThanOrEqual(0);
    expect(typeof Symbol.asyncDispose).toBe("symbol");
    expect(typeof Symbol.dispose).toBe("symbol");
    expect(typeof "".isWellFormed).toBe("function");
  });
});

/** The symbols an API report says a public signature uses but its entry does not export. */
function forgottenExports(entry: string): string[] {
  const report = readFileSync(path.join(root, "api", `${entry}.api.md`), "utf8");
  return [...new Set([...report.matchAll(/\(ae-forgotten-export\) The symbol "(\w+)"/g)].map((match) => match[1]!))].sort();
}

/** The names a built declaration file exports. */
function declaredExports(file: string): Set<string> {
  const full = path.join(root, "dist", file);
  const program = ts.createProgram([full], { skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  return new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(full)!)!).map((symbol) => symbol.getName()));
}

/**
 * Helper types of `FromSchema`'s type-level mapping: they appear in its definition, never in a
 * signature, and are not part of the API.
 */
const TYPE_LEVEL_HELPERS = ["DraftOf", "Resolve"];

describe("types used in public signatures", () => {
  it("are each exported by an entry: the SDK's own by the root, the generated protocol types by ./types", () => {
    const rootNames = declaredExports("index.d.ts");
    const protocolNames = declaredExports("types.d.ts");
    for (const entry of ["index", "types", "testing"]) {
      const unexported = forgottenExports(entry).filter(
        (name) => !protocolNames.has(name) && !(entry !== "index" && rootNames.has(name)) && !TYPE_LEVEL_HELPERS.includes(name),
      );
      expect({ entry, unexported }).toEqual({ entry, unexported: [] });
    }
  });
});
