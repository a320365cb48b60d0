/*
 * Protocol JSON Schema for the runtime validator (flattened, with the codegen/patches.mjs fixes).
 * Generated from the app-server JSON Schema of @openai/codex 0.169.0 (schema/). Do not edit:
 * run `npm run update-schema` after changing the runtime pin, then `npm run generate-types`.
 */

/** The protocol definitions (flattened and patched) as a JSON Schema draft-07 document. */
export declare const validationSchema: {
  readonly $schema: string;
  readonly definitions: { readonly [name: string]: object | boolean };
};
