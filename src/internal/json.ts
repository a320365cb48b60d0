import { errorMessage, findIllFormedString, jsonHasLoneSurrogate } from "./values.js";

/**
 * Why `value` cannot be sent as a JSON-RPC payload, or `null` when it can. Catches what
 * `JSON.stringify` throws on (a BigInt, a cycle, a throwing getter or `toJSON`, a text too long to
 * build) and strings that are not well-formed UTF-16, which the server drops without an answer.
 * `path` names the value in the description, e.g. `params`.
 */
export function jsonProblem(value: unknown, path: string): string | null {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return `it cannot be written as JSON (${errorMessage(error).split("\n")[0]})`;
  }
  if (json === undefined) return "it is not a JSON value";
  if (jsonHasLoneSurrogate(json)) {
    const where = findIllFormedString(value, path) ?? path;
    return `${where} holds a string with a lone UTF-16 surrogate, which the server cannot read (check String.prototype.isWellFormed)`;
  }
  return null;
}
