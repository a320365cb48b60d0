// The `format` keywords the protocol schema may carry, and what each one accepts. The schema is
// written by schemars from Rust types, so its formats are the Rust number widths. This table feeds
// the runtime validator (through generated/validation-schema.js); a format missing from it stops
// code generation, so a new one is seen when the runtime is bumped rather than when validation
// first meets it in live traffic.
import { walkSchema } from "./schema-walk.mjs";

const signed = (bits) => ({ integer: true, minimum: -(2 ** (bits - 1)), maximum: 2 ** (bits - 1) - 1 });
const unsigned = (bits) => ({ integer: true, minimum: 0, maximum: 2 ** bits - 1 });

/**
 * Number formats: `integer` values must be whole; `minimum`/`maximum` bound them where a JS number
 * can hold the bound exactly (64-bit and pointer-sized widths only fix the sign).
 * @type {Readonly<Record<string, { integer: boolean; minimum?: number; maximum?: number }>>}
 */
export const NUMBER_FORMATS = Object.freeze({
  int8: signed(8),
  int16: signed(16),
  int32: signed(32),
  int64: { integer: true },
  int: { integer: true },
  uint8: unsigned(8),
  uint16: unsigned(16),
  uint32: unsigned(32),
  uint64: { integer: true, minimum: 0 },
  uint: { integer: true, minimum: 0 },
  float: { integer: false },
  double: { integer: false },
});

/**
 * Every `format` used in `definitions`: format -> the definitions that use it, sorted.
 * @param {Record<string, any>} definitions flattened definitions
 * @returns {Map<string, string[]>}
 */
export function collectFormats(definitions) {
  const found = new Map();
  for (const [name, schema] of Object.entries(definitions)) {
    walkSchema(schema, (node) => {
      if (node === null || typeof node !== "object" || typeof node.format !== "string") return;
      const users = found.get(node.format) ?? new Set();
      users.add(name);
      found.set(node.format, users);
    });
  }
  return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([format, users]) => [format, [...users].sort()]));
}

/**
 * Fails when the schema uses a format {@link NUMBER_FORMATS} does not define; returns the formats used.
 * @param {Record<string, any>} definitions flattened definitions
 */
export function assertKnownFormats(definitions) {
  const used = collectFormats(definitions);
  const unknown = [...used].filter(([format]) => !Object.hasOwn(NUMBER_FORMATS, format));
  if (unknown.length > 0) {
    const list = unknown.map(([format, users]) => `"${format}" (in ${users.slice(0, 3).join(", ")}${users.length > 3 ? ", ..." : ""})`);
    throw new Error(
      `the schema uses formats the validator does not know: ${list.join("; ")}. ` +
        "Add each to NUMBER_FORMATS in codegen/formats.mjs with the values it accepts, then regenerate.",
    );
  }
  return [...used.keys()];
}
