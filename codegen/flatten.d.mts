/** Flattens `definitions.v2` into one sorted `{ [name]: schema }` map with `#/definitions/X` refs. */
export declare function flattenDefinitions(bundle: unknown): Record<string, unknown>;
