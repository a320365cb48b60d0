// Schema-aware traversal: visits only positions that hold subschemas, so a property *named*
// `title`, `description` or `default` is never mistaken for the keyword.

const SCHEMA_MAPS = ["properties", "patternProperties", "definitions", "$defs"];
const SCHEMA_ARRAYS = ["oneOf", "anyOf", "allOf"];
const SCHEMA_SINGLES = ["additionalProperties", "items", "additionalItems", "not", "contains", "propertyNames", "if", "then", "else"];

/**
 * Calls `visit(schema, path)` on `schema` and then on every subschema below it, pre-order, so the
 * callback may rewrite a node's children before they are visited. Boolean schemas are visited too.
 * `path` is a JSON-pointer-like string relative to the starting node.
 */
export function walkSchema(schema, visit, path = "") {
  visit(schema, path);
  if (schema === null || typeof schema !== "object") return;
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (map && typeof map === "object") {
      for (const name of Object.keys(map)) walkSchema(map[name], visit, `${path}/${key}/${name}`);
    }
  }
  for (const key of SCHEMA_ARRAYS) {
    if (Array.isArray(schema[key])) schema[key].forEach((sub, i) => walkSchema(sub, visit, `${path}/${key}/${i}`));
  }
  for (const key of SCHEMA_SINGLES) {
    const sub = schema[key];
    if (Array.isArray(sub)) sub.forEach((s, i) => walkSchema(s, visit, `${path}/${key}/${i}`));
    else if (sub !== undefined) walkSchema(sub, visit, `${path}/${key}`);
  }
}

/**
 * Rewrites subschemas bottom-up: `replace(schema, path)` returns the node to keep (the same
 * object, possibly mutated, or a new value). Used where a node must be swapped for another value,
 * e.g. boolean `true` schemas.
 */
export function mapSchema(schema, replace, path = "") {
  if (schema !== null && typeof schema === "object") {
    for (const key of SCHEMA_MAPS) {
      const map = schema[key];
      if (map && typeof map === "object") {
        for (const name of Object.keys(map)) map[name] = mapSchema(map[name], replace, `${path}/${key}/${name}`);
      }
    }
    for (const key of SCHEMA_ARRAYS) {
      if (Array.isArray(schema[key])) schema[key] = schema[key].map((s, i) => mapSchema(s, replace, `${path}/${key}/${i}`));
    }
    for (const key of SCHEMA_SINGLES) {
      const sub = schema[key];
      if (Array.isArray(sub)) schema[key] = sub.map((s, i) => mapSchema(s, replace, `${path}/${key}/${i}`));
      else if (sub !== undefined) schema[key] = mapSchema(sub, replace, `${path}/${key}`);
    }
  }
  return replace(schema, path);
}

/** Structural equality of two JSON values (key order ignored). */
export function jsonEqual(a, b) {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
}

/** The definition name a local `#/definitions/X` reference points at, or undefined. */
export function refName(schema) {
  const ref = schema && typeof schema === "object" ? schema.$ref : undefined;
  return typeof ref === "string" && ref.startsWith("#/definitions/") ? ref.slice("#/definitions/".length) : undefined;
}
