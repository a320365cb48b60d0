// Reviewed fixes for known bugs in the schema the runtime emits. The patched definitions feed both
// the generated types and the runtime validator. Each patch first asserts that its target still has
// the buggy shape, so generation fails loudly once upstream fixes (or changes) it; then the patch
// must be removed or revised.

/** @param {boolean} condition @param {string} message */
function expect(condition, message) {
  if (!condition) throw new Error(`schema patch precondition failed: ${message}`);
}

function variantByType(definitions, defName, typeValue) {
  const def = definitions[defName];
  expect(def && Array.isArray(def.oneOf), `${defName} is a oneOf union`);
  const variant = def.oneOf.find((v) => v.properties?.type?.enum?.length === 1 && v.properties.type.enum[0] === typeValue);
  expect(variant, `${defName} has a variant with type "${typeValue}"`);
  return variant;
}

/** Renames snake_case fields of one union variant to the camelCase the server actually sends. */
function camelCaseFields(definitions, defName, typeValue, fields) {
  const variant = variantByType(definitions, defName, typeValue);
  for (const [snake, camel] of Object.entries(fields)) {
    expect(Object.hasOwn(variant.properties, snake), `${defName} variant "${typeValue}" still has snake_case field ${snake}`);
    expect(!Object.hasOwn(variant.properties, camel), `${defName} variant "${typeValue}" has no ${camel} yet`);
  }
  const renamed = {};
  for (const [key, value] of Object.entries(variant.properties)) renamed[fields[key] ?? key] = value;
  variant.properties = Object.fromEntries(Object.keys(renamed).sort().map((k) => [k, renamed[k]]));
  if (Array.isArray(variant.required)) variant.required = variant.required.map((k) => fields[k] ?? k).sort();
}

/** Restores the value type of a map whose values schemars lost. */
function restoreMapValues(definitions, defName, valueDef, allowedProperties) {
  const def = definitions[defName];
  expect(def && def.type === "object", `${defName} is an object`);
  expect(def.additionalProperties === undefined, `${defName} still lacks additionalProperties`);
  expect(
    Object.keys(def.properties ?? {}).join(",") === allowedProperties.join(","),
    `${defName} declares exactly the properties [${allowedProperties.join(", ")}]`,
  );
  expect(!def.oneOf && !def.anyOf && !def.allOf, `${defName} is a plain object`);
  expect(Object.hasOwn(definitions, valueDef), `${valueDef} exists`);
  def.additionalProperties = { $ref: `#/definitions/${valueDef}` };
}

/**
 * The patch list. `id` names the patch in logs and tests; `why` documents it (and is appended to
 * the patched definition's docs); `target` is the definition it changes.
 * @type {ReadonlyArray<{ id: string; target: string; why: string; apply(definitions: Record<string, any>): void }>}
 */
export const SCHEMA_PATCHES = [
  {
    target: "ThreadRealtimeItem",
    id: "ThreadRealtimeItem.bemItemPromoted.camelCase",
    why: "serde rename_all_fields=camelCase is ignored by schemars: the wire sends turnId/itemId, the schema says turn_id/item_id.",
    apply: (defs) => camelCaseFields(defs, "ThreadRealtimeItem", "bemItemPromoted", { item_id: "itemId", turn_id: "turnId" }),
  },
  {
    target: "ThreadRealtimeItem",
    id: "ThreadRealtimeItem.turnInputAccepted.camelCase",
    why: "Same serde/schemars mismatch as bemItemPromoted: the schema says turn_id/handoff_id/input_item_id/source_event_ids.",
    apply: (defs) =>
      camelCaseFields(defs, "ThreadRealtimeItem", "turnInputAccepted", {
        handoff_id: "handoffId",
        input_item_id: "inputItemId",
        source_event_ids: "sourceEventIds",
        turn_id: "turnId",
      }),
  },
  {
    target: "ThreadRealtimeItem",
    id: "ThreadRealtimeItem.sessionEndInputSaved.camelCase",
    why: "Same serde/schemars mismatch as bemItemPromoted: the schema says input_item_id/source_event_ids.",
    apply: (defs) =>
      camelCaseFields(defs, "ThreadRealtimeItem", "sessionEndInputSaved", {
        input_item_id: "inputItemId",
        source_event_ids: "sourceEventIds",
      }),
  },
  {
    target: "ThreadTimelineEntry",
    id: "ThreadTimelineEntry.turnStarted.camelCase",
    why: "Same serde/schemars mismatch: the wire sends turnId/startedAt.",
    apply: (defs) => camelCaseFields(defs, "ThreadTimelineEntry", "turnStarted", { started_at: "startedAt", turn_id: "turnId" }),
  },
  {
    target: "ThreadTimelineEntry",
    id: "ThreadTimelineEntry.turnCompleted.camelCase",
    why: "Same serde/schemars mismatch: the wire sends turnId/startedAt/completedAt/durationMs.",
    apply: (defs) =>
      camelCaseFields(defs, "ThreadTimelineEntry", "turnCompleted", {
        completed_at: "completedAt",
        duration_ms: "durationMs",
        started_at: "startedAt",
        turn_id: "turnId",
      }),
  },
  {
    target: "AppsConfig",
    id: "AppsConfig.values",
    why: "AppsConfig is a map of app id -> AppConfig (with `_default` beside it); schemars lost the value type.",
    apply: (defs) => restoreMapValues(defs, "AppsConfig", "AppConfig", ["_default"]),
  },
  {
    target: "AppLinksConfig",
    id: "AppLinksConfig.values",
    why: "AppLinksConfig is a map of link id -> AppLinkConfig; schemars lost the value type.",
    apply: (defs) => restoreMapValues(defs, "AppLinksConfig", "AppLinkConfig", []),
  },
  {
    target: "AppToolsConfig",
    id: "AppToolsConfig.values",
    why: "AppToolsConfig is a map of tool name -> AppToolConfig; schemars lost the value type.",
    apply: (defs) => restoreMapValues(defs, "AppToolsConfig", "AppToolConfig", []),
  },
];

/**
 * Applies every patch in place and returns the ids applied, in order.
 * @param {Record<string, any>} definitions flattened definitions
 */
export function applySchemaPatches(definitions) {
  for (const patch of SCHEMA_PATCHES) {
    try {
      patch.apply(definitions);
    } catch (error) {
      throw new Error(`patch ${patch.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const patch of SCHEMA_PATCHES) {
    const def = definitions[patch.target];
    const note = `Patched (codegen/patches.mjs, ${patch.id}): ${patch.why}`;
    def.description = def.description ? `${def.description}\n\n${note}` : note;
  }
  return SCHEMA_PATCHES.map((p) => p.id);
}
