// Builds the API reference of the three entry points into docs/api/ with TypeDoc, after checking
// that every public symbol written here has TSDoc. With --check it only converts and checks (no
// HTML, no type check: `npm test` type-checks first), which is what `npm test` runs.
//
// Declarations generated from the runtime's schema (generated/) are left out of the check: they
// carry the schema's descriptions where the schema has them, and generated/ is never hand-edited.
import { readFileSync } from "node:fs";
import { Application, DeclarationReflection, ReflectionKind, ReflectionType } from "typedoc";
import ts from "typescript";

const check = process.argv.includes("--check");

const REQUIRED =
  ReflectionKind.Class |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Function |
  ReflectionKind.Variable |
  ReflectionKind.Enum |
  ReflectionKind.EnumMember |
  ReflectionKind.Property |
  ReflectionKind.Method |
  ReflectionKind.Accessor;

const app = await Application.bootstrapWithPlugins({
  options: new URL("../typedoc.json", import.meta.url).pathname,
  ...(check ? { skipErrorChecking: true } : {}),
});
const project = await app.convert();
if (project === undefined) {
  console.error("TypeDoc could not convert the entry points (see above).");
  process.exit(1);
}

// Each entry point under the name it is imported by.
const MODULE_NAMES = { index: "codex-app-server-sdk", types: "codex-app-server-sdk/types", testing: "codex-app-server-sdk/testing" };
for (const module of project.children ?? []) module.name = MODULE_NAMES[module.name] ?? module.name;

const missing = project
  .getReflectionsByKind(REQUIRED)
  .filter((reflection) => reflection instanceof DeclarationReflection && mustBeDocumented(reflection) && !documented(reflection))
  .map((reflection) => `  ${reflection.getFriendlyFullName()} (${ReflectionKind[reflection.kind]}, ${location(reflection)})`);
if (missing.length > 0) {
  console.error(`${missing.length} public symbols have no TSDoc; add a /** … */ comment to each:\n${missing.sort().join("\n")}`);
  process.exit(1);
}

app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) {
  console.error("The API reference has broken links or other problems (see above).");
  process.exit(1);
}
if (!check) {
  await app.generateOutputs(project);
  console.log(`API reference written to docs/api/ (open docs/api/index.html).`);
}

/** Whether `reflection` is a public symbol written in src/ that the check covers. */
function mustBeDocumented(reflection) {
  for (let parent = reflection.parent; parent !== undefined; parent = parent.parent) {
    if (parent.kindOf(ReflectionKind.Parameter)) return false; // the shape of a parameter, documented with it
  }
  if (reflection.inheritedFrom !== undefined) return false; // documented where it is declared
  // `name` and the like, overriding (through any number of classes) a member of a built-in class
  // such as Error, say nothing new.
  for (let member = reflection; member.overwrites !== undefined; member = member.overwrites.reflection) {
    if (!(member.overwrites.reflection instanceof DeclarationReflection)) return false;
  }
  // Where the symbol is declared: a type resolved from a generated one (`Extract<UserInput, …>`)
  // has its source at the alias, but its members are the generated declarations.
  const symbol = project.getSymbolIdFromReflection(reflection);
  if (symbol !== undefined && !symbol.packagePath.startsWith("src/")) return false;
  // The members of `{ type: "text" }` in `Extract<UserInput, { type: "text" }>` pick a type; they declare nothing.
  if (symbol !== undefined && inTypeArgument(symbol)) return false;
  const files = (reflection.sources ?? []).map((source) => source.fileName);
  return files.length > 0 && files.every((file) => file.startsWith("src/"));
}

/**
 * Whether `reflection` has a comment; for functions and methods, every signature. TypeDoc copies
 * the first overload's comment to the others, but an editor shows only the comment written on the
 * overload a call resolves to, so each overload's own source is read.
 */
function documented(reflection) {
  if (reflection.signatures?.length > 1) return reflection.signatures.every(hasOwnDocComment);
  const signatures = [
    ...(reflection.signatures ?? []),
    ...(reflection.getSignature ? [reflection.getSignature] : []),
    ...(reflection.setSignature ? [reflection.setSignature] : []),
    ...(reflection.type instanceof ReflectionType ? (reflection.type.declaration.signatures ?? []) : []),
  ];
  if (signatures.length === 0) return reflection.hasComment();
  return signatures.every((signature) => signature.hasComment() || (signatures.length === 1 && reflection.hasComment()));
}

/** Whether the declaration at a signature's source position has a `/** … *\/` comment of its own. */
function hasOwnDocComment(signature) {
  const source = signature.sources?.[0];
  if (source === undefined) return signature.hasComment();
  const file = sourceFile(source.fullFileName);
  const position = file.getPositionOfLineAndCharacter(source.line - 1, source.character);
  let found;
  const visit = (node) => {
    const at = (n) => n !== undefined && n.getStart(file) === position;
    if (found === undefined && ts.isFunctionLike(node) && (at(node) || at(node.name))) found = node;
    if (found === undefined && node.pos <= position && position < node.end) ts.forEachChild(node, visit);
  };
  visit(file);
  return found !== undefined && ts.getJSDocCommentsAndTags(found).length > 0;
}

/** Whether the declaration of `symbol` lies in a type literal given as a type argument. */
function inTypeArgument(symbol) {
  const file = sourceFile(symbol.fileName);
  let node;
  const visit = (child) => {
    if (child.pos <= symbol.pos && symbol.pos < child.end) {
      node = child;
      ts.forEachChild(child, visit);
    }
  };
  ts.forEachChild(file, visit);
  for (; node !== undefined; node = node.parent) {
    if (ts.isTypeLiteralNode(node) && node.parent && ts.isTypeReferenceNode(node.parent) && node.parent.typeArguments?.includes(node)) return true;
  }
  return false;
}

function sourceFile(path) {
  const sourceFiles = (sourceFile.cache ??= new Map());
  if (!sourceFiles.has(path)) sourceFiles.set(path, ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true));
  return sourceFiles.get(path);
}

function location(reflection) {
  const source = reflection.sources?.[0];
  return source === undefined ? "no source" : `${source.fileName}:${source.line}`;
}
