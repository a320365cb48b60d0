/*
 * Protocol JSON Schema for the runtime validator (flattened, with the codegen/patches.mjs fixes).
 * Generated from the app-server JSON Schema of @openai/codex 0.171.0 (schema/). Do not edit:
 * run `npm run bump-runtime -- <version>` to change the runtime, or `npm run generate-types` after a codegen/ change.
 */

/** The protocol definitions (flattened and patched) as a JSON Schema draft-07 document. */
export declare const validationSchema: {
  readonly $schema: string;
  readonly definitions: { readonly [name: string]: object | boolean };
};

/** A number `format`: whole numbers only when `integer`, within `minimum`..`maximum` when given. */
export interface NumberFormat {
  readonly integer: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** The values each number `format` of the schema accepts (codegen/formats.mjs). */
export declare const validationFormats: { readonly [format: string]: NumberFormat };
