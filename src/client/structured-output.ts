import type { ValidateFunction } from "ajv";
import { StructuredOutputError } from "../errors.js";
import { describeValue } from "../internal/values.js";
import type { JsonSchema } from "./json-schema.js";
import { schemaValidator, schemaViolations } from "./schema-checks.js";

const OUTPUT_SCHEMA = "The output schema";

function validatorFor(schema: JsonSchema): Promise<ValidateFunction> {
  return schemaValidator(schema, OUTPUT_SCHEMA);
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
    throw new StructuredOutputError(undefined, { reason: "schema-mismatch", text, errors: schemaViolations(validate.errors) });
  }
  return value;
}
