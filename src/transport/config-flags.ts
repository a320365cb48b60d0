import { describeValue } from "../internal/values.js";

/** A configuration value: a TOML literal (string, finite number, boolean), an array of them, or a nested table. */
export type ConfigValue = string | number | boolean | readonly ConfigValue[] | ConfigOverrides;

/**
 * Configuration overrides for a spawned app-server, as a nested object: `{ model: "gpt-5.5",
 * features: { plugins: false } }`. Each leaf becomes one `-c dotted.key=<TOML literal>` flag.
 * `undefined` leaves are skipped.
 */
export interface ConfigOverrides {
  readonly [key: string]: ConfigValue | undefined;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Encodes config overrides as app-server arguments: `["-c", "model=\"gpt-5.5\"", "-c",
 * "features.plugins=false"]`. Throws `TypeError` for values TOML cannot carry (null, NaN, functions,
 * ...) and for keys that are empty or contain `.` or `=` (the runtime splits keys on dots).
 */
export function configToFlags(config: ConfigOverrides): string[] {
  if (!isTable(config)) throw new TypeError(`config must be a plain object, got ${describeValue(config)}.`);
  const flags: string[] = [];
  const visit = (table: ConfigOverrides, prefix: string): void => {
    for (const key of Object.keys(table)) {
      const value = table[key];
      if (value === undefined) continue;
      if (key === "" || key.includes(".") || key.includes("=") || /\s/.test(key)) {
        throw new TypeError(
          `config key ${JSON.stringify(prefix + key)} cannot be sent as a -c flag: keys must be non-empty and contain no dots, "=" or spaces; nest objects instead.`,
        );
      }
      const path = prefix + key;
      if (isTable(value)) visit(value, `${path}.`);
      else flags.push("-c", `${path}=${tomlLiteral(value, path)}`);
    }
  };
  visit(config, "");
  return flags;
}

/** Encodes one value as a TOML literal; `path` names it in errors. */
export function tomlLiteral(value: unknown, path = "value"): string {
  switch (typeof value) {
    case "string":
      return tomlString(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`config ${path} is ${value}; TOML values must be finite numbers.`);
      return Object.is(value, -0) ? "0" : String(value);
    case "bigint":
      return value.toString();
    case "object":
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => tomlLiteral(item, `${path}[${index}]`)).join(", ")}]`;
      }
      if (isTable(value)) {
        const entries = Object.keys(value)
          .filter((key) => value[key] !== undefined)
          .map((key) => `${BARE_KEY.test(key) ? key : tomlString(key)} = ${tomlLiteral(value[key], `${path}.${key}`)}`);
        return `{ ${entries.join(", ")} }`.replace("{  }", "{}");
      }
      break;
    default:
      break;
  }
  throw new TypeError(
    `config ${path} is ${describeValue(value)}; use a string, a finite number, a boolean, an array or a nested object.`,
  );
}

function tomlString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (char === "\b") out += "\\b";
    else if (char === "\f") out += "\\f";
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out}"`;
}

/** True for a plain object (its prototype `Object.prototype` or `null`), which a config nests as a TOML table. */
export function isTable(value: unknown): value is ConfigOverrides {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

