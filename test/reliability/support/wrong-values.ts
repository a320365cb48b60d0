import fc from "fast-check";

/**
 * The shape a parameter or option accepts, for generating values that it must refuse. Each kind
 * comes with a predicate (what is accepted); the arbitraries produce everything else.
 */
export type Kind =
  | "string"
  | "nonEmptyString"
  | "stringOrNull"
  | "boolean"
  | "booleanOrNull"
  | "countOrNull"
  | "numberOrNull"
  | "positiveMs"
  | "positiveInt"
  | "count"
  | "nonNegativeMs"
  | "port"
  | "httpStatus"
  | "timeout"
  | "inFlight"
  | "record"
  | "recordOrNull"
  | "arrayOrNull"
  | "stringArray"
  | "stringArrayOrNull"
  | "stringOrStringArrayOrNull"
  | "stringOrRecordOrNull"
  | "json"
  | "function"
  | "signal"
  | "approvalPolicy"
  | { oneOf: readonly string[]; nullable?: boolean };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Whether `kind` accepts `value`. */
export function accepts(kind: Kind, value: unknown): boolean {
  if (typeof kind === "object") return (kind.nullable === true && value === null) || (typeof value === "string" && kind.oneOf.includes(value));
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "nonEmptyString":
      return typeof value === "string" && value.length > 0;
    case "stringOrNull":
      return value === null || typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "booleanOrNull":
      return value === null || typeof value === "boolean";
    case "countOrNull":
      return value === null || (typeof value === "number" && Number.isInteger(value) && value >= 0);
    case "numberOrNull":
      return value === null || (typeof value === "number" && Number.isFinite(value));
    case "positiveMs":
      return typeof value === "number" && Number.isFinite(value) && value > 0;
    case "positiveInt":
      return typeof value === "number" && Number.isInteger(value) && value > 0;
    case "count":
      return typeof value === "number" && Number.isInteger(value) && value >= 0;
    case "nonNegativeMs":
      return typeof value === "number" && Number.isFinite(value) && value >= 0;
    case "port":
      return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 65_535;
    case "httpStatus":
      return typeof value === "number" && Number.isInteger(value) && value >= 400 && value <= 599;
    case "timeout":
      return typeof value === "number" && value > 0;
    case "inFlight":
      return typeof value === "number" && value >= 1 && (Number.isInteger(value) || value === Infinity);
    case "record":
      return isRecord(value);
    case "recordOrNull":
      return value === null || isRecord(value);
    case "arrayOrNull":
      return value === null || Array.isArray(value);
    case "stringArray":
      return isStringArray(value);
    case "stringArrayOrNull":
      return value === null || isStringArray(value);
    case "stringOrStringArrayOrNull":
      return value === null || typeof value === "string" || isStringArray(value);
    case "stringOrRecordOrNull":
      return value === null || typeof value === "string" || isRecord(value);
    case "json":
      return typeof value !== "function" && typeof value !== "symbol" && typeof value !== "bigint";
    case "function":
      return typeof value === "function";
    case "signal":
      return value instanceof AbortSignal;
    case "approvalPolicy":
      return (
        value === null ||
        (typeof value === "string" && ["untrusted", "on-request", "never"].includes(value)) ||
        (isRecord(value) && isRecord(value.granular))
      );
  }
}

/** Values of every JavaScript type, including the awkward ones (NaN, -0, Infinity, symbols, functions, class instances). */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, 0.5, 2 ** 31),
  fc.bigInt(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " ", "true", "0", "null"),
  fc.constant(Symbol("wrong")),
  fc.constant(() => undefined),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxKeys: 2 }),
  fc.constantFrom<unknown>(new Date(0), /re/, new Map(), new AbortController(), { aborted: false }, { aborted: false, addEventListener() {} }),
);

/** A value `kind` must refuse (never `undefined`: an absent option is always allowed). */
export function wrongFor(kind: Kind): fc.Arbitrary<unknown> {
  return anyValue.filter((value) => !accepts(kind, value));
}

/** A key of `table` with a value its kind refuses, as a one-option object. */
export function oneWrongOption(table: Readonly<Record<string, Kind>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...Object.keys(table)).chain((key) => wrongFor(table[key]!).map((value) => ({ [key]: value })));
}

/** An option name that is not in `table`. */
export function unknownOption(table: Readonly<Record<string, Kind>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("timeout", "requestTimeout", "Model", "signal_", "threadid"))
    .filter((key) => !Object.hasOwn(table, key) && key !== "__proto__")
    .map((key) => ({ [key]: 1 }));
}

/** Something that is not an options object (null and undefined aside, which mean "no options"). */
export const notAnObject: fc.Arbitrary<unknown> = anyValue.filter((value) => value !== null && !isRecord(value));

/** Wrong options for a call whose options are described by `table`: a bad value, an unknown name, or no object at all. */
export function wrongOptions(table: Readonly<Record<string, Kind>>): fc.Arbitrary<unknown> {
  return fc.oneof(oneWrongOption(table), unknownOption(table), notAnObject);
}

/** Turn input a call must refuse: not a string, an empty array, or items that are not input items. */
export const wrongInput: fc.Arbitrary<unknown> = fc.oneof(
  anyValue.filter((value) => typeof value !== "string" && !Array.isArray(value) && !isRecord(value)),
  fc.constant(undefined),
  fc.constant([]),
  fc.array(anyValue.filter((value) => typeof value !== "string" && !isRecord(value)), { minLength: 1, maxLength: 3 }),
  fc.string({ maxLength: 8 }).filter((type) => !["text", "image", "localImage", "audio", "localAudio", "skill", "mention"].includes(type)).map((type) => ({ type })),
  wrongFor("string").map((text) => ({ type: "text", text })),
  fc.constantFrom({ type: "image" }, { type: "localImage" }, { type: "skill", name: "s" }, { type: "mention", path: 3 }, { type: "image", url: "u", detail: "huge" }),
  wrongFor("string").map((text) => [{ type: "text", text: "ok" }, { type: "text", text }]),
);

/** Strings that are not well-formed UTF-16 (a lone surrogate): the server drops a message carrying one. */
export const illFormedString: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 6 }), fc.constantFrom("\ud800", "\udfff", "\udbff"), fc.string({ maxLength: 6 }))
  .map(([before, lone, after]) => `${before}${lone}${after}`);
