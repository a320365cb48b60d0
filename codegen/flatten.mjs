// Flattens the app-server bundle: `definitions.v2.*` joins the top-level `definitions`, refs are
// rewritten to `#/definitions/X`, and every definition loses its own `$schema`.
import { jsonEqual, walkSchema } from "./schema-walk.mjs";

const V2_PREFIX = "#/definitions/v2/";

function withoutRootMeta(schema) {
  const { title: _title, $schema: _schema, ...rest } = schema;
  return rest;
}

/**
 * Returns `{ [name]: schema }` with names sorted, so the output does not depend on which namespace
 * a type lives in. Throws if a name exists in both namespaces with different shapes.
 * @param {any} bundle the parsed `codex_app_server_protocol.schemas.json`
 */
export function flattenDefinitions(bundle) {
  const source = structuredClone(bundle.definitions);
  const v2 = source.v2 ?? {};
  delete source.v2;
  const merged = {};
  for (const [name, schema] of [...Object.entries(source), ...Object.entries(v2)]) {
    if (Object.hasOwn(merged, name)) {
      if (!jsonEqual(withoutRootMeta(merged[name]), withoutRootMeta(schema))) {
        throw new Error(`definition ${name} exists in both namespaces with different shapes; flattening would lose one`);
      }
      continue;
    }
    merged[name] = schema;
  }
  const definitions = {};
  for (const name of Object.keys(merged).sort()) {
    const schema = merged[name];
    delete schema.$schema;
    walkSchema(schema, (node) => {
      if (node && typeof node === "object" && typeof node.$ref === "string" && node.$ref.startsWith(V2_PREFIX)) {
        node.$ref = `#/definitions/${node.$ref.slice(V2_PREFIX.length)}`;
      }
    });
    definitions[name] = schema;
  }
  for (const [name, schema] of Object.entries(definitions)) {
    walkSchema(schema, (node, path) => {
      if (node && typeof node === "object" && typeof node.$ref === "string") {
        const target = node.$ref.startsWith("#/definitions/") ? node.$ref.slice("#/definitions/".length) : undefined;
        if (!target || !Object.hasOwn(definitions, target)) {
          throw new Error(`unresolvable $ref ${node.$ref} at ${name}${path}`);
        }
      }
    });
  }
  return definitions;
}
