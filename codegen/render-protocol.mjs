// Compiles the prepared schema to `generated/protocol.ts` with json-schema-to-typescript and
// cleans the output up; gates keep the export set exactly equal to the definition set.
import { compile } from "json-schema-to-typescript";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
/** The compiler's own identifier mangling, so re-cased names can be mapped back to their keys. */
const { toSafeString } = require("json-schema-to-typescript/dist/src/utils.js");

const ROOT_NAME = "CodexAppServerProtocol";
const REFERENCED_BY = /\n \*\n \* This interface was referenced by `CodexAppServerProtocol`'s JSON-Schema\n \* via the `definition` "[^"]+"\./g;
const REFERENCED_BY_ONLY = /\/\*\*\n \* This interface was referenced by `CodexAppServerProtocol`'s JSON-Schema\n \* via the `definition` "[^"]+"\.\n \*\/\n/g;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * @param {any} input the prepared root schema (see ts-schema.mjs)
 * @param {string} header the file header comment
 * @returns {Promise<{ text: string; exports: string[] }>}
 */
export async function renderProtocol(input, header) {
  const expected = Object.keys(input.definitions);
  const raw = await compile(structuredClone(input), ROOT_NAME, {
    additionalProperties: false,
    bannerComment: "",
    declareExternallyReferenced: true,
    format: true,
    style: { printWidth: 120, singleQuote: false, trailingComma: "all", semi: true, bracketSpacing: true, useTabs: false, tabWidth: 2 },
    strictIndexSignatures: true,
    unknownAny: true,
    unreachableDefinitions: true,
  });

  let text = raw.replace(REFERENCED_BY_ONLY, "").replace(REFERENCED_BY, "");
  const rootDecl = new RegExp(`export interface ${ROOT_NAME} \\{\\s*\\}\\n`);
  if (!rootDecl.test(text)) throw new Error(`expected an empty ${ROOT_NAME} root interface in the compiler output`);
  text = text.replace(rootDecl, "");

  // The compiler re-cases some names (W3cTraceContext -> W3CTraceContext); put the keys back.
  for (const name of expected) {
    const mangled = toSafeString(name);
    if (mangled !== name) {
      if (expected.includes(mangled)) throw new Error(`definitions ${name} and ${mangled} collide after re-casing`);
      text = text.replace(new RegExp(`\\b${escapeRegExp(mangled)}\\b`, "g"), name);
    }
  }

  const exports = [...text.matchAll(/^export (?:interface|type) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
  const duplicates = exports.filter((n, i) => exports.indexOf(n) !== i);
  if (duplicates.length > 0) throw new Error(`generated protocol declares ${duplicates.join(", ")} more than once`);
  const expectedSet = new Set(expected);
  const numbered = exports.filter((n) => /\d$/.test(n) && !expectedSet.has(n));
  if (numbered.length > 0) {
    throw new Error(`the compiler invented numbered names (${numbered.join(", ")}): an inline title or duplicate shape leaked through`);
  }
  const extra = exports.filter((n) => !expectedSet.has(n));
  const missing = expected.filter((n) => !exports.includes(n));
  if (extra.length > 0 || missing.length > 0) {
    throw new Error(`generated exports differ from the definitions: extra [${extra.join(", ")}], missing [${missing.join(", ")}]`);
  }
  return { text: `${header}\n${text.trim()}\n`, exports: [...exports].sort() };
}
