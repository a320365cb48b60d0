import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every ```ts block of the README and of docs/ compiles against the package's types, so what the
// documentation shows is what the SDK accepts. Each block is its own module. The names of the
// root and testing entries are in scope without an import (a block may still import them, as a
// program would), and PREAMBLE declares the few placeholders the snippets leave to the reader.

const root = fileURLToPath(new URL("../..", import.meta.url));

/** What the snippets take as given: a client, a thread, a harness, and the app's own functions. */
const PREAMBLE = `
declare const codex: import("codex-app-server-sdk").Codex;
declare const thread: import("codex-app-server-sdk").Thread;
declare const handle: import("codex-app-server-sdk").TurnHandle;
declare const harness: import("codex-app-server-sdk/testing").OfflineHarness;
declare const expect: typeof import("vitest").expect;
/** A JSON Schema the program got at run time (from a file, say). */
declare const schemaFromElsewhere: import("codex-app-server-sdk").JsonSchema;
/** The app's own customer records. */
declare const crm: { lookup(email: string, options: { signal: AbortSignal }): Promise<{ id: number }> };
/** The app's own UI. */
declare function render(notification: import("codex-app-server-sdk/types").ServerNotification): void;
declare function show(rows: readonly unknown[]): void;
declare let lastSeen: number;
declare let nextCursor: string | null;
/** Signs a short-lived JWT for a WebSocket server (docs/remote.md shows one). */
declare function signToken(): string;
declare const secret: string;
declare const url: string;
declare const token: string;
declare const myLogger: import("codex-app-server-sdk").Logger;
/** A pool's members, from the app's configuration. */
declare const members: import("codex-app-server-sdk").PoolMembers;
/** The app's own database. */
declare const db: { ownerOf(threadId: string): Promise<string | undefined> };
`;

const ENTRIES = { "codex-app-server-sdk": "src/index.ts", "codex-app-server-sdk/testing": "src/testing/index.ts" } as const;

/** The names an entry file re-exports (`export { A, type B } from …`). */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.Latest);
  return source.statements.flatMap((statement) =>
    ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)
      ? statement.exportClause.elements.map((element) => element.name.text)
      : [],
  );
}

/** Names a block declares or imports at its top level, which must not be imported for it. */
function topLevelNames(code: string): Set<string> {
  const source = ts.createSourceFile("block.ts", code, ts.ScriptTarget.Latest);
  const names = new Set<string>();
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) bind(declaration.name);
    else if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) for (const element of clause.namedBindings.elements) names.add(element.name.text);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      statement.name
    ) {
      names.add(statement.name.text);
    }
  }
  return names;
}

interface Block {
  /** The markdown file, relative to the repository. */
  readonly doc: string;
  /** The line of the block's first code line in that file. */
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a markdown file. */
function tsBlocks(doc: string): Block[] {
  const lines = readFileSync(join(root, doc), "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith("```")) end++;
    blocks.push({ doc, line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return blocks;
}

const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
const blocks = docs.flatMap(tsBlocks);

/** Compiles every block in one program; returns the diagnostics of each, by block. */
function compileBlocks(): Map<Block, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
  const exported = Object.entries(ENTRIES).map(([module, file]) => ({ module, names: exportedNames(file) }));

  const virtual = new Map<string, string>();
  const files = new Map<Block, { path: string; offset: number }>();
  virtual.set(join(root, ".doc-blocks", "preamble.d.ts"), PREAMBLE);
  blocks.forEach((block, index) => {
    const own = topLevelNames(block.code);
    const imports = exported
      .map(({ module, names }) => ({ module, names: names.filter((name) => !own.has(name)) }))
      .filter(({ names }) => names.length > 0)
      .map(({ module, names }) => `import { ${names.join(", ")} } from "${module}";`);
    const path = join(root, ".doc-blocks", `${block.doc.replace(/[/.]/g, "_")}-${index}.ts`);
    virtual.set(path, `${imports.join("\n")}\n${block.code}\nexport {};\n`);
    files.set(block, { path, offset: imports.length });
  });

  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => virtual.get(file) ?? readFile(file);
  host.fileExists = (file) => virtual.has(file) || fileExists(file);
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(file);
    return text === undefined ? getSourceFile(file, language, onError, create) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });

  const results = new Map<Block, string[]>();
  for (const [block, { path, offset }] of files) {
    const source = program.getSourceFile(path)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    results.set(
      block,
      diagnostics.map((diagnostic) => {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${block.doc}:${block.line + line - offset}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
      }),
    );
  }
  const preamble = program.getSourceFile(join(root, ".doc-blocks", "preamble.d.ts"))!;
  const preambleErrors = program.getSemanticDiagnostics(preamble).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (preambleErrors.length > 0) throw new Error(`The snippet preamble does not compile:\n${preambleErrors.join("\n")}`);
  return results;
}

describe("code blocks in the documentation", () => {
  const results = compileBlocks();

  it("the README has TypeScript blocks to check", () => {
    expect(blocks.filter((block) => block.doc === "README.md").length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block) => [`${relative(root, join(root, block.doc))}:${block.line}`, block] as const))("%s compiles", (_, block) => {
    expect(results.get(block)).toEqual([]);
  });
});
