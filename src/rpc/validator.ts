import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { clientRequestSchemas, serverNotificationSchemas, serverRequestSchemas } from "../../generated/method-index.js";
import { validationFormats, validationSchema, type NumberFormat } from "../../generated/validation-schema.js";

/** Checks messages against the protocol schema of the pinned runtime, by method. */
export interface MessageValidator {
  /** null when valid, else a short human-readable description of what is wrong */
  checkNotification(method: string, params: unknown): string | null;
  /** null when valid, else a short human-readable description of what is wrong */
  checkServerRequest(method: string, params: unknown): string | null;
  /** Checks the result of a client request; null when valid, else a short description. */
  checkResponse(method: string, result: unknown): string | null;
  /** Checks a handler's answer to a server request (for `validate: "strict"`); null when valid, else a short description. */
  checkServerRequestResult(method: string, result: unknown): string | null;
  /** Checks outgoing params (for `validate: "strict"`); null when valid, else a short description. */
  checkClientParams(method: string, params: unknown): string | null;
  /**
   * True the first time an incoming `method` the schema does not define is seen as `kind`, and
   * false after that (and for every method it defines), so each unknown method is reported once.
   */
  isFirstUnknown(kind: "notification" | "server request", method: string): boolean;
}

const SCHEMA_ID = "codex-app-server-protocol";
const MAX_REPORTED_ERRORS = 3;

/** The check Ajv runs for one number `format` of the schema (see codegen/formats.mjs). */
export function numberFormatCheck(format: NumberFormat): (n: number) => boolean {
  const { integer, minimum, maximum } = format;
  return (n) =>
    (integer ? Number.isInteger(n) : Number.isFinite(n)) &&
    (minimum === undefined || n >= minimum) &&
    (maximum === undefined || n <= maximum);
}

function own<T>(table: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function describeErrors(definition: string, errors: readonly ErrorObject[] | null | undefined): string {
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const where = error.instancePath === "" ? "value" : error.instancePath;
    const detail =
      error.keyword === "additionalProperties"
        ? `${error.message ?? "has extra properties"} (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
        : error.keyword === "enum"
          ? `${error.message ?? "is not allowed"}: ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
          : (error.message ?? error.keyword);
    seen.add(`${where} ${detail}`);
    if (seen.size === MAX_REPORTED_ERRORS) break;
  }
  const text = seen.size > 0 ? [...seen].join("; ") : "does not match";
  return `does not match ${definition}: ${text}`;
}

/**
 * Creates a validator over the generated protocol schema (the experimental superset, with the
 * codegen's schema patches). Each definition is compiled on first use; unknown methods pass (and
 * `isFirstUnknown` tells a caller when to report one).
 */
export function createMessageValidator(): MessageValidator {
  // `logger: false`: the library prints nothing; strict-mode problems still throw.
  const ajv = new Ajv({ allowUnionTypes: true, strictTypes: false, logger: false });
  for (const [name, format] of Object.entries(validationFormats)) {
    ajv.addFormat(name, { type: "number", validate: numberFormatCheck(format) });
  }
  ajv.addSchema(validationSchema, SCHEMA_ID);

  const compiled = new Map<string, ValidateFunction>();
  const check = (definition: string, value: unknown): string | null => {
    let validate = compiled.get(definition);
    if (validate === undefined) {
      const found = ajv.getSchema(`${SCHEMA_ID}#/definitions/${definition}`);
      if (found === undefined) return `the schema has no definition ${definition}`;
      validate = found;
      compiled.set(definition, validate);
    }
    return validate(value) ? null : describeErrors(definition, validate.errors);
  };

  const reportedUnknown = new Set<string>();

  return {
    isFirstUnknown(kind, method) {
      const table = kind === "notification" ? serverNotificationSchemas : serverRequestSchemas;
      const key = `${kind} ${method}`;
      if (Object.hasOwn(table, method) || reportedUnknown.has(key)) return false;
      reportedUnknown.add(key);
      return true;
    },
    checkNotification(method, params) {
      const definition = own(serverNotificationSchemas, method);
      return definition === undefined ? null : check(definition, params);
    },
    checkServerRequest(method, params) {
      const entry = own(serverRequestSchemas, method);
      return entry === undefined ? null : check(entry.params, params);
    },
    checkServerRequestResult(method, result) {
      const entry = own(serverRequestSchemas, method);
      return entry === undefined ? null : check(entry.result, result);
    },
    checkResponse(method, result) {
      const entry = own(clientRequestSchemas, method);
      return entry === undefined ? null : check(entry.result, result);
    },
    checkClientParams(method, params) {
      const entry = own(clientRequestSchemas, method);
      if (entry === undefined) return null;
      if (entry.paramsOptional && (params === undefined || params === null)) return null;
      if (entry.params === null) {
        const empty = typeof params === "object" && params !== null && !Array.isArray(params) && Object.keys(params).length === 0;
        return empty ? null : `${method} takes no params (send none, or {})`;
      }
      return check(entry.params, params);
    },
  };
}
