/** Small facts about values, used by every check and error message in the SDK. */

/** True for a plain object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short description of a value for error messages: `number 42`, `string "abc"`, `null`, `an array`, `an object`. */
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
    case "symbol":
      return "a symbol";
    default:
      return "an object";
  }
}

/**
 * The message of an error (or a description of whatever else was thrown) without its final
 * period, to be quoted inside a sentence of the SDK's own.
 */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : describeValue(error);
  return text.replace(/[.\s]+$/, "");
}

/**
 * The path of the first string in `value` that is not well-formed UTF-16 (a lone surrogate), e.g.
 * `input[0].text`, or `undefined` when there is none. Such a string cannot be sent: the server
 * drops the whole message it is in without an answer.
 */
export function findIllFormedString(value: unknown, path: string, seen: Set<object> = new Set()): string | undefined {
  if (typeof value === "string") return value.isWellFormed() ? undefined : path;
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findIllFormedString(value[i], `${path}[${i}]`, seen);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!key.isWellFormed()) return `${path} (a key)`;
    const found = findIllFormedString((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Matches a `\uD800`-`\uDFFF` escape that `JSON.stringify` writes for a lone surrogate (and only for one). */
const ESCAPED_SURROGATE = /(?:^|[^\\])(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/**
 * True when JSON text made by `JSON.stringify` carries a lone surrogate. Since ES2019 it escapes
 * lone surrogates as `\udXXX` and writes paired ones as they are, so a scan of the text is enough.
 */
export function jsonHasLoneSurrogate(json: string): boolean {
  return json.includes("\\u") && ESCAPED_SURROGATE.test(json);
}
