// Renders the patched, flattened definitions as a JavaScript module the runtime validator loads
// (`generated/validation-schema.js` + its `.d.ts`). Annotations are dropped: they never affect
// validation, and they are most of the bytes.
import { NUMBER_FORMATS } from "./formats.mjs";
import { walkSchema } from "./schema-walk.mjs";

const ANNOTATIONS = ["description", "title", "default", "examples", "$comment"];

/** A copy of `definitions` without annotation keywords. */
export function stripAnnotations(definitions) {
  const copy = structuredClone(definitions);
  for (const schema of Object.values(copy)) {
    walkSchema(schema, (node) => {
      if (node !== null && typeof node === "object" && !Array.isArray(node)) for (const key of ANNOTATIONS) delete node[key];
    });
  }
  return copy;
}

function assertPlainKeys(value, path) {
  if (value === null || typeof value !== "object") return;
  for (const key of Object.keys(value)) {
    // An object-literal `__proto__` key would set the prototype instead of a property.
    if (key === "__proto__") throw new Error(`validation schema has a __proto__ key at ${path}`);
    assertPlainKeys(value[key], `${path}/${key}`);
  }
}

/**
 * @param {Record<string, any>} definitions annotation-free definitions
 * @param {string} header file header comment
 * @returns {{ js: string; dts: string }}
 */
export function renderValidationSchema(definitions, header) {
  assertPlainKeys(definitions, "");
  const body = Object.entries(definitions)
    .map(([name, schema]) => `    ${JSON.stringify(name)}: ${JSON.stringify(schema)},`)
    .join("\n");
  const formats = Object.entries(NUMBER_FORMATS)
    .map(([name, spec]) => `  ${JSON.stringify(name)}: ${JSON.stringify(spec)},`)
    .join("\n");
  const js = `${header}
/** The protocol definitions (flattened and patched) as a JSON Schema draft-07 document. */
export const validationSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  definitions: {
${body}
  },
};

/** The values each number \`format\` of the schema accepts (codegen/formats.mjs). */
export const validationFormats = {
${formats}
};
`;
  const dts = `${header}
/** The protocol definitions (flattened and patched) as a JSON Schema draft-07 document. */
export declare const validationSchema: {
  readonly $schema: string;
  readonly definitions: { readonly [name: string]: object | boolean };
};

/** A number \`format\`: whole numbers only when \`integer\`, within \`minimum\`..\`maximum\` when given. */
export interface NumberFormat {
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The values each number \`format\` of the schema accepts (codegen/formats.mjs). */
export declare const validationFormats: { readonly [format: string]: NumberFormat };
`;
  return { js, dts };
}
