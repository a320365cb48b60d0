/**
 * Small run-time checks for option objects passed to the high-level API. Each check throws a
 * `TypeError` that names the call, the option and what was received, so a mistake is reported
 * before anything is sent to the server. Internal: not exported from the package.
 */

/** Checks one option value; `where` names the call and option, e.g. `threadStart() option "model"`. */
export type Check = (value: unknown, where: string) => void;

/** A short description of a value for error messages: `number 42`, `null`, `array`, `object`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
    case "bigint":
      return `${typeof value} ${String(value)}`;
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    default:
      return "an object";
  }
}

function fail(where: string, expected: string, value: unknown): never {
  throw new TypeError(`${where} must be ${expected}, got ${describeValue(value)}.`);
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string. */
export const string: Check = (v, w) => {
  if (typeof v !== "string") fail(w, "a string", v);
};

/** A non-empty string (ids, names). */
export const nonEmptyString: Check = (v, w) => {
  if (typeof v !== "string" || v.length === 0) fail(w, "a non-empty string", v);
};

/** A string or null. */
export const stringOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "string") fail(w, "a string or null", v);
};

/** A boolean. */
export const boolean: Check = (v, w) => {
  if (typeof v !== "boolean") fail(w, "a boolean", v);
};

/** A boolean or null. */
export const booleanOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "boolean") fail(w, "a boolean or null", v);
};

/** A non-negative integer or null. */
export const countOrNull: Check = (v, w) => {
  if (v !== null && !(typeof v === "number" && Number.isInteger(v) && v >= 0)) {
    fail(w, "a non-negative integer or null", v);
  }
};

/** A positive finite number of milliseconds. */
export const positiveMs: Check = (v, w) => {
  if (!(typeof v === "number" && Number.isFinite(v) && v > 0)) fail(w, "a positive number of milliseconds", v);
};

/** An array or null. */
export const arrayOrNull: Check = (v, w) => {
  if (v !== null && !Array.isArray(v)) fail(w, "an array or null", v);
};

/** An array of strings or null. */
export const stringArrayOrNull: Check = (v, w) => {
  if (v === null) return;
  if (!Array.isArray(v)) fail(w, "an array of strings or null", v);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "string") fail(`${w}[${i}]`, "a string", v[i]);
  }
};

/** A plain object. */
export const object: Check = (v, w) => {
  if (!isRecord(v)) fail(w, "an object", v);
};

/** A plain object or null. */
export const objectOrNull: Check = (v, w) => {
  if (v !== null && !isRecord(v)) fail(w, "an object or null", v);
};

/** Any JSON value except undefined (e.g. an `outputSchema`). */
export const jsonValue: Check = (v, w) => {
  if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") fail(w, "a JSON value", v);
};

/** A `string | string[] | null` filter (e.g. `thread/list`'s `cwd`). */
export const stringOrStringArrayOrNull: Check = (v, w) => {
  if (v === null || typeof v === "string") return;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return;
  fail(w, "a string, an array of strings or null", v);
};

/** One of the given string values. */
export function oneOf(values: readonly string[], nullable = false): Check {
  const list = values.map((x) => JSON.stringify(x)).join(", ");
  return (v, w) => {
    if (nullable && v === null) return;
    if (typeof v !== "string" || !values.includes(v)) {
      fail(w, `one of ${list}${nullable ? " or null" : ""}`, v);
    }
  };
}

/** A string, an object or null (enums the server checks itself, and tagged objects). */
export const stringObjectOrNull: Check = (v, w) => {
  if (v !== null && typeof v !== "string" && !isRecord(v)) fail(w, "a string, an object or null", v);
};

/**
 * Checks an options object against a table of known option names. Unknown names are rejected with
 * a list of the known ones: a misspelt option would otherwise be silently ignored by the server.
 */
export function checkOptions(
  call: string,
  options: unknown,
  checks: Readonly<Record<string, Check>>,
): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (!isRecord(options)) {
    throw new TypeError(`${call} options must be an object, got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined) continue;
    const check = Object.prototype.hasOwnProperty.call(checks, key) ? checks[key] : undefined;
    if (check === undefined) {
      throw new TypeError(
        `${call} got an unknown option ${JSON.stringify(key)}. Known options: ${Object.keys(checks).sort().join(", ")}.`,
      );
    }
    check(value, `${call} option ${JSON.stringify(key)}`);
  }
  return options;
}
