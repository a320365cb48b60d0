/**
 * The public shapes of app-defined tools: what `defineTool()` takes and returns, what `execute`
 * gets and may return. Types only.
 */
import type { JsonSchema } from "./json-schema.js";

/** A group of tools the model sees as one namespace tool, e.g. `crm` holding `find_customer` and `create_ticket`. */
export interface ToolNamespace {
  /** The namespace's name (letters, digits, `_` and `-`). */
  readonly name: string;
  /** What the namespace's tools are for, shown to the model. */
  readonly description: string;
}

/** What a tool's `execute` gets besides the arguments. */
export interface ToolCallContext {
  /**
   * Aborts when the answer is no longer wanted: the tool ran past its `timeoutMs`, the turn ended
   * (interrupted, say), or the client closed. Pass it on to `fetch` and the like.
   */
  readonly signal: AbortSignal;
  /** The thread the model called the tool on. */
  readonly threadId: string;
  /** The turn the model called the tool in. */
  readonly turnId: string;
  /** The model's id for this call (also the id of the `dynamicToolCall` item). */
  readonly callId: string;
}

/**
 * One piece of what a tool returns: a text (a string, or `{ text }`) or an image (`{ imageUrl }`,
 * a `data:` URL: the runtime passes no other image URL on to the model).
 */
export type ToolContent =
  | string
  | {
      /** Text for the model. */
      readonly text: string;
    }
  | {
      /** An image for the model, as a `data:` URL (`data:image/png;base64,…`). */
      readonly imageUrl: string;
    };

/** What a tool's `execute` returns (or resolves with): one piece of content, or several in order. */
export type ToolResult = ToolContent | readonly ToolContent[];

/** What `defineTool()` takes. */
export interface ToolDefinition<S extends JsonSchema, Input> {
  /** The name the model calls the tool by: letters, digits, `_` and `-`, unique within its namespace. */
  name: string;
  /** What the tool does and when to use it, shown to the model. */
  description: string;
  /**
   * A JSON Schema of the arguments (an object schema). Arguments that do not match it are refused
   * before `execute` runs. Written `as const`, it also types `execute`'s arguments.
   */
  inputSchema: S;
  /**
   * Runs the tool. Its result goes to the model; a throw (or rejection) tells the model the tool
   * failed, with the error's message.
   */
  execute(args: Input, context: ToolCallContext): ToolResult | Promise<ToolResult>;
  /** Puts the tool in a namespace: its name, or the name with a description for the model. */
  namespace?: string | ToolNamespace;
  /** Stops the tool (its `signal` aborts) and tells the model it failed after this many milliseconds. Default 60,000; `Infinity` for none. */
  timeoutMs?: number;
}

/**
 * A tool the model can call, made by `defineTool()`: pass it in `tools` to `threadStart()`,
 * and to `threadResume()`/`threadFork()` to run it again for a thread that has it.
 */
export interface AppTool<Input = unknown> {
  /** The name the model calls it by. */
  readonly name: string;
  /** What it does, as the model is told. */
  readonly description: string;
  /** The JSON Schema its arguments are checked against. */
  readonly inputSchema: JsonSchema;
  /** Its namespace, if any. */
  readonly namespace: ToolNamespace | undefined;
  /** How long it may run, in milliseconds. */
  readonly timeoutMs: number;
  /** Runs it; see {@link ToolDefinition.execute}. */
  execute(args: Input, context: ToolCallContext): ToolResult | Promise<ToolResult>;
}
