// Turns the flattened, patched definitions into the input json-schema-to-typescript needs to emit
// one clean declaration per definition: stable names, tagged unions that narrow, no index
// signatures the schema does not ask for, and `JsonValue` for "any JSON".
import { mapSchema, walkSchema } from "./schema-walk.mjs";

/** The TypeScript spelling of "any JSON value", mirroring the runtime's own TypeScript export. */
export const JSON_VALUE_TYPE =
  "number | string | boolean | JsonValue[] | { [key: string]: JsonValue | undefined } | null";

const EMPTY_STRUCT_NAME = /(Params|Response|Notification)$/;
const ANNOTATION_KEYS = new Set(["description", "title", "default", "$schema"]);

function isObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function appendDoc(schema, line) {
  schema.description = schema.description ? `${schema.description}\n\n${line}` : line;
}

/** A schema that accepts any JSON value: `true`, `{}`, or annotations only. */
function isAnySchema(schema) {
  return schema === true || (isObject(schema) && Object.keys(schema).every((k) => ANNOTATION_KEYS.has(k)));
}

/** A bare object schema: no properties, no index signature, no composition. */
function isEmptyStruct(schema) {
  return (
    isObject(schema) &&
    schema.type === "object" &&
    !schema.properties &&
    schema.additionalProperties === undefined &&
    !schema.patternProperties &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.allOf
  );
}

/**
 * serde `#[flatten]` comes out as `properties` + `oneOf`/`anyOf` on one node, which the compiler
 * turns into an intersection of numbered parts. Copying the shared properties into every object
 * variant gives a plain discriminated union instead.
 */
function distributeFlatten(schema) {
  const key = Array.isArray(schema.oneOf) ? "oneOf" : Array.isArray(schema.anyOf) ? "anyOf" : undefined;
  if (!key || !isObject(schema.properties)) return;
  const variants = schema[key];
  if (!variants.every((v) => isObject(v) && (v.type === "object" || v.properties) && !v.$ref)) {
    throw new Error(`cannot distribute flattened properties into non-object variants (${Object.keys(schema.properties).join(", ")})`);
  }
  for (const variant of variants) {
    const merged = { ...schema.properties };
    for (const [name, sub] of Object.entries(variant.properties ?? {})) merged[name] = sub;
    variant.properties = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, structuredClone(merged[k])]));
    const required = new Set([...(schema.required ?? []), ...(variant.required ?? [])]);
    if (required.size > 0) variant.required = [...required].sort();
    variant.type = "object";
  }
  delete schema.properties;
  delete schema.required;
  if (schema.type === "object") delete schema.type;
}

/**
 * Prepares one definition in place.
 * @param {string} name definition key
 * @param {any} root its schema (already patched and tagged)
 */
function prepareDefinition(name, root) {
  // 1. names come from definition keys only: inline titles would become extra (numbered) exports.
  walkSchema(root, (node) => {
    if (isObject(node)) delete node.title;
  });
  // 2. flattened structs -> discriminated unions.
  walkSchema(root, (node) => {
    if (isObject(node)) distributeFlatten(node);
  });
  // 3. defaults move into the docs (a `default` next to `allOf: [$ref]` would otherwise shape the type).
  walkSchema(root, (node) => {
    if (isObject(node) && Object.hasOwn(node, "default")) {
      appendDoc(node, `@default ${JSON.stringify(node.default)}`);
      delete node.default;
    }
  });
  // 4. "any JSON" -> JsonValue; open maps -> JsonValue index signatures.
  const prepared = mapSchema(root, (node, path) => {
    if (path !== "" && isAnySchema(node)) {
      return node === true ? { tsType: "JsonValue" } : { ...node, tsType: "JsonValue" };
    }
    return node;
  });
  walkSchema(prepared, (node) => {
    if (!isObject(node)) return;
    const hasProperties = isObject(node.properties) && Object.keys(node.properties).length > 0;
    if (node.additionalProperties === true || (isObject(node.additionalProperties) && node.additionalProperties.tsType === "JsonValue")) {
      // Open config-like objects: declared keys are typed, any other key is unknown.
      node.additionalProperties = { tsType: hasProperties ? "unknown" : "JsonValue" };
    } else if (isObject(node.additionalProperties) && hasProperties) {
      // A declared property must fit the index signature, so widen the signature to cover them.
      node.additionalProperties = { anyOf: [node.additionalProperties, ...Object.values(node.properties).map((p) => structuredClone(p))] };
    }
  });
  // 5. empty structs: `{}` in TypeScript accepts any non-nullish value.
  if (isEmptyStruct(prepared)) {
    if (EMPTY_STRUCT_NAME.test(name)) prepared.tsType = "Record<string, never>";
    else prepared.additionalProperties = { tsType: "JsonValue" };
  }
  prepared.title = name;
  return prepared;
}

/**
 * Returns the root schema to hand to the compiler: every definition prepared, plus `JsonValue`.
 * @param {Record<string, any>} definitions flattened, patched, tagged definitions (not modified)
 */
export function buildTypeScriptInput(definitions) {
  if (Object.hasOwn(definitions, "JsonValue")) throw new Error("the schema now defines JsonValue itself; revisit JSON_VALUE_TYPE");
  const prepared = {};
  for (const [name, schema] of Object.entries(structuredClone(definitions))) prepared[name] = prepareDefinition(name, schema);
  prepared.JsonValue = {
    title: "JsonValue",
    description: "Any JSON value, as `JSON.parse` returns it.",
    tsType: JSON_VALUE_TYPE,
  };
  return { title: "CodexAppServerProtocol", type: "object", additionalProperties: false, definitions: prepared };
}
