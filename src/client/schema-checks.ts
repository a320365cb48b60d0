import type { ErrorObject, Options as AjvOptions, ValidateFunction } from "ajv";
import type { SchemaViolation } from "../errors.js";
import { describeValue, errorMessage, isPlainObject } from "../internal/values.js";
import type { JsonSchema } from "./json-schema.js";

/** The part of an Ajv instance used here; the class of every draft has it. */
interface SchemaCompiler {
  compile(schema: object): ValidateFunction;
  removeSchema(): unknown;
}

/** A JSON Schema draft Ajv can check, and how to load its Ajv class. */
interface Draft {
  readonly name: string;
  /** The `$schema` values that name it. */
  readonly uri: RegExp;
  /** The `$schema` value its Ajv class knows it by. */
  readonly canonical: string;
  readonly load: () => Promise<new (options: AjvOptions) => SchemaCompiler>;
}

const DRAFT_07: Draft = {
  name: "draft-07",
  uri: /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/,
  canonical: "http://json-schema.org/draft-07/schema#",
  load: async () => (await import("./ajv-classes.js")).Ajv,
};

const DRAFTS: readonly Draft[] = [
  DRAFT_07,
  {
    name: "2019-09",
    uri: /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/,
    canonical: "https://json-schema.org/draft/2019-09/schema",
    load: async () => (await import("./ajv-classes.js")).Ajv2019,
  },
  {
    name: "2020-12",
    uri: /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/,
    canonical: "https://json-schema.org/draft/2020-12/schema",
    load: async () => (await import("./ajv-classes.js")).Ajv2020,
  },
];

const AJV_OPTIONS: AjvOptions = {
  // Keywords Ajv does not know (vendor extensions, `format` without format validators) are skipped, not errors.
  strict: false,
  allErrors: true,
  // Ajv would otherwise print a warning for every skipped `format`.
  logger: false,
};

/** One Ajv instance per draft, created on first use. */
const compilers = new Map<Draft, Promise<SchemaCompiler>>();

/** The compiled check of each schema object, so a schema is compiled once however many values it checks. */
const validators = new WeakMap<object, Promise<ValidateFunction>>();

function draftOf(schema: JsonSchema, what: string): Draft {
  const named = (schema as { $schema?: unknown }).$schema;
  if (named === undefined) return DRAFT_07;
  const draft = typeof named === "string" ? DRAFTS.find((candidate) => candidate.uri.test(named)) : undefined;
  if (draft === undefined) {
    throw new TypeError(
      `${what}'s $schema is ${describeValue(named)}, a draft that cannot be checked. Use one of ` +
        `${DRAFTS.map((known) => JSON.stringify(known.canonical)).join(", ")}, or leave $schema out (draft-07).`,
    );
  }
  return draft;
}

function compilerFor(draft: Draft): Promise<SchemaCompiler> {
  let compiler = compilers.get(draft);
  if (compiler === undefined) {
    compiler = draft.load().then((AjvClass) => new AjvClass(AJV_OPTIONS));
    compilers.set(draft, compiler);
    compiler.catch(() => compilers.delete(draft));
  }
  return compiler;
}

async function compile(schema: JsonSchema, what: string): Promise<ValidateFunction> {
  const draft = draftOf(schema, what);
  const compiler = await compilerFor(draft);
  const named = (schema as { $schema?: unknown }).$schema;
  const source = named === undefined || named === draft.canonical ? schema : { ...schema, $schema: draft.canonical };
  try {
    return compiler.compile(source);
  } catch (error) {
    throw new TypeError(`${what} is not a valid ${draft.name} JSON Schema: ${errorMessage(error)}. Fix the schema.`, {
      cause: error,
    });
  } finally {
    // Ajv keeps every schema it compiled, under its `$id`s too. Compiled checks do not need them, so
    // forgetting them all keeps Ajv from holding schemas and lets another schema reuse an `$id`.
    compiler.removeSchema();
  }
}

/**
 * The compiled check of a JSON Schema, with Ajv loaded on first use. The draft is the one `$schema`
 * names (draft-07, 2019-09 or 2020-12), draft-07 without it. Each schema object is compiled once
 * and its check reused, so mutate a copy rather than a schema already used. `format` is not checked
 * (no format validators are loaded, and unknown keywords are skipped). Rejects with a `TypeError`
 * naming `what` (e.g. `The output schema`) when the schema is not an object Ajv can compile.
 */
export function schemaValidator(schema: JsonSchema, what: string): Promise<ValidateFunction> {
  if (!isPlainObject(schema)) {
    return Promise.reject(new TypeError(`${what} must be a JSON Schema object, got ${describeValue(schema)}.`));
  }
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = compile(schema, what);
    validators.set(schema, validator);
    validator.catch(() => validators.delete(schema));
  }
  return validator;
}

function describeViolation(error: ErrorObject): string {
  const message = error.message ?? `fails its "${error.keyword}" keyword`;
  const params = error.params as { additionalProperty?: unknown; allowedValues?: unknown; allowedValue?: unknown };
  switch (error.keyword) {
    case "additionalProperties":
      return `${message} (${JSON.stringify(params.additionalProperty)})`;
    case "enum":
      return `${message}: ${Array.isArray(params.allowedValues) ? params.allowedValues.map((v) => JSON.stringify(v)).join(", ") : "?"}`;
    case "const":
      return `${message} ${JSON.stringify(params.allowedValue)}`;
    default:
      return message;
  }
}

/** What a failed check found, one entry per violation, with the path of the offending value. */
export function schemaViolations(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((error) => ({ path: error.instancePath, message: describeViolation(error) }));
}
