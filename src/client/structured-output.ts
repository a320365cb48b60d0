import type { ErrorObject, Options as AjvOptions, ValidateFunction } from "ajv";
import { StructuredOutputError, type SchemaViolation } from "../errors.js";
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
  load: async () => (await import("ajv")).Ajv,
};

const DRAFTS: readonly Draft[] = [
  DRAFT_07,
  {
    name: "2019-09",
    uri: /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/,
    canonical: "https://json-schema.org/draft/2019-09/schema",
    load: async () => (await import("ajv/dist/2019.js")).Ajv2019,
  },
  {
    name: "2020-12",
    uri: /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/,
    canonical: "https://json-schema.org/draft/2020-12/schema",
    load: async () => (await import("ajv/dist/2020.js")).Ajv2020,
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

/** The compiled check of each schema object, so a schema is compiled once however many answers it checks. */
const validators = new WeakMap<object, Promise<ValidateFunction>>();

function draftOf(schema: JsonSchema): Draft {
  const named = (schema as { $schema?: unknown }).$schema;
  if (named === undefined) return DRAFT_07;
  const draft = typeof named === "string" ? DRAFTS.find((candidate) => candidate.uri.test(named)) : undefined;
  if (draft === undefined) {
    throw new TypeError(
      `The output schema's $schema is ${describeValue(named)}, a draft that cannot be checked. Use one of ` +
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

async function compile(schema: JsonSchema): Promise<ValidateFunction> {
  const draft = draftOf(schema);
  const compiler = await compilerFor(draft);
  const named = (schema as { $schema?: unknown }).$schema;
  const source = named === undefined || named === draft.canonical ? schema : { ...schema, $schema: draft.canonical };
  try {
    return compiler.compile(source);
  } catch (error) {
    throw new TypeError(`The output schema is not a valid ${draft.name} JSON Schema: ${errorMessage(error)}. Fix the schema.`, {
      cause: error,
    });
  } finally {
    // Ajv keeps every schema it compiled, under its `$id`s too. Compiled checks do not need them, so
    // forgetting them all keeps Ajv from holding schemas and lets another schema reuse an `$id`.
    compiler.removeSchema();
  }
}

function validatorFor(schema: JsonSchema): Promise<ValidateFunction> {
  if (!isPlainObject(schema)) {
    throw new TypeError(`The output schema must be a JSON Schema object, got ${describeValue(schema)}.`);
  }
  let validator = validators.get(schema);
  if (validator === undefined) {
    validator = compile(schema);
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

function violations(errors: readonly ErrorObject[] | null | undefined): SchemaViolation[] {
  return (errors ?? []).map((error) => ({ path: error.instancePath, message: describeViolation(error) }));
}

/**
 * Compiles an output schema, so that a schema Ajv cannot use is rejected (with a `TypeError`)
 * before a turn is sent with it. The compiled check is kept for {@link parseStructuredOutput}.
 */
export async function checkOutputSchema(schema: JsonSchema): Promise<void> {
  await validatorFor(schema);
}

/**
 * The structured output of a turn: its final answer `text` parsed as JSON and checked against
 * `schema` with Ajv, which is loaded on first use. The draft is the one `$schema` names (draft-07,
 * 2019-09 or 2020-12), draft-07 without it. Each schema object is compiled once and its check
 * reused, so mutate a copy rather than a schema already used. `format` is not checked (no format
 * validators are loaded, and unknown keywords are skipped), as the later drafts treat it as an
 * annotation.
 *
 * Rejects with a {@link StructuredOutputError} when there is no answer (`text` null), when it is
 * not JSON, or when it does not match (`errors` says where), and with a `TypeError` when `schema`
 * is not an object Ajv can compile.
 */
export async function parseStructuredOutput(text: string | null | undefined, schema: JsonSchema): Promise<unknown> {
  const validate = await validatorFor(schema);
  if (text === null || text === undefined) throw new StructuredOutputError(undefined, { reason: "no-answer", text: null });
  if (typeof text !== "string") {
    throw new TypeError(`parseStructuredOutput() needs the answer as a string (or null), got ${describeValue(text)}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StructuredOutputError(undefined, { reason: "not-json", text, cause: error });
  }
  if (!validate(value)) {
    throw new StructuredOutputError(undefined, { reason: "schema-mismatch", text, errors: violations(validate.errors) });
  }
  return value;
}
