// Finds what the experimental bundle adds over the stable one, and tags it `@experimental` in the
// docs of the generated types.
import { refName } from "./schema-walk.mjs";

/** The doc line added to everything only the experimental API has. */
export const EXPERIMENTAL_TAG = "@experimental Part of the experimental app-server API (`experimentalApi: true`).";

function isObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** A stable key for a union variant: its single-valued discriminator, or its position / ref. */
export function variantKey(variant, index) {
  if (isObject(variant?.properties)) {
    for (const name of Object.keys(variant.properties).sort()) {
      const values = variant.properties[name]?.enum;
      if (Array.isArray(values) && values.length === 1) return `${name}=${JSON.stringify(values[0])}`;
    }
  }
  return refName(variant) ?? `#${index}`;
}

/**
 * Collects every object property and union variant reachable from the definitions, keyed by a
 * locator such as `ThreadItem|oneOf[type="userMessage"].content`. Each value is the holder and
 * key of the subschema, so a caller can tag it.
 */
function collectMembers(definitions) {
  const found = new Map();
  const visit = (schema, locator) => {
    if (!isObject(schema)) return;
    if (isObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        const here = `${locator}.${name}`;
        found.set(here, { holder: schema.properties, name });
        visit(sub, here);
      }
    }
    for (const key of ["oneOf", "anyOf", "allOf"]) {
      if (Array.isArray(schema[key])) {
        schema[key].forEach((v, i) => {
          const here = `${locator}|${key}[${variantKey(v, i)}]`;
          found.set(here, { holder: schema[key], name: i });
          visit(v, here);
        });
      }
    }
    if (isObject(schema.items)) visit(schema.items, `${locator}[]`);
    if (isObject(schema.additionalProperties)) visit(schema.additionalProperties, `${locator}{}`);
  };
  for (const [name, schema] of Object.entries(definitions)) visit(schema, name);
  return found;
}

/**
 * Appends {@link EXPERIMENTAL_TAG} to the description of every definition, property and
 * union variant of `experimental` that `stable` lacks (in place), and returns what was tagged.
 * @param {Record<string, any>} experimental flattened experimental definitions (mutated)
 * @param {Record<string, any>} stable flattened stable definitions
 */
export function tagExperimental(experimental, stable) {
  const removed = Object.keys(stable).filter((n) => !Object.hasOwn(experimental, n));
  if (removed.length > 0) throw new Error(`the experimental schema lacks stable definitions: ${removed.join(", ")}`);
  const definitions = Object.keys(experimental).filter((n) => !Object.hasOwn(stable, n));
  const stableMembers = collectMembers(stable);
  const members = [];
  for (const [locator, { holder, name }] of collectMembers(experimental)) {
    const definition = locator.slice(0, locator.search(/[.|[{]/));
    if (!Object.hasOwn(stable, definition) || stableMembers.has(locator)) continue;
    // Nested inside a member that is itself new: the outer tag covers it.
    if (members.some((outer) => locator.startsWith(outer) && /^[.|[{]/.test(locator.slice(outer.length)))) continue;
    members.push(locator);
    tag(holder, name);
  }
  const properties = members.filter((m) => !m.endsWith("]"));
  const variants = members.filter((m) => m.endsWith("]"));
  for (const name of definitions) {
    experimental[name].description = experimental[name].description
      ? `${experimental[name].description}\n\n${EXPERIMENTAL_TAG}`
      : EXPERIMENTAL_TAG;
  }
  return { definitions, properties, variants };
}

function tag(holder, name) {
  const schema = holder[name];
  if (Array.isArray(holder) && isObject(schema?.properties)) {
    // Docs on an inline union member are not rendered; tag its discriminator property instead.
    const discriminator = Object.keys(schema.properties)
      .sort()
      .find((key) => Array.isArray(schema.properties[key]?.enum) && schema.properties[key].enum.length === 1);
    if (discriminator !== undefined) tag(schema.properties, discriminator);
  }
  if (schema === true || !isObject(schema)) {
    holder[name] = { description: EXPERIMENTAL_TAG };
  } else if (refName(schema) && Object.keys(schema).length === 1) {
    // A sibling of `$ref` would make the compiler inline and duplicate the target; wrap it.
    holder[name] = { allOf: [schema], description: EXPERIMENTAL_TAG };
  } else {
    schema.description = schema.description ? `${schema.description}\n\n${EXPERIMENTAL_TAG}` : EXPERIMENTAL_TAG;
  }
}
