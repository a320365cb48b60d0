import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { flattenDefinitions } from "../../codegen/flatten.mjs";
import { buildMethodTable, RESULT_OVERRIDES } from "../../codegen/methods.mjs";
import { SCHEMA_PATCHES } from "../../codegen/patches.mjs";
import { REPO_ROOT, runPipeline, type PipelineStats } from "../../codegen/pipeline.mjs";
import { validationSchema } from "../../generated/validation-schema.js";

const BUNDLE = "codex_app_server_protocol.schemas.json";
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
      "validation-schema.d.ts",
      "validation-schema.js",
    ]);
    for (const [name, text] of Object.entries(first.files)) {
      expect(second.files[name], name).toBe(text);
      expect(readFileSync(path.join(REPO_ROOT, "generated", name), "utf8") === text, `generated/${name} is current`).toBe(true);
    }
  });

  it("names the runtime version in every header and carries no timestamp", () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema", "runtime-version.json"), "utf8")) as {
      version: string;
    };
    expect(first.stats.runtimeVersion).toBe(version);
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
    expect(first.stats.definitions).toBe(939);
    expect(first.stats.stableDefinitions).toBe(770);
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
    expect(stats.stableClientMethods).toBe(109);
    expect(stats.clientMethods).toBe(184);
    expect(stats.experimentalClientMethods).toHaveLength(75);
    expect(stats.stableServerRequests).toBe(10);
    expect(stats.serverRequests).toBe(11);
    expect(stats.experimentalServerRequests).toEqual(["currentTime/read"]);
    expect(stats.notifications).toBe(86);
    expect(stats.sharedResults).toEqual(["ConfigWriteResponse"]);

    const stable = buildMethodTable(flattenDefinitions(readSchema("stable")));
    expect(stable.client).toHaveLength(109);
    for (const entry of stable.client) {
      expect(entry.result, entry.method).toMatch(/Response$/);
      expect(entry.params === null || /Params$/.test(entry.params), entry.method).toBe(true);
    }
    expect(stable.client.filter((e) => e.params === null)).toHaveLength(8);
    expect(stable.client.filter((e) => e.optional).map((e) => e.method).sort()).toEqual([
      "account/gatewayOAuth/login",
      "account/gatewayOAuth/read",
      "account/rateLimits/read",
      "account/usage/read",
    ]);
  });

  it("tags exactly the experimental methods, definitions and properties", () => {
    const methods = first.files["methods.ts"]!;
    const experimental = new Set([...first.stats.experimentalClientMethods, ...first.stats.experimentalServerRequests]);
    for (const [map, size] of [
      ["ClientRequestMap", 184],
      ["ServerRequestMap", 11],
      ["ServerNotificationMap", 86],
    ] as const) {
      const docs = entryDocs(interfaceBody(methods, map));
      expect(docs.size, map).toBe(size);
      for (const [method, doc] of docs) expect(doc.includes("@experimental"), `${map} ${method}`).toBe(experimental.has(method));
    }
    expect(first.stats.experimentalDefinitions).toHaveLength(169);
    expect(first.stats.experimentalProperties).toContain("ThreadStartParams.dynamicTools");
    expect(first.stats.experimentalProperties).toContain("Thread.environments");
    const protocol = first.files["protocol.ts"]!;
    const tags = protocol.match(/@experimental/g) ?? [];
    expect(tags.length).toBeGreaterThanOrEqual(169 + first.stats.experimentalProperties.length);
  });

  it("honours the result override table", () => {
    const methods = first.files["methods.ts"]!;
    expect(Object.keys(RESULT_OVERRIDES)).toHaveLength(14);
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
    const timeline = JSON.stringify(defs["ThreadTimelineEntry"]);
    const realtime = JSON.stringify(defs["ThreadRealtimeItem"]);
    for (const text of [timeline, realtime]) {
      expect(text).toContain('"turnId"');
      expect(text).not.toMatch(/turn_id|item_id|started_at|completed_at|duration_ms/);
    }
    expect(defs["AppsConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppConfig" });
    expect(defs["AppLinksConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppLinkConfig" });
    expect(defs["AppToolsConfig"]!.additionalProperties).toEqual({ $ref: "#/definitions/AppToolConfig" });
    const protocol = first.files["protocol.ts"]!;
    for (const name of ["ThreadTimelineEntry", "ThreadRealtimeItem"]) {
      const declaration = declarationOf(protocol, name);
      expect(declaration).toMatch(/\bturnId: string;/);
      expect(declaration).not.toMatch(/turn_id|item_id|started_at|completed_at|duration_ms/);
    }
    expect(protocol).toMatch(/export interface AppToolsConfig \{\n  \[k: string\]: AppToolConfig \| undefined;\n\}/);
  });
});
