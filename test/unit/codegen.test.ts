import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { flattenDefinitions } from "../../codegen/flatten.mjs";
import { buildMethodTable, RESULT_OVERRIDES } from "../../codegen/methods.mjs";
import { SCHEMA_PATCHES } from "../../codegen/patches.mjs";
import { REPO_ROOT, runPipeline, type PipelineStats } from "../../codegen/pipeline.mjs";
import { validationSchema } from "../../generated/validation-schema.js";
import { assertKnownFormats, NUMBER_FORMATS } from "../../codegen/formats.mjs";
import { definitionNames, experimentalOnly, methodsOf } from "../helpers/schema-facts.js";

const BUNDLE = "codex_app_server_protocol.schemas.json";
const SNAKE_CASE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const readSchema = (flavor: string): unknown =>
  JSON.parse(readFileSync(path.join(REPO_ROOT, "schema", flavor, BUNDLE), "utf8"));

/** The body of one methods.ts interface (between `export interface X {` and the closing brace). */
function interfaceBody(text: string, name: string): string {
  const start = text.indexOf(`export interface ${name} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf("\n}\n", start));
}

/** The text of one protocol.ts declaration. */
function declarationOf(text: string, name: string): string {
  const start = text.indexOf(`export type ${name} =`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\nexport ", start + 1);
  return text.slice(start, end);
}

/** Map entry -> its doc comment, from a methods.ts interface body. */
function entryDocs(body: string): Map<string, string> {
  const docs = new Map<string, string>();
  for (const match of body.matchAll(/(?:\n  (\/\*\*(?:[^*]|\*(?!\/))*\*\/))?\n  ("[^"]+"):/g)) {
    docs.set(JSON.parse(match[2]!) as string, match[1] ?? "");
  }
  return docs;
}

describe("code generation", () => {
  let first: { files: Record<string, string>; stats: PipelineStats };
  let second: { files: Record<string, string>; stats: PipelineStats };

  beforeAll(async () => {
    first = await runPipeline();
    second = await runPipeline();
  }, 60_000);

  it("is deterministic and matches the committed generated/", () => {
    expect(Object.keys(first.files).sort()).toEqual([
      "method-index.ts",
      "methods.ts",
      "protocol.ts",
      "runtime-version.ts",
      "validation-schema.d.ts",
      "validation-schema.js",
    ]);
    for (const [name, text] of Object.entries(first.files)) {
      expect(second.files[name], name).toBe(text);
      expect(readFileSync(path.join(REPO_ROOT, "generated", name), "utf8") === text, `generated/${name} is current`).toBe(true);
    }
  });

  it("names the runtime version in every header and carries no timestamp", () => {
    const { version, oldestSupported } = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema", "runtime-version.json"), "utf8")) as {
      version: string;
      oldestSupported: string;
    };
    expect(first.stats.runtimeVersion).toBe(version);
    expect(first.stats.oldestSupportedVersion).toBe(oldestSupported);
    expect(first.files["runtime-version.ts"]).toContain(`export const PINNED_RUNTIME_VERSION = ${JSON.stringify(version)};`);
    expect(first.files["runtime-version.ts"]).toContain(`export const MIN_RUNTIME_VERSION = ${JSON.stringify(oldestSupported)};`);
    for (const [name, text] of Object.entries(first.files)) {
      const header = text.slice(0, text.indexOf("*/"));
      expect(header, name).toContain(`@openai/codex ${version}`);
      expect(header, name).toMatch(/Do not edit/);
      expect(header, name).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/);
    }
  });

  it("exports exactly one type per definition plus JsonValue, without invented numbered names", () => {
    const experimental = flattenDefinitions(readSchema("experimental"));
    const definitions = Object.keys(experimental);
    expect(first.stats.definitions).toBe(definitionNames("experimental").length);
    expect(first.stats.stableDefinitions).toBe(definitionNames("stable").length);
    expect(first.stats.exports).toEqual([...definitions, "JsonValue"].sort());
    const numbered = first.stats.exports.filter((n) => /\d$/.test(n));
    expect(numbered.every((n) => definitions.includes(n))).toBe(true);
    const protocol = first.files["protocol.ts"]!;
    expect(protocol).not.toMatch(/\[k: string\]: unknown;\n\}/); // no blanket index signatures on closed types
    expect(protocol).toContain("export interface W3cTraceContext"); // re-cased names restored
    expect(protocol).not.toContain("W3CTraceContext");
    expect(protocol).toContain("export type ThreadArchiveResponse = Record<string, never>;");
  });

  it("counts methods as the pinned runtime defines them", () => {
    const { stats } = first;
    expect(stats.stableClientMethods).toBe(methodsOf("stable", "ClientRequest").length);
    expect(stats.clientMethods).toBe(methodsOf("experimental", "ClientRequest").length);
    expect(stats.experimentalClientMethods).toEqual(experimentalOnly("ClientRequest"));
    expect(stats.stableServerRequests).toBe(methodsOf("stable", "ServerRequest").length);
    expect(stats.serverRequests).toBe(methodsOf("experimental", "ServerRequest").length);
    expect(stats.experimentalServerRequests).toEqual(experimentalOnly("ServerRequest"));
    expect(stats.notifications).toBe(methodsOf("experimental", "ServerNotification").length);
    // A result type is shared when two methods map to it, by override or by XParams -> XResponse.
    const results = methodsOf("experimental", "ClientRequest").map(
      ({ method, params }) => RESULT_OVERRIDES[method] ?? params!.replace(/Params$/, "Response"),
    );
    expect(stats.sharedResults).toEqual([...new Set(results.filter((r, i) => results.indexOf(r) !== i))].sort());
    expect(stats.sharedResults).toContain("ConfigWriteResponse");

    const raw = methodsOf("stable", "ClientRequest");
    const stable = buildMethodTable(flattenDefinitions(readSchema("stable")));
    expect(stable.client.map((e) => e.method)).toEqual(raw.map((m) => m.method));
    for (const entry of stable.client) {
      expect(entry.result, entry.method).toMatch(/Response$/);
      expect(entry.params === null || /Params$/.test(entry.params), entry.method).toBe(true);
    }
    expect(stable.client.filter((e) => e.params === null).map((e) => e.method)).toEqual(raw.filter((m) => m.params === null).map((m) => m.method));
    expect(stable.client.filter((e) => e.optional).map((e) => e.method)).toEqual(raw.filter((m) => m.optional).map((m) => m.method));
    expect(stable.client.some((e) => e.optional)).toBe(true);
  });

  it("tags exactly the experimental methods, definitions and properties", () => {
    const methods = first.files["methods.ts"]!;
    const experimental = new Set([...first.stats.experimentalClientMethods, ...first.stats.experimentalServerRequests]);
    for (const [map, size] of [
      ["ClientRequestMap", methodsOf("experimental", "ClientRequest").length],
      ["ServerRequestMap", methodsOf("experimental", "ServerRequest").length],
      ["ServerNotificationMap", methodsOf("experimental", "ServerNotification").length],
    ] as const) {
      const docs = entryDocs(interfaceBody(methods, map));
      expect(docs.size, map).toBe(size);
      for (const [method, doc] of docs) expect(doc.includes("@experimental"), `${map} ${method}`).toBe(experimental.has(method));
    }
    const stableNames = new Set(definitionNames("stable"));
    expect(first.stats.experimentalDefinitions).toEqual(definitionNames("experimental").filter((n) => !stableNames.has(n)));
    expect(first.stats.experimentalProperties).toContain("ThreadStartParams.dynamicTools");
    expect(first.stats.experimentalProperties).toContain("Thread.environments");
    const protocol = first.files["protocol.ts"]!;
    const tags = protocol.match(/@experimental/g) ?? [];
    expect(tags.length).toBeGreaterThanOrEqual(first.stats.experimentalDefinitions.length + first.stats.experimentalProperties.length);
  });

  it("honours the result override table", () => {
    const methods = first.files["methods.ts"]!;
    // Exactly the methods without a conventional XParams -> XResponse pair need an override.
    const names = new Set(definitionNames("experimental"));
    const unconventional = methodsOf("experimental", "ClientRequest")
      .filter(({ params }) => params === null || !names.has(params.replace(/Params$/, "Response")))
      .map((m) => m.method);
    expect(Object.keys(RESULT_OVERRIDES).sort()).toEqual(unconventional.sort());
    for (const [method, result] of Object.entries(RESULT_OVERRIDES)) {
      expect(first.stats.results[method], method).toBe(result);
      expect(methods).toContain(`${JSON.stringify(method)}: { params: `);
      expect(methods).toMatch(new RegExp(`${JSON.stringify(method).replace(/[/]/g, "\\/")}: \\{ params: [^}]*; result: P\\.${result} \\}`));
    }
    expect(first.stats.results["thread/start"]).toBe("ThreadStartResponse");
    expect(first.stats.results["account/logout"]).toBe("LogoutAccountResponse");
  });

  it("fails loudly when the method table is inconsistent", () => {
    const definitions = (): Record<string, unknown> => flattenDefinitions(readSchema("stable"));
    const missing = definitions();
    delete missing["ConfigWriteResponse"];
    expect(() => buildMethodTable(missing)).toThrow(/ConfigWriteResponse names a type that does not exist/);
    const shadowed = definitions();
    shadowed["ConfigValueWriteResponse"] = { type: "object" };
    expect(() => buildMethodTable(shadowed)).toThrow(/shadows the conventional ConfigValueWriteResponse/);
    const orphan = definitions();
    delete orphan["ThreadStartResponse"];
    expect(() => buildMethodTable(orphan)).toThrow(/thread\/start has no result type/);
  });

  it("applies the schema patches to the types and to the validation schema", () => {
    expect(first.stats.patches).toEqual(SCHEMA_PATCHES.map((p) => p.id));
    const defs = validationSchema.definitions as Record<string, { oneOf?: { properties: Record<string, unknown> }[]; additionalProperties?: unknown }>;
    for (const name of ["ThreadTimelineEntry", "ThreadRealtimeItem"]) {
      expect(JSON.stringify(defs[name])).toContain('"turnId"');
      const snakeCase = defs[name]!.oneOf!.flatMap((variant) => Object.keys(variant.properties).filter((key) => SNAKE_CASE.test(key)));
      expect(snakeCase, name).toEqual([]);
    }
    expect(defs["AppsConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppConfig" });
    expect(defs["AppLinksConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppLinkConfig" });
    expect(defs["AppToolsConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppToolConfig" });
    const protocol = first.files["protocol.ts"]!;
    for (const name of ["ThreadTimelineEntry", "ThreadRealtimeItem"]) {
      const declaration = declarationOf(protocol, name);
      expect(declaration).toMatch(/\bturnId: string;/);
      expect(declaration).not.toMatch(/\b[a-z]+(?:_[a-z]+)+\??:/);
    }
    expect(protocol).toMatch(/export interface AppToolsConfig \{\n  \[k: string\]: AppToolConfig \| undefined;\n\}/);
  });

  it("knows every integer format, and stops at generation time on a format it does not know", async () => {
    for (const format of ["int8", "int16", "int32", "int64", "int", "uint8", "uint16", "uint32", "uint64", "uint"]) {
      expect(NUMBER_FORMATS[format], format).toMatchObject({ integer: true });
    }
    expect(first.stats.formats.length).toBeGreaterThan(0);
    expect(first.stats.formats.filter((f) => !Object.hasOwn(NUMBER_FORMATS, f))).toEqual([]);

    const definitions = flattenDefinitions(readSchema("experimental")) as Record<string, { properties?: Record<string, unknown> }>;
    expect(assertKnownFormats(definitions)).toEqual(first.stats.formats);
    definitions["ThreadListParams"]!.properties!["limit"] = { type: "integer", format: "uint128" };
    expect(() => assertKnownFormats(definitions)).toThrow(/"uint128" \(in ThreadListParams\).*codegen\/formats\.mjs/);

    // The whole pipeline refuses such a schema before it writes anything.
    const dir = mkdtempSync(path.join(tmpdir(), "codegen-format-"));
    try {
      cpSync(path.join(REPO_ROOT, "schema"), dir, { recursive: true });
      const file = path.join(dir, "experimental", BUNDLE);
      writeFileSync(file, readFileSync(file, "utf8").replace('"format": "uint16"', '"format": "uint128"'));
      await expect(runPipeline(dir)).rejects.toThrow(/formats the validator does not know: "uint128"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a runtime-version.json without a valid oldest supported version", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "codegen-versions-"));
    try {
      cpSync(path.join(REPO_ROOT, "schema"), dir, { recursive: true });
      const file = path.join(dir, "runtime-version.json");
      const record = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
      writeFileSync(file, JSON.stringify({ ...record, oldestSupported: "99.0.0" }));
      await expect(runPipeline(dir)).rejects.toThrow(/oldestSupported 99\.0\.0 is newer than the pinned/);
      writeFileSync(file, JSON.stringify({ ...record, oldestSupported: undefined }));
      await expect(runPipeline(dir)).rejects.toThrow(/oldestSupported undefined is not a version/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
