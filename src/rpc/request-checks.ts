/**
 * Checks of a request's method, params and per-call options, made before anything is armed,
 * started or sent, so a mistake is the caller's `TypeError` and never a later crash or a message
 * the server drops.
 */
import { isAbortSignal } from "../internal/abort.js";
import { jsonProblem } from "../internal/json.js";
import { describeValue, isPlainObject } from "../internal/values.js";

const KNOWN: ReadonlySet<string> = new Set(["signal", "timeoutMs"]);

/**
 * Checks the trailing `{ signal, timeoutMs }` of a call before anything is armed, started or
 * sent, and returns them; `undefined` and `null` mean none. Throws a `TypeError` naming `what`
 * (e.g. `"thread/list"` or `close()`) for anything else, an unknown option included.
 */
export function checkRequestOptions(what: string, options: unknown): { signal: AbortSignal | undefined; timeoutMs: number | undefined } {
  if (options === undefined || options === null) return { signal: undefined, timeoutMs: undefined };
  if (!isPlainObject(options)) {
    throw new TypeError(`The options of ${what} must be an object ({ signal, timeoutMs }), got ${describeValue(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (options[key] !== undefined && !KNOWN.has(key)) {
      throw new TypeError(`The options of ${what} have an unknown option ${JSON.stringify(key)}; known: signal, timeoutMs.`);
    }
  }
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`The signal option of ${what} must be an AbortSignal, got ${describeValue(signal)}.`);
  }
  if (timeoutMs !== undefined && !(typeof timeoutMs === "number" && timeoutMs > 0)) {
    throw new TypeError(
      `The timeoutMs option of ${what} must be a positive number of milliseconds (or Infinity), got ${describeValue(timeoutMs)}.`,
    );
  }
  return { signal, timeoutMs: timeoutMs as number | undefined };
}

/** A method name: a non-empty string. */
export function checkMethod(method: unknown): asserts method is string {
  if (typeof method !== "string" || method === "") {
    throw new TypeError(`A method name must be a non-empty string, e.g. "thread/list", got ${describeValue(method)}.`);
  }
}

/** Params: a plain object that JSON can carry. */
export function checkParams(method: string, params: unknown): asserts params is object {
  if (!isPlainObject(params)) {
    throw new TypeError(`Params of "${method}" must be an object, got ${describeValue(params)}.`);
  }
  const problem = jsonProblem(params, "params");
  if (problem !== null) throw new TypeError(`Params of "${method}" cannot be sent: ${problem}. Pass plain JSON values.`);
}
