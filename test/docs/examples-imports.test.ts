import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Examples are what users copy: they import the SDK only through its public entry points, by
// package name, exactly as an application would (and Node's built-in modules).

const examples = fileURLToPath(new URL("../../examples/", import.meta.url));
const PUBLIC_ENTRIES = new Set(["codex-app-server-sdk", "codex-app-server-sdk/types", "codex-app-server-sdk/testing"]);

/** Every module specifier a file imports or re-exports, statically or with `import()` / `require()`. */
function importedModules(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const dynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const require = ts.isIdentifier(node.expression) && node.expression.text === "require";
      const [first] = node.arguments;
      if ((dynamicImport || require) && first !== undefined) found.push(ts.isStringLiteral(first) ? first.text : `<computed: ${first.getText()}>`);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = readdirSync(examples).filter((name) => name.endsWith(".ts"));

describe("examples", () => {
  it("there are at least a dozen", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  it.each(files)("%s imports only the public entry points and node: modules", (name) => {
    const modules = importedModules(join(examples, name));
    expect(modules.filter((module) => !module.startsWith("node:") && !PUBLIC_ENTRIES.has(module))).toEqual([]);
    expect(modules.some((module) => PUBLIC_ENTRIES.has(module))).toBe(true);
  });

  it.each(files)("%s exports main() and runs it only when started directly", (name) => {
    const text = readFileSync(join(examples, name), "utf8");
    if (name === "demo.ts") return expect(text).toMatch(/^main\(\)/m); // `npm run demo`'s entry
    expect(text).toMatch(/^export async function main\(/m);
    expect(text).toMatch(/^if \(import\.meta\.url === pathToFileURL\(process\.argv\[1\] \?\? ""\)\.href\)/m);
  });
});
