// Method -> type bindings, read from the four method unions of the schema (ClientRequest,
// ServerRequest, ServerNotification), plus the client result table the schema does not carry.
import { refName } from "./schema-walk.mjs";

/**
 * Client methods whose result type does not follow the `XParams -> XResponse` rule, because they
 * take no params or share a result type. Kept in sync with `client_request_definitions!` in the
 * runtime's app-server-protocol crate (the schema has no method -> response link). Generation
 * fails if an entry goes stale, names a missing type, or shadows a conventional `XResponse`.
 */
export const RESULT_OVERRIDES = Object.freeze({
  "account/gatewayOAuth/cancel": "GatewayOAuthCancelResponse",
  "account/logout": "LogoutAccountResponse",
  "account/securitySetup/read": "GetAccountSecuritySetupResponse",
  "account/workspaceMessages/read": "GetWorkspaceMessagesResponse",
  "config/batchWrite": "ConfigWriteResponse",
  "config/mcpServer/reload": "McpServerRefreshResponse",
  "config/value/write": "ConfigWriteResponse",
  "configRequirements/read": "ConfigRequirementsReadResponse",
  "externalAgentConfig/import/readHistories": "ExternalAgentConfigImportHistoriesReadResponse",
  // The schema has no ModelProviderDefaultSetResponse; the server writes config.toml and answers
  // with the config write result ({ status, version, filePath, overriddenMetadata }).
  "modelProvider/default/set": "ConfigWriteResponse",
  "windowsSandbox/readiness": "WindowsSandboxReadinessResponse",
  // experimental API only
  "accountSession/list": "AccountSessionsResponse",
  "memory/reset": "MemoryResetResponse",
  "remoteControl/status/read": "RemoteControlStatusReadResponse",
  "rollout/compress": "RolloutCompressResponse",
});

/** Response-like definitions that are not the result of any method. */
const NON_RESULT_RESPONSES = new Set(["JSONRPCResponse"]);

const SECTION_MARKERS = [/^NEW APIs\s*/, /^NEW NOTIFICATIONS\s*/, /^DEPRECATED APIs below\s*/];

function fail(message) {
  throw new Error(`method table: ${message}`);
}

function variantMethod(union, variant) {
  const values = variant.properties?.method?.enum;
  if (!Array.isArray(values) || values.length !== 1 || typeof values[0] !== "string") {
    fail(`a ${union} variant has no single-valued method enum`);
  }
  return values[0];
}

/** Splits a variant description into the method doc and whether it opens the deprecated section. */
function variantDoc(description) {
  let text = (description ?? "").trim();
  let deprecatedSection = false;
  for (const marker of SECTION_MARKERS) {
    if (marker.test(text)) {
      if (marker.source.startsWith("^DEPRECATED")) deprecatedSection = true;
      text = text.replace(marker, "");
    }
  }
  return { doc: text, deprecatedSection };
}

/** Reads a union's variants as `{ method, params, optional, doc, deprecated }`, in schema order. */
function readUnion(definitions, union) {
  const def = definitions[union];
  if (!def || !Array.isArray(def.oneOf)) fail(`${union} is not a oneOf union`);
  const seen = new Set();
  let deprecated = false;
  return def.oneOf.map((variant) => {
    const method = variantMethod(union, variant);
    if (seen.has(method)) fail(`${union} lists ${method} twice`);
    seen.add(method);
    const { doc, deprecatedSection } = variantDoc(variant.description);
    deprecated ||= deprecatedSection;
    const paramsSchema = variant.properties.params;
    const required = (variant.required ?? []).includes("params");
    let params;
    let optional = false;
    if (paramsSchema === undefined || (paramsSchema.type === "null" && Object.keys(paramsSchema).length === 1)) {
      params = null;
    } else if (refName(paramsSchema)) {
      params = refName(paramsSchema);
      if (!required) fail(`${union} ${method}: params $ref is not required`);
    } else if (
      Array.isArray(paramsSchema.anyOf) &&
      paramsSchema.anyOf.length === 2 &&
      refName(paramsSchema.anyOf[0]) &&
      paramsSchema.anyOf[1].type === "null"
    ) {
      params = refName(paramsSchema.anyOf[0]);
      optional = true;
      if (required) fail(`${union} ${method}: nullable params are unexpectedly required`);
    } else {
      fail(`${union} ${method}: unrecognised params schema ${JSON.stringify(paramsSchema)}`);
    }
    if (params !== null && !Object.hasOwn(definitions, params)) fail(`${union} ${method}: params type ${params} does not exist`);
    return { method, params, optional, doc, deprecated };
  });
}

function conventionalResponse(params) {
  return params && params.endsWith("Params") ? `${params.slice(0, -"Params".length)}Response` : undefined;
}

/**
 * Builds the method table of one bundle.
 * @param {Record<string, any>} definitions flattened definitions
 * @returns {{ client: any[]; serverRequests: any[]; notifications: any[]; sharedResults: string[] }}
 */
export function buildMethodTable(definitions) {
  const client = readUnion(definitions, "ClientRequest").map((entry) => {
    const conventional = conventionalResponse(entry.params);
    const conventionalExists = conventional !== undefined && Object.hasOwn(definitions, conventional);
    const override = Object.hasOwn(RESULT_OVERRIDES, entry.method) ? RESULT_OVERRIDES[entry.method] : undefined;
    if (override !== undefined) {
      if (conventionalExists) {
        fail(`override ${entry.method} -> ${override} shadows the conventional ${conventional}; remove the override`);
      }
      if (!Object.hasOwn(definitions, override)) fail(`override ${entry.method} -> ${override} names a type that does not exist`);
      return { ...entry, result: override };
    }
    if (!conventionalExists) {
      fail(
        `client method ${entry.method} has no result type (params ${entry.params ?? "none"}; ` +
          `${conventional ?? "no XParams -> XResponse candidate"} does not exist); add it to RESULT_OVERRIDES`,
      );
    }
    return { ...entry, result: conventional };
  });

  const serverRequests = readUnion(definitions, "ServerRequest").map((entry) => {
    const result = conventionalResponse(entry.params);
    if (!result || !Object.hasOwn(definitions, result)) fail(`server request ${entry.method} has no result type ${result}`);
    if (entry.optional) fail(`server request ${entry.method} has optional params`);
    return { ...entry, result };
  });

  const notifications = readUnion(definitions, "ServerNotification").map((entry) => {
    if (entry.params === null || entry.optional) fail(`notification ${entry.method} has no params type`);
    return entry;
  });

  const usedResults = new Map();
  for (const entry of [...client, ...serverRequests]) usedResults.set(entry.result, (usedResults.get(entry.result) ?? 0) + 1);
  const unused = Object.keys(definitions).filter((n) => n.endsWith("Response") && !NON_RESULT_RESPONSES.has(n) && !usedResults.has(n));
  if (unused.length > 0) fail(`response types not bound to any method: ${unused.join(", ")}; extend RESULT_OVERRIDES`);
  const methods = new Set(client.map((c) => c.method));
  // Overrides for methods missing from this bundle are fine (experimental-only entries) as long as
  // the superset bundle uses them; the pipeline checks that on the experimental table.
  const sharedResults = [...usedResults].filter(([, count]) => count > 1).map(([name]) => name).sort();
  return { client, serverRequests, notifications, sharedResults, methods };
}

/** Fails if an override names a method the (superset) table does not have. */
export function assertNoStaleOverrides(table) {
  const stale = Object.keys(RESULT_OVERRIDES).filter((m) => !table.methods.has(m));
  if (stale.length > 0) fail(`RESULT_OVERRIDES names unknown methods: ${stale.join(", ")}`);
}
