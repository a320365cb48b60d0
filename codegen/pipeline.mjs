// The whole code generation, in memory: schema/ -> the contents of generated/. Deterministic: the
// same schema always gives byte-identical files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tagExperimental } from "./experimental.mjs";
import { flattenDefinitions } from "./flatten.mjs";
import { assertKnownFormats } from "./formats.mjs";
import { assertNoStaleOverrides, buildMethodTable } from "./methods.mjs";
import { applySchemaPatches } from "./patches.mjs";
import { renderMethodIndex, renderMethods } from "./render-methods.mjs";
import { renderProtocol } from "./render-protocol.mjs";
import { renderValidationSchema, stripAnnotations } from "./render-validation.mjs";
import { BUNDLE, compareVersions, isVersion } from "./runtime-schema.mjs";
import { buildTypeScriptInput } from "./ts-schema.mjs";

/** The repository root (parent of codegen/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

function header(version, what) {
  return [
    "/*",
    ` * ${what}`,
    ` * Generated from the app-server JSON Schema of @openai/codex ${version} (schema/). Do not edit:`,
    " * run `npm run bump-runtime -- <version>` to change the runtime, or `npm run generate-types` after a codegen/ change.",
    " */",
    "",
  ].join("\n");
}

/** The pinned and oldest supported versions of a runtime-version.json, checked. */
function readRuntimeVersions(record) {
  const { version, oldestSupported } = record;
  if (!isVersion(version)) throw new Error(`runtime-version.json: version ${JSON.stringify(version)} is not a version`);
  if (!isVersion(oldestSupported)) {
    throw new Error(
      `runtime-version.json: oldestSupported ${JSON.stringify(oldestSupported)} is not a version ` +
        "(set it to the oldest runtime the SDK supports)",
    );
  }
  if (compareVersions(oldestSupported, version) > 0) {
    throw new Error(`runtime-version.json: oldestSupported ${oldestSupported} is newer than the pinned ${version}`);
  }
  return { version, oldestSupported };
}

function renderRuntimeVersion(version, oldestSupported, header) {
  return `${header}
/** The \`@openai/codex\` version the SDK pins, and whose schema generated its protocol types. */
export const PINNED_RUNTIME_VERSION = ${JSON.stringify(version)};

/** The oldest app-server runtime the SDK supports; \`Codex.start()\` refuses older ones. */
export const MIN_RUNTIME_VERSION = ${JSON.stringify(oldestSupported)};
`;
}

/**
 * Runs the pipeline on `schemaDir` (default: the repo's schema/).
 * @returns {Promise<{ files: Record<string, string>; stats: Record<string, unknown> }>}
 */
export async function runPipeline(schemaDir = path.join(REPO_ROOT, "schema")) {
  const { version, oldestSupported } = readRuntimeVersions(readJson(path.join(schemaDir, "runtime-version.json")));
  const stable = flattenDefinitions(readJson(path.join(schemaDir, "stable", BUNDLE)));
  const experimental = flattenDefinitions(readJson(path.join(schemaDir, "experimental", BUNDLE)));
  const patches = applySchemaPatches(experimental);
  applySchemaPatches(stable);
  assertKnownFormats(stable);
  const formats = assertKnownFormats(experimental);

  const stableTable = buildMethodTable(stable);
  const table = buildMethodTable(experimental);
  assertNoStaleOverrides(table);
  const missingStable = stableTable.client.map((e) => e.method).filter((m) => !table.methods.has(m));
  if (missingStable.length > 0) throw new Error(`experimental schema lacks stable methods: ${missingStable.join(", ")}`);

  const validation = renderValidationSchema(
    stripAnnotations(experimental),
    header(version, "Protocol JSON Schema for the runtime validator (flattened, with the codegen/patches.mjs fixes)."),
  );

  const tagged = tagExperimental(experimental, stable);
  const protocol = await renderProtocol(
    buildTypeScriptInput(experimental),
    header(version, "App-server protocol types, one per schema definition (experimental superset; additions tagged @experimental)."),
  );
  const methods = renderMethods(table, stableTable, header(version, "Method -> type maps for every request and notification."));
  const methodIndex = renderMethodIndex(table, header(version, "Method -> schema definition names, used by the runtime validator."));

  const files = {
    "method-index.ts": methodIndex,
    "methods.ts": methods,
    "protocol.ts": protocol.text,
    "runtime-version.ts": renderRuntimeVersion(
      version,
      oldestSupported,
      header(version, "The runtime versions this build of the SDK supports (schema/runtime-version.json)."),
    ),
    "validation-schema.d.ts": validation.dts,
    "validation-schema.js": validation.js,
  };
  const experimentalMethods = (entries, stableEntries) => {
    const s = new Set(stableEntries.map((e) => e.method));
    return entries.filter((e) => !s.has(e.method)).map((e) => e.method);
  };
  const stats = {
    runtimeVersion: version,
    oldestSupportedVersion: oldestSupported,
    definitions: Object.keys(experimental).length,
    stableDefinitions: Object.keys(stable).length,
    exports: protocol.exports,
    patches,
    formats,
    clientMethods: table.client.length,
    stableClientMethods: stableTable.client.length,
    serverRequests: table.serverRequests.length,
    stableServerRequests: stableTable.serverRequests.length,
    notifications: table.notifications.length,
    experimentalClientMethods: experimentalMethods(table.client, stableTable.client),
    experimentalServerRequests: experimentalMethods(table.serverRequests, stableTable.serverRequests),
    experimentalDefinitions: tagged.definitions,
    experimentalProperties: tagged.properties,
    experimentalVariants: tagged.variants,
    sharedResults: table.sharedResults,
    results: Object.fromEntries(table.client.map((e) => [e.method, e.result])),
  };
  return { files, stats };
}
