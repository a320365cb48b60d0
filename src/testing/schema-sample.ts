import type { MockJson } from "./replies.js";
import type { JsonSchemaObject } from "./request-body.js";

/**
 * A small value that satisfies common JSON schemas: `const`, then the first `enum` value, then
 * `default`, then the first `anyOf`/`oneOf` branch, then a value of the (first non-null) type with every
 * listed object property filled in. It answers `outputSchema` turns that have no scripted JSON.
 */
export function sampleFromSchema(schema: JsonSchemaObject | undefined, depth = 0): MockJson {
  if (schema === undefined || depth > 16) return null;
  if (schema.const !== undefined) return schema.const as MockJson;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as MockJson;
  if (schema.default !== undefined) return schema.default as MockJson;
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (branch !== undefined) return sampleFromSchema(branch, depth + 1);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const type = types.find((t) => t !== "null") ?? types[0] ?? (schema.properties !== undefined ? "object" : undefined);
  switch (type) {
    case "object": {
      const value: { [key: string]: MockJson } = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) value[key] = sampleFromSchema(property, depth + 1);
      return value;
    }
    case "array":
      return [];
    case "string":
      return "mock";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    default:
      return null;
  }
}
