/**
 * The keywords of JSON Schema (draft-07 to 2020-12) that a schema typed by an interface may declare.
 * Every one is optional and of any type: {@link JsonSchema} names them only so that such a schema
 * (`JSONSchema7` from `@types/json-schema`, say), which has no index signature, is accepted.
 */
export interface JsonSchemaKeywords {
  /** The dialect's URI. */
  readonly $schema?: unknown;
  /** The schema's own URI. */
  readonly $id?: unknown;
  /** A reference to another schema. */
  readonly $ref?: unknown;
  /** Schemas for `$ref` to name (2019-09 and later). */
  readonly $defs?: unknown;
  /** Schemas for `$ref` to name (draft-07). */
  readonly definitions?: unknown;
  /** A short name for what the schema describes. */
  readonly title?: unknown;
  /** What the schema describes; the model reads it. */
  readonly description?: unknown;
  /** The value to assume when none is given. */
  readonly default?: unknown;
  /** Example values. */
  readonly examples?: unknown;
  /** The JSON type(s) a value must have. */
  readonly type?: unknown;
  /** The values allowed. */
  readonly enum?: unknown;
  /** The one value allowed. */
  readonly const?: unknown;
  /** A named format of a string (`date-time`, `email`, ...). */
  readonly format?: unknown;
  /** The schema of each named property of an object. */
  readonly properties?: unknown;
  /** The properties an object must have. */
  readonly required?: unknown;
  /** The schema of the other properties, or `false` for none. */
  readonly additionalProperties?: unknown;
  /** The schemas of properties whose names match a pattern. */
  readonly patternProperties?: unknown;
  /** The schema of an array's items. */
  readonly items?: unknown;
  /** The schemas of an array's first items, in order (2020-12). */
  readonly prefixItems?: unknown;
  /** The schema of the items after `items` tuples (draft-07). */
  readonly additionalItems?: unknown;
  /** Schemas of which a value must match at least one. */
  readonly anyOf?: unknown;
  /** Schemas of which a value must match exactly one. */
  readonly oneOf?: unknown;
  /** Schemas a value must all match. */
  readonly allOf?: unknown;
  /** A schema a value must not match. */
  readonly not?: unknown;
}

/**
 * A JSON Schema object, as `outputSchema` takes it: a plain object literal, one written `as const`
 * (deeply readonly, literal types), or a value typed by an interface such as `JSONSchema7`. Strings,
 * numbers, arrays and the boolean schemas are not accepted: the model is asked for an object schema.
 */
export type JsonSchema = JsonSchemaKeywords | { readonly [keyword: string]: unknown };

/**
 * The TypeScript type of a value that the JSON Schema type `S` accepts, for a schema written
 * `as const` (or inferred through a `const` type parameter):
 *
 * ```ts
 * const schema = {
 *   type: "object",
 *   properties: { name: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
 *   required: ["name"],
 *   additionalProperties: false,
 * } as const;
 * type Answer = FromSchema<typeof schema>; // { name: string; tags?: string[] }
 * ```
 *
 * It reads `type` (one name or several: `["string", "null"]`), `properties` with `required` (listed
 * keys required, the others optional), `additionalProperties` (absent or `true` adds an `unknown`
 * index signature, a schema types the other keys, `false` closes the object), `items` (one schema
 * for every element; the tuple forms, `prefixItems` under a 2020-12 `$schema` and `items: [...]`
 * with `additionalItems` otherwise, give a tuple whose elements are required only when `minItems`
 * covers them all), `enum`, `const`, `anyOf`/`oneOf` (a union) and `allOf` (an intersection). The
 * keywords of a schema narrow together: `{ type: "string", enum: ["a", "b"] }` is `"a" | "b"`. A
 * keyword it does not read (`$ref`, `not`, `if`, `patternProperties` keys, bounds, `format`) narrows
 * nothing, so the type is never narrower than what the run-time check accepts. A schema that is not
 * a literal type (`JSONSchema7`, `Record<string, unknown>`, {@link JsonSchema}) declares no keyword
 * for certain and maps to `unknown`.
 *
 * It is a small mapping of this package's own rather than a library such as `json-schema-to-ts`
 * (3.1.1: 122 kB unpacked, 267 files, with `ts-algebra` and `@babel/runtime` as dependencies): the
 * public declarations would import that package, so it would have to be a run-time dependency of
 * every user, for a type alone. This mapping covers the keywords structured-output schemas use
 * (the subset the model's strict JSON mode accepts) in about a hundred lines of types, and stays
 * shallow enough for deeply nested schemas. What it leaves out (resolving `$ref` and `$defs`,
 * conditionals, `not`, pattern keys) comes out as `unknown`; pass a type parameter instead when
 * the schema relies on those.
 */
export type FromSchema<S> = Resolve<S, DraftOf<S>>;

/** Which tuple keywords apply: 2020-12's `prefixItems`, or the earlier drafts' `items: [...]` with `additionalItems`. */
type Draft = "2020-12" | "earlier";

type DraftOf<S> = S extends { readonly $schema: `${string}/draft/2020-12/${string}` } ? "2020-12" : "earlier";

// `S extends { readonly keyword: infer V }` matches a keyword that is declared, not optional: a literal
// schema's keywords are required properties, while those of `JSONSchema7` (all optional) never match.
type Resolve<S, D extends Draft> = S extends true
  ? unknown
  : S extends false
    ? never
    : S extends object
      ? OfType<S, D> & OfEnum<S> & OfConst<S> & OfAnyOf<S, D> & OfOneOf<S, D> & OfAllOf<S, D>
      : unknown;

type OfType<S, D extends Draft> = S extends { readonly type: infer T }
  ? OfTypeName<T extends readonly unknown[] ? T[number] : T, S, D>
  : unknown;

type OfTypeName<Name, S, D extends Draft> = Name extends "string"
  ? string
  : Name extends "number" | "integer"
    ? number
    : Name extends "boolean"
      ? boolean
      : Name extends "null"
        ? null
        : Name extends "array"
          ? OfArray<S, D>
          : Name extends "object"
            ? OfObject<S, D>
            : unknown;

type OfEnum<S> = S extends { readonly enum: readonly (infer V)[] } ? V : unknown;

type OfConst<S> = S extends { readonly const: infer V } ? V : unknown;

type OfAnyOf<S, D extends Draft> = S extends { readonly anyOf: readonly (infer B)[] } ? Resolve<B, D> : unknown;

type OfOneOf<S, D extends Draft> = S extends { readonly oneOf: readonly (infer B)[] } ? Resolve<B, D> : unknown;

type OfAllOf<S, D extends Draft> = S extends { readonly allOf: infer L } ? Intersection<L, D> : unknown;

type Intersection<L, D extends Draft> = L extends readonly [infer Head, ...infer Tail]
  ? Resolve<Head, D> & Intersection<Tail, D>
  : unknown;

type OfObject<S, D extends Draft> = Flatten<
  Properties<S extends { readonly properties: infer P } ? P : {}, RequiredKeys<S>, D> & OtherKeys<S, D>
>;

// A `required` list that is not a literal tuple names no key for certain.
type RequiredKeys<S> = S extends { readonly required: readonly (infer K)[] } ? (string extends K ? never : K & string) : never;

type Properties<P, R extends string, D extends Draft> = {
  -readonly [K in keyof P & R]: Resolve<P[K], D>;
} & {
  -readonly [K in Exclude<keyof P, R>]?: Resolve<P[K], D>;
} & {
  -readonly [K in Exclude<R, keyof P>]: unknown;
};

// Keys matching `patternProperties` escape `additionalProperties`, so they can hold anything here.
type OtherKeys<S, D extends Draft> = S extends { readonly patternProperties: object }
  ? { [key: string]: unknown }
  : S extends { readonly additionalProperties: false }
    ? {}
    : S extends { readonly additionalProperties: infer A extends object }
      ? { [key: string]: Resolve<A, D> }
      : { [key: string]: unknown };

type OfArray<S, D extends Draft> = D extends "2020-12"
  ? S extends { readonly prefixItems: infer P extends readonly unknown[] }
    ? Tuple<S, P, Rest<S, "items", D>, D>
    : ListOf<S, D>
  : S extends { readonly items: infer P extends readonly unknown[] }
    ? Tuple<S, P, Rest<S, "additionalItems", D>, D>
    : ListOf<S, D>;

type ListOf<S, D extends Draft> = S extends { readonly items: infer I } ? Resolve<I, D>[] : unknown[];

type Rest<S, Keyword extends string, D extends Draft> = S extends { readonly [K in Keyword]: infer I } ? Resolve<I, D> : unknown;

type Tuple<S, P extends readonly unknown[], R, D extends Draft> = [R] extends [never]
  ? Prefix<S, P, D>
  : [...Prefix<S, P, D>, ...R[]];

type Prefix<S, P extends readonly unknown[], D extends Draft> =
  CoversPrefix<S, P> extends true
    ? { -readonly [K in keyof P]: Resolve<P[K], D> }
    : { -readonly [K in keyof P]?: Resolve<P[K], D> };

// True when a literal `minItems` is at least the prefix's length: it is not one of the prefix's indices.
type CoversPrefix<S, P extends readonly unknown[]> = S extends { readonly minItems: infer M extends number }
  ? number extends M
    ? false
    : `${M}` extends Exclude<keyof P, keyof readonly unknown[]>
      ? false
      : true
  : false;

type Flatten<T> = { [K in keyof T]: T[K] };
