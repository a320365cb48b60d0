import type { DynamicToolSpec } from "../../generated/protocol.js";
import { describeValue, isPlainObject } from "../internal/values.js";
import type { FromSchema, JsonSchema } from "./json-schema.js";
import { checkOptions, func, nonEmptyString, object, positiveMs, string, type Check } from "./option-checks.js";
import { schemaValidator } from "./schema-checks.js";
import type { AppTool, ToolDefinition } from "./tool-types.js";

/** How long a tool may run before it is stopped and the model is told it failed, unless `timeoutMs` says otherwise. */
export const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/** The names the Responses API accepts for tools and namespaces. */
const TOOL_NAME = /^[a-zA-Z0-9_-]+$/;

/** Every tool `defineTool()` made, so `tools` accepts those and nothing that merely looks alike. */
const definedTools = new WeakSet<object>();

const toolName: Check = (v, w) => {
  nonEmptyString(v, w);
  if (!TOOL_NAME.test(v as string)) fail(w, "made of letters, digits, `_` and `-` only (the Responses API's tool names)", v);
};

const namespace: Check = (v, w) => {
  if (typeof v === "string") return toolName(v, w);
  checkOptions(w, v, { name: toolName, description: string });
  if (!isPlainObject(v) || v.name === undefined || v.description === undefined) fail(w, "a name, or { name, description }", v);
};

const TOOL_CHECKS = {
  name: toolName,
  description: string,
  inputSchema: object,
  execute: func,
  namespace,
  timeoutMs: positiveMs,
} satisfies { [K in keyof ToolDefinition<JsonSchema, unknown>]-?: Check };

function fail(where: string, expected: string, value: unknown): never {
  throw new TypeError(`${where} must be ${expected}, got ${describeValue(value)}.`);
}

/**
 * Defines a tool the model can call, run in this process: the runtime offers it to the model as a
 * function (in a namespace, if given), and when the model calls it the SDK checks the arguments
 * against `inputSchema`, runs `execute` and sends the model what it returned. A throw, arguments
 * that do not match and a run past `timeoutMs` all reach the model as an error text (the runtime
 * does not tell the model a call failed, so the text says it). Invalid definitions are a
 * `TypeError` here.
 *
 * ```ts
 * const weather = defineTool({
 *   name: "lookup_weather",
 *   description: "Look up the weather for a city.",
 *   inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } as const,
 *   execute: async ({ city }, { signal }) => `Sunny in ${city}`,    // city: string
 * });
 * const thread = await codex.threadStart({ tools: [weather] });
 * ```
 */
export function defineTool<const S extends JsonSchema>(definition: ToolDefinition<S, FromSchema<S>>): AppTool<FromSchema<S>>;
/**
 * Defines a tool whose arguments have the type `Input`, for a schema that is not a literal (built
 * elsewhere, or typed `JSONSchema7`): `defineTool<{ id: number }>({ ... })`. The arguments are
 * still checked against the schema at run time.
 */
export function defineTool<Input>(definition: ToolDefinition<JsonSchema, Input>): AppTool<Input>;
export function defineTool(definition: ToolDefinition<JsonSchema, unknown>): AppTool<unknown> {
  if (!isPlainObject(definition)) throw new TypeError(`defineTool() needs a tool definition object, got ${describeValue(definition)}.`);
  checkOptions("defineTool()", definition, TOOL_CHECKS);
  for (const required of ["name", "description", "inputSchema", "execute"] as const) {
    if (definition[required] === undefined) {
      throw new TypeError(`defineTool() needs ${required === "execute" ? "an" : "a"} ${required}: { name, description, inputSchema, execute }.`);
    }
  }
  const given = definition.namespace;
  const tool: AppTool<unknown> = Object.freeze({
    name: definition.name,
    description: definition.description,
    inputSchema: definition.inputSchema,
    namespace: given === undefined ? undefined : Object.freeze(typeof given === "string" ? { name: given, description: "" } : { ...given }),
    timeoutMs: definition.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
    execute: definition.execute,
  });
  definedTools.add(tool);
  return tool;
}

/** The tools of one thread, found by the namespace and name the model calls them by. */
export class ToolSet {
  /** The tools as the `dynamicTools` of `thread/start`: namespaced ones grouped where their namespace first appears. */
  readonly specs: readonly DynamicToolSpec[];
  readonly #byKey = new Map<string, AppTool>();

  /** Checks `tools` (TypeError naming `where` on anything wrong) and indexes them. */
  constructor(tools: unknown, where: string) {
    if (!Array.isArray(tools)) throw new TypeError(`${where} must be an array of tools made by defineTool(), got ${describeValue(tools)}.`);
    const specs: DynamicToolSpec[] = [];
    const namespaces = new Map<string, { description: string; tools: Extract<DynamicToolSpec, { type: "namespace" }>["tools"] }>();
    tools.forEach((tool: unknown, index) => {
      if (typeof tool !== "object" || tool === null || !definedTools.has(tool)) {
        throw new TypeError(`${where}[${index}] must be a tool made by defineTool(), got ${describeValue(tool)}.`);
      }
      const { name, description, inputSchema, namespace } = tool as AppTool;
      const key = toolKey(namespace?.name, name);
      if (this.#byKey.has(key)) {
        throw new TypeError(`${where} has two tools named "${namespace ? `${namespace.name}.` : ""}${name}"; tool names must be unique.`);
      }
      this.#byKey.set(key, tool as AppTool);
      const spec = { type: "function" as const, name, description, inputSchema: inputSchema as never };
      if (namespace === undefined) {
        specs.push(spec);
        return;
      }
      let group = namespaces.get(namespace.name);
      if (group === undefined) {
        group = { description: namespace.description, tools: [] };
        namespaces.set(namespace.name, group);
        specs.push({ type: "namespace", name: namespace.name, description: group.description, tools: group.tools });
      } else if (namespace.description !== "" && group.description !== "" && namespace.description !== group.description) {
        throw new TypeError(`${where} describes namespace "${namespace.name}" in two different ways; give its description once.`);
      }
      if (group.description === "" && namespace.description !== "") {
        group.description = namespace.description;
        const entry = specs.find((candidate) => candidate.type === "namespace" && candidate.name === namespace.name);
        if (entry?.type === "namespace") entry.description = namespace.description;
      }
      group.tools.push(spec);
    });
    this.specs = specs;
  }

  /** How many tools there are. */
  get size(): number {
    return this.#byKey.size;
  }

  /** The tool the model called, by the `namespace` and `tool` of its `item/tool/call`. */
  find(namespace: string | null | undefined, name: string): AppTool | undefined {
    return this.#byKey.get(toolKey(namespace ?? undefined, name));
  }

  /**
   * Compiles every tool's input schema (loading Ajv on first use), so a schema Ajv cannot use is a
   * `TypeError` before the thread is started with it.
   */
  async compile(): Promise<void> {
    await Promise.all([...this.#byKey.values()].map((tool) => schemaValidator(tool.inputSchema, inputSchemaName(tool))));
  }
}

/** How a tool is named in messages: `lookup_weather`, or `crm.find_customer` in a namespace. */
export function qualifiedToolName(tool: Pick<AppTool, "name" | "namespace">): string {
  return tool.namespace ? `${tool.namespace.name}.${tool.name}` : tool.name;
}

/** How a tool's input schema is named in messages. */
export function inputSchemaName(tool: AppTool): string {
  return `The input schema of tool "${qualifiedToolName(tool)}"`;
}

// Tool and namespace names cannot hold "/", so the key is unambiguous.
function toolKey(namespace: string | undefined, name: string): string {
  return namespace === undefined ? name : `${namespace}/${name}`;
}
