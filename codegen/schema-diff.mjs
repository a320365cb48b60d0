// Compares two runtime schemas (two schema folders as read by runtime-schema.mjs) and reports what
// a bump from one to the other changes: methods, server requests and notifications added and
// removed, definitions added, removed and reshaped (old and new), new `format`s, client methods
// whose result type the generator cannot bind, and schema patches that stop applying. The bump and
// the drift check print this report; `handEdits()` turns it into the list of edits to review.
import { variantKey } from "./experimental.mjs";
import { flattenDefinitions } from "./flatten.mjs";
import { collectFormats, NUMBER_FORMATS } from "./formats.mjs";
import { RESULT_OVERRIDES } from "./methods.mjs";
import { SCHEMA_PATCHES } from "./patches.mjs";
import { stripAnnotations } from "./render-validation.mjs";
import { jsonEqual, refName } from "./schema-walk.mjs";

const UNIONS = Object.freeze({
  clientRequests: "ClientRequest",
  serverRequests: "ServerRequest",
  notifications: "ServerNotification",
  clientNotifications: "ClientNotification",
});
const UNION_NAMES = new Set(Object.values(UNIONS));
const NOT_A_RESULT = new Set(["JSONRPCResponse"]);
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const SUMMARY_LIMIT = 240;

function isObject(x) {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

/** The `{ method, params }` of each variant of a method union; lenient, unlike the generator. */
function unionMethods(definitions, union) {
  const variants = definitions[union]?.oneOf ?? [];
  return variants
    .map((variant) => {
      const method = variant?.properties?.method?.enum?.[0];
      const schema = variant?.properties?.params;
      const params = refName(schema) ?? refName(schema?.anyOf?.[0]) ?? null;
      return { method, params };
    })
    .filter((entry) => typeof entry.method === "string");
}

/** A short TypeScript-like rendering of a schema, for the report. */
export function summarize(schema, depth = 2) {
  const text = render(schema, depth);
  return text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 3)}...` : text;
}

function render(schema, depth) {
  if (schema === true || (isObject(schema) && Object.keys(schema).length === 0)) return "any";
  if (!isObject(schema)) return JSON.stringify(schema);
  const name = refName(schema);
  if (name) return name;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Object.hasOwn(schema, "const")) return JSON.stringify(schema.const);
  for (const key of ["oneOf", "anyOf"]) {
    if (Array.isArray(schema[key])) {
      const variants = schema[key].map((v) => render(v, depth));
      const own = isObject(schema.properties) ? `${renderObject(schema, depth)} & ` : "";
      return `${own}(${variants.join(" | ")})`;
    }
  }
  if (Array.isArray(schema.allOf)) return schema.allOf.map((v) => render(v, depth)).join(" & ");
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("object") || isObject(schema.properties)) return renderObject(schema, depth);
  if (types.includes("array")) return `${render(schema.items ?? true, depth)}[]`;
  const base = types.filter((t) => typeof t === "string").join(" | ") || "any";
  return typeof schema.format === "string" ? `${base}<${schema.format}>` : base;
}

function renderObject(schema, depth) {
  const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
  const index = isObject(schema.additionalProperties) ? `[key: string]: ${render(schema.additionalProperties, depth - 1)}` : undefined;
  if (properties.length === 0 && index === undefined) return "{}";
  if (depth <= 0) return "{...}";
  const required = new Set(schema.required ?? []);
  const members = properties.map(([key, sub]) => `${key}${required.has(key) ? "" : "?"}: ${render(sub, depth - 1)}`);
  if (index !== undefined) members.push(index);
  return `{ ${members.join("; ")} }`;
}

function keyedVariants(list) {
  return new Map(list.map((variant, i) => [variantKey(variant, i), variant]));
}

/** What changed from schema `a` to schema `b`, as short lines (`+name`, `-name`, `~name`, ...). */
export function describeChange(a, b, where = "") {
  if (jsonEqual(a, b)) return [];
  const at = (text) => (where ? `${where}: ${text}` : text);
  if (!isObject(a) || !isObject(b)) return [at(`${summarize(a)} -> ${summarize(b)}`)];
  const unionKey = (s) => ["oneOf", "anyOf", "allOf"].find((k) => Array.isArray(s[k]));
  const shape = (s) => [unionKey(s) ?? "", isObject(s.properties) ? "properties" : "", Array.isArray(s.enum) ? "enum" : ""].join(",");
  if (shape(a) !== shape(b) || refName(a) !== refName(b)) return [reshaped(a, b, where)];

  const out = [];
  if (isObject(a.properties)) {
    const requiredA = new Set(a.required ?? []);
    const requiredB = new Set(b.required ?? []);
    for (const [key, sub] of Object.entries(b.properties)) {
      if (!Object.hasOwn(a.properties, key)) out.push(at(`+${key}${requiredB.has(key) ? "" : "?"}: ${summarize(sub, 1)}`));
    }
    for (const key of Object.keys(a.properties)) if (!Object.hasOwn(b.properties, key)) out.push(at(`-${key}`));
    for (const [key, sub] of Object.entries(a.properties)) {
      if (!Object.hasOwn(b.properties, key)) continue;
      if (requiredA.has(key) !== requiredB.has(key)) out.push(at(`${key} is now ${requiredB.has(key) ? "required" : "optional"}`));
      out.push(...describeChange(sub, b.properties[key], where ? `${where}.${key}` : key));
    }
  }
  const union = unionKey(a);
  if (union) {
    const va = keyedVariants(a[union]);
    const vb = keyedVariants(b[union]);
    for (const [key, variant] of vb) if (!va.has(key)) out.push(at(`+variant ${key}: ${summarize(variant, 1)}`));
    for (const key of va.keys()) if (!vb.has(key)) out.push(at(`-variant ${key}`));
    for (const [key, variant] of va) {
      if (vb.has(key)) out.push(...describeChange(variant, vb.get(key), `${where ? `${where}|` : ""}${union}[${key}]`));
    }
  }
  if (Array.isArray(a.enum)) {
    for (const value of b.enum) if (!a.enum.some((v) => jsonEqual(v, value))) out.push(at(`+${JSON.stringify(value)}`));
    for (const value of a.enum) if (!b.enum.some((v) => jsonEqual(v, value))) out.push(at(`-${JSON.stringify(value)}`));
  }
  const handled = new Set(["properties", "required", "oneOf", "anyOf", "allOf", "enum"]);
  const rest = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => !handled.has(k)));
  if (!jsonEqual(rest(a), rest(b))) {
    for (const key of new Set([...Object.keys(rest(a)), ...Object.keys(rest(b))])) {
      if (!jsonEqual(a[key], b[key])) {
        out.push(at(`${key}: ${a[key] === undefined ? "(none)" : summarize(a[key], 1)} -> ${b[key] === undefined ? "(none)" : summarize(b[key], 1)}`));
      }
    }
  }
  return out.length > 0 ? out : [reshaped(a, b, where)];
}

/** A change of structure; at the root the report shows the old and new shapes anyway. */
function reshaped(a, b, where) {
  return where ? `${where}: reshaped: ${summarize(a, 1)} -> ${summarize(b, 1)}` : "reshaped (see old and new)";
}

function addedRemoved(before, after, describe) {
  const a = new Map(before.map((e) => [e.method, e]));
  const b = new Map(after.map((e) => [e.method, e]));
  return {
    added: [...b.values()].filter((e) => !a.has(e.method)).map((e) => describe(e, "after")),
    removed: [...a.values()].filter((e) => !b.has(e.method)).map((e) => describe(e, "before")),
  };
}

function conventionalResult(params) {
  return params && params.endsWith("Params") ? `${params.slice(0, -"Params".length)}Response` : undefined;
}

/** Binding problems of client results in `definitions`, judged as the generator would. */
function resultProblems(definitions, overrides) {
  const client = unionMethods(definitions, UNIONS.clientRequests);
  const servers = unionMethods(definitions, UNIONS.serverRequests);
  const bound = new Set(servers.map((e) => conventionalResult(e.params)));
  const unmapped = [];
  const shadowing = [];
  for (const { method, params } of client) {
    const conventional = conventionalResult(params);
    const conventionalExists = conventional !== undefined && Object.hasOwn(definitions, conventional);
    const override = Object.hasOwn(overrides, method) ? overrides[method] : undefined;
    if (override !== undefined) {
      bound.add(override);
      if (conventionalExists) shadowing.push({ method, override, conventional });
    } else if (conventionalExists) {
      bound.add(conventional);
    } else {
      unmapped.push({ method, params, expected: conventional ?? null });
    }
  }
  const methods = new Set(client.map((e) => e.method));
  const unboundResponses = Object.keys(definitions)
    .filter((n) => n.endsWith("Response") && !NOT_A_RESULT.has(n) && !bound.has(n))
    .sort();
  const staleOverrides = Object.keys(overrides).filter((m) => !methods.has(m));
  const missingOverrideTypes = Object.entries(overrides)
    .filter(([m, type]) => methods.has(m) && !Object.hasOwn(definitions, type))
    .map(([method, type]) => ({ method, type }));
  for (const entry of unmapped) entry.candidates = unboundResponses;
  return { unmapped, shadowing, staleOverrides, missingOverrideTypes, unboundResponses };
}

/** Patches that fail on `definitions`, and snake_case fields left in the unions the patches fix. */
function patchProblems(definitions, patches) {
  const copy = structuredClone(definitions);
  const failing = [];
  for (const patch of patches) {
    try {
      patch.apply(copy);
    } catch (error) {
      failing.push({ id: patch.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const snakeCase = [];
  for (const target of [...new Set(patches.map((p) => p.target))].sort()) {
    const variants = copy[target]?.oneOf;
    if (!Array.isArray(variants)) continue;
    variants.forEach((variant, i) => {
      const fields = Object.keys(variant?.properties ?? {}).filter((k) => SNAKE_CASE.test(k));
      if (fields.length > 0) snakeCase.push({ definition: target, variant: variantKey(variant, i), fields });
    });
  }
  return { failing, snakeCase };
}

function counts(stable, experimental) {
  const size = (defs, union) => unionMethods(defs, union).length;
  return {
    definitions: Object.keys(experimental).length,
    stableDefinitions: Object.keys(stable).length,
    clientRequests: size(experimental, UNIONS.clientRequests),
    stableClientRequests: size(stable, UNIONS.clientRequests),
    serverRequests: size(experimental, UNIONS.serverRequests),
    notifications: size(experimental, UNIONS.notifications),
  };
}

/**
 * The report of a move from schema `before` to schema `after` (each `{ version, stable,
 * experimental }` with raw bundles, as `readSchemaDir` returns). Everything is judged on the
 * experimental superset; `stable` marks what the stable API has. The generator's tables (result
 * overrides, schema patches, number formats) are the defaults of `tables`.
 */
export function diffSchemas(before, after, tables = {}) {
  const { resultOverrides = RESULT_OVERRIDES, patches = SCHEMA_PATCHES, numberFormats = NUMBER_FORMATS } = tables;
  const side = (schema) => {
    const stable = flattenDefinitions(schema.stable);
    const experimental = flattenDefinitions(schema.experimental);
    return { version: schema.version, stable, experimental, bare: stripAnnotations(experimental) };
  };
  const a = side(before);
  const b = side(after);
  const sides = { before: a, after: b };

  const methodChanges = (union) =>
    addedRemoved(unionMethods(a.experimental, union), unionMethods(b.experimental, union), (entry, which) => ({
      method: entry.method,
      params: entry.params,
      stable: unionMethods(sides[which].stable, union).some((e) => e.method === entry.method),
    }));

  const namesA = Object.keys(a.bare).filter((n) => !UNION_NAMES.has(n));
  const namesB = Object.keys(b.bare).filter((n) => !UNION_NAMES.has(n));
  const changed = namesA
    .filter((name) => Object.hasOwn(b.bare, name) && !jsonEqual(a.bare[name], b.bare[name]))
    .map((name) => ({
      name,
      stable: Object.hasOwn(b.stable, name),
      changes: describeChange(a.bare[name], b.bare[name]),
      before: summarize(a.bare[name]),
      after: summarize(b.bare[name]),
    }));

  const formatsA = collectFormats(a.experimental);
  const formatsB = collectFormats(b.experimental);
  const results = resultProblems(b.experimental, resultOverrides);
  return {
    from: a.version,
    to: b.version,
    counts: { before: counts(a.stable, a.experimental), after: counts(b.stable, b.experimental) },
    clientRequests: methodChanges(UNIONS.clientRequests),
    serverRequests: methodChanges(UNIONS.serverRequests),
    notifications: methodChanges(UNIONS.notifications),
    clientNotifications: methodChanges(UNIONS.clientNotifications),
    definitions: {
      added: namesB.filter((n) => !Object.hasOwn(a.bare, n)).map((name) => ({ name, stable: Object.hasOwn(b.stable, name) })),
      removed: namesA.filter((n) => !Object.hasOwn(b.bare, n)).map((name) => ({ name, stable: Object.hasOwn(a.stable, name) })),
      changed,
    },
    formats: {
      added: [...formatsB.keys()].filter((f) => !formatsA.has(f)).map((format) => ({ format, usedBy: formatsB.get(format) })),
      removed: [...formatsA.keys()].filter((f) => !formatsB.has(f)),
      unknown: [...formatsB.keys()].filter((f) => !Object.hasOwn(numberFormats, f)),
    },
    results,
    patches: patchProblems(b.experimental, patches),
  };
}

/** Whether the two schemas are the same protocol (no method, definition or format change). */
export function isEmptyDiff(report) {
  const lists = [
    ...["clientRequests", "serverRequests", "notifications", "clientNotifications"].flatMap((k) => [report[k].added, report[k].removed]),
    report.definitions.added,
    report.definitions.removed,
    report.definitions.changed,
    report.formats.added,
    report.formats.removed,
  ];
  return lists.every((list) => list.length === 0);
}

/**
 * The edits a person has to make or review after moving to `report.to`, each naming the file.
 * Binding, patch and format problems stop code generation; the others are caught by tsc or tests.
 */
export function handEdits(report) {
  const edits = [];
  const { results, patches, formats, serverRequests } = report;
  for (const { method, params, expected, candidates } of results.unmapped) {
    const has = params ? `params ${params}, but no ${expected ?? "XParams -> XResponse result"}` : "no params";
    const which = candidates.length > 0 ? `one of ${candidates.join(", ")}` : "the existing type its live answer matches";
    edits.push(`codegen/methods.mjs: client method ${method} has ${has} in the schema; add "${method}": <${which}> to RESULT_OVERRIDES.`);
  }
  for (const method of results.staleOverrides) edits.push(`codegen/methods.mjs: remove the RESULT_OVERRIDES entry of ${method} (the method is gone).`);
  for (const { method, override, conventional } of results.shadowing) {
    edits.push(`codegen/methods.mjs: remove the RESULT_OVERRIDES entry ${method} -> ${override}; the schema now has ${conventional}.`);
  }
  for (const { method, type } of results.missingOverrideTypes) {
    edits.push(`codegen/methods.mjs: RESULT_OVERRIDES maps ${method} to ${type}, which the schema no longer has.`);
  }
  if (results.unmapped.length === 0 && results.unboundResponses.length > 0) {
    edits.push(`codegen/methods.mjs: no method returns ${results.unboundResponses.join(", ")}; bind each in RESULT_OVERRIDES.`);
  }
  for (const { id, error } of patches.failing) edits.push(`codegen/patches.mjs: patch ${id} no longer applies (${error}); revise or remove it.`);
  for (const { definition, variant, fields } of patches.snakeCase) {
    edits.push(`codegen/patches.mjs: ${definition} variant ${variant} declares snake_case fields ${fields.join(", ")}; add a camelCase patch if the wire spells them in camelCase.`);
  }
  for (const format of formats.unknown) edits.push(`codegen/formats.mjs: add the new format "${format}" to NUMBER_FORMATS.`);
  for (const { method } of serverRequests.added) edits.push(`src/rpc/server-requests.ts: give the new server request ${method} a fail-closed answer in failClosedAnswer().`);
  for (const { method } of serverRequests.removed) edits.push(`src/rpc/server-requests.ts: drop the case of the removed server request ${method} from failClosedAnswer().`);
  if (!isEmptyDiff(report)) edits.push(`CHANGELOG.md: name the protocol changes of ${report.to} listed above.`);
  return edits;
}

function list(title, items, line) {
  if (items.length === 0) return [`${title}: none`];
  return [`${title} (${items.length}):`, ...items.map((item) => `  ${line(item)}`)];
}

const tag = (stable) => (stable ? "stable" : "experimental");

/** The report as text, for the terminal. */
export function renderReport(report) {
  const { before, after } = report.counts;
  const count = (key) => (before[key] === after[key] ? `${after[key]}` : `${before[key]} -> ${after[key]}`);
  const out = [
    `Protocol schema ${report.from} -> ${report.to}`,
    `  definitions ${count("definitions")} (stable ${count("stableDefinitions")}), client requests ${count("clientRequests")} ` +
      `(stable ${count("stableClientRequests")}), server requests ${count("serverRequests")}, notifications ${count("notifications")}`,
    "",
  ];
  const methodLine = (e) => `${e.method} (${tag(e.stable)})${e.params ? ` ${e.params}` : ""}`;
  for (const [title, key] of [
    ["Client requests", "clientRequests"],
    ["Server requests", "serverRequests"],
    ["Server notifications", "notifications"],
    ["Client notifications", "clientNotifications"],
  ]) {
    out.push(...list(`${title} added`, report[key].added, methodLine));
    out.push(...list(`${title} removed`, report[key].removed, methodLine));
  }
  const nameLine = (d) => `${d.name} (${tag(d.stable)})`;
  out.push(...list("Types added", report.definitions.added, nameLine));
  out.push(...list("Types removed", report.definitions.removed, nameLine));
  out.push(...list("Types changed", report.definitions.changed, (d) =>
    [`${nameLine(d)}`, ...d.changes.map((c) => `    ${c}`), `    old: ${d.before}`, `    new: ${d.after}`].join("\n"),
  ));
  const unknown = new Set(report.formats.unknown);
  out.push(...list("New formats", report.formats.added, (f) =>
    `${f.format}${unknown.has(f.format) ? " (unknown to codegen/formats.mjs)" : ""} in ${f.usedBy.join(", ")}`,
  ));
  out.push(...list("Formats no longer used", report.formats.removed, (f) => f));
  out.push(...list("Client results the generator cannot bind", report.results.unmapped, (u) =>
    `${u.method} (params ${u.params ?? "none"}; no ${u.expected ?? "conventional result"})`,
  ));
  out.push(...list("Schema patches that no longer apply", report.patches.failing, (p) => `${p.id}: ${p.error}`));
  return out.join("\n");
}
