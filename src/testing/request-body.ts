/**
 * The parts of a Responses API request body (`POST /v1/responses`) that the mock reads. Codex sends
 * more fields; they stay available on the parsed body as unknown members.
 */
export interface ResponsesRequestBody {
  /** The model id from the provider configuration. */
  model?: string;
  /** Always `true` for Codex. */
  stream?: boolean;
  /** The conversation: developer and user messages, earlier assistant output, tool calls and their outputs. */
  input?: ResponsesInputItem[];
  /** The tools offered to the model (`exec_command`, ...). */
  tools?: Array<{
    /** `"function"`, `"custom"`, `"namespace"`, ... */
    type?: string;
    /** The tool's name. */
    name?: string;
    [key: string]: unknown;
  }>;
  /** Present when the answer must follow a JSON schema (automatic approval reviews and `outputSchema` turns). */
  text?: {
    /** The JSON schema the answer must follow. */
    format?: ResponsesTextFormat;
    [key: string]: unknown;
  };
  /** Any other member Codex sends. */
  [key: string]: unknown;
}

/** `text.format` of a request: a JSON schema the answer must follow. */
export interface ResponsesTextFormat {
  /** `"json_schema"` when a schema is given. */
  type?: string;
  /** Codex names it `codex_output_schema`. */
  name?: string;
  /** Whether the schema is enforced strictly. */
  strict?: boolean;
  /** The JSON schema of the answer. */
  schema?: JsonSchemaObject;
  [key: string]: unknown;
}

/** A JSON schema, read loosely. */
export interface JsonSchemaObject {
  /** The JSON type(s) a value must have. */
  type?: string | string[];
  /** The schema of each named property of an object. */
  properties?: Record<string, JsonSchemaObject>;
  /** The properties an object must have. */
  required?: string[];
  /** The values allowed. */
  enum?: unknown[];
  /** The one value allowed. */
  const?: unknown;
  /** The schema of an array's items. */
  items?: JsonSchemaObject;
  /** Schemas of which a value must match at least one. */
  anyOf?: JsonSchemaObject[];
  /** Schemas of which a value must match exactly one. */
  oneOf?: JsonSchemaObject[];
  /** The value to assume when none is given. */
  default?: unknown;
  [key: string]: unknown;
}

/** One element of a request's `input`. */
export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | {
      /** Another kind of item (`reasoning`, ...), kept as sent. */
      type: string;
      [key: string]: unknown;
    };

/** A message of the conversation. */
export interface ResponsesMessageItem {
  /** Always `"message"`. */
  type: "message";
  /** Who wrote it: the user (Codex's own context blocks included), the developer prompt, the model. */
  role: "user" | "developer" | "system" | "assistant";
  /** The output item id, on the model's earlier messages. */
  id?: string;
  /** The message's parts (`input_text`, `output_text`, `input_image`, ...), or its text. */
  content:
    | Array<{
        /** `"input_text"`, `"output_text"`, `"input_image"`, ... */
        type: string;
        /** The part's text, for text parts. */
        text?: string;
        [key: string]: unknown;
      }>
    | string;
  [key: string]: unknown;
}

/** A function call the model made earlier in the conversation. */
export interface ResponsesFunctionCallItem {
  /** Always `"function_call"`. */
  type: "function_call";
  /** Pairs the call with its output. */
  call_id: string;
  /** The function's name, e.g. `exec_command`. */
  name: string;
  /** The namespace of a namespaced dynamic tool. */
  namespace?: string;
  /** The arguments, as a JSON text. */
  arguments: string;
  /** The output item id the model gave it. */
  id?: string;
  [key: string]: unknown;
}

/** The result of a function call, sent back to the model. */
export interface ResponsesFunctionCallOutputItem {
  /** Always `"function_call_output"`. */
  type: "function_call_output";
  /** The `call_id` of the call it answers. */
  call_id: string;
  /** A string, or content items (`input_text`, `input_image`) for a dynamic tool's richer answers. */
  output: string | unknown;
  /** The item's id, when it has one. */
  id?: string;
  [key: string]: unknown;
}

/** A call of a freeform (custom) tool, such as `apply_patch`, that the model made earlier. */
export interface ResponsesCustomToolCallItem {
  /** Always `"custom_tool_call"`. */
  type: "custom_tool_call";
  /** Pairs the call with its output. */
  call_id: string;
  /** The tool name, e.g. `apply_patch`. */
  name: string;
  /** The freeform input, e.g. a patch. */
  input: string;
  /** The output item id the model gave it. */
  id?: string;
  [key: string]: unknown;
}

/** The result of a freeform tool call, sent back to the model. */
export interface ResponsesCustomToolCallOutputItem {
  /** Always `"custom_tool_call_output"`. */
  type: "custom_tool_call_output";
  /** The `call_id` of the call it answers. */
  call_id: string;
  /** The tool's result text, e.g. `"patch rejected by user"`. */
  output: string | unknown;
  /** The item's id, when it has one. */
  id?: string;
  [key: string]: unknown;
}

/** A tool output the model was sent, as the mock records it. */
export interface MockToolOutput {
  /** The `call_id` of the call it answers (`call_<responseId>` for calls the mock made). */
  readonly callId: string;
  /** `"function"` for a `function_call_output`, `"custom"` for a `custom_tool_call_output` (e.g. of `apply_patch`). */
  readonly kind: "function" | "custom";
  /** The name of the tool that was called, when the call is in the input. */
  readonly name: string | undefined;
  /** The namespace of a namespaced dynamic tool's call. */
  readonly namespace: string | undefined;
  /** The output text; structured outputs (content item arrays) as JSON text. */
  readonly output: string;
}

/** The first words of the user message of every automatic approval review request. */
export const REVIEW_PROMPT_PREFIX = "The following is the Codex agent history whose request action you are assessing.";

function isMessage(item: ResponsesInputItem): item is ResponsesMessageItem {
  return item.type === "message";
}

/** The text of a message: its text parts joined with newlines. */
export function messageText(item: ResponsesMessageItem): string {
  if (typeof item.content === "string") return item.content;
  return item.content
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function inputOf(body: ResponsesRequestBody): ResponsesInputItem[] {
  return Array.isArray(body.input) ? body.input : [];
}

const INTERNAL_CONTEXT = /^<codex_internal_context(?=[\s>])(?:\s+source="([^"]*)")?/;

/**
 * For a prompt Codex writes itself (`<codex_internal_context source="goal">`): its `source` (`""` when
 * it names none). `undefined` for any other text.
 */
function internalContextOf(text: string): string | undefined {
  const match = INTERNAL_CONTEXT.exec(text.trimStart());
  return match === null ? undefined : (match[1] ?? "");
}

/** The user-role messages of the input, latest first, without the environment context. */
function* userMessages(body: ResponsesRequestBody): Generator<{ text: string; internal: string | undefined }> {
  const input = inputOf(body);
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (!isMessage(item) || item.role !== "user") continue;
    const text = messageText(item);
    if (text.trimStart().startsWith("<environment_context>")) continue;
    yield { text, internal: internalContextOf(text) };
  }
}

/**
 * The text of the latest user message of a request body, skipping the messages Codex writes itself
 * as user messages: the `<environment_context>` block and `<codex_internal_context …>` prompts (such
 * as a goal's continuation prompt), so a server-started turn reads the directives of the user's own
 * latest message. `undefined` when there is none.
 */
export function lastUserMessageText(body: ResponsesRequestBody): string | undefined {
  for (const message of userMessages(body)) if (message.internal === undefined) return message.text;
  return undefined;
}

/**
 * The `source` of the `<codex_internal_context source="…">` prompt that is the latest user-role
 * message of the request (`"goal"` in a goal's continuation turns), or `undefined` when the latest
 * one is the user's own.
 */
export function internalContextSource(body: ResponsesRequestBody): string | undefined {
  for (const message of userMessages(body)) return message.internal;
  return undefined;
}

const OUTPUT_KINDS: Readonly<Record<string, MockToolOutput["kind"]>> = {
  function_call_output: "function",
  custom_tool_call_output: "custom",
};

const CALL_TYPES: Readonly<Record<MockToolOutput["kind"], string>> = { function: "function_call", custom: "custom_tool_call" };

function stringField(item: ResponsesInputItem | undefined, key: string): string | undefined {
  const value = item?.[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * The tool outputs (`function_call_output` or `custom_tool_call_output`) that end the request's input,
 * in order: more than one after parallel calls, none unless the request is a tool round trip's follow-up.
 */
export function trailingToolOutputs(body: ResponsesRequestBody): MockToolOutput[] {
  const input = inputOf(body);
  let start = input.length;
  while (start > 0 && OUTPUT_KINDS[input[start - 1].type] !== undefined) start--;
  return input.slice(start).map((item) => {
    const kind = OUTPUT_KINDS[item.type];
    const callId = String(item.call_id);
    const call = input.find((candidate) => candidate.type === CALL_TYPES[kind] && candidate.call_id === item.call_id);
    const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
    return {
      callId,
      kind,
      name: stringField(call, "name") ?? stringField(item, "name"),
      namespace: stringField(call, "namespace") ?? stringField(item, "namespace"),
      output,
    };
  });
}

/** The JSON schema in the request's `text.format`, if any. */
export function requestSchema(body: ResponsesRequestBody): JsonSchemaObject | undefined {
  const format = body.text?.format;
  if (format === undefined || format === null || typeof format !== "object") return undefined;
  return format.schema !== undefined && typeof format.schema === "object" ? format.schema : undefined;
}

/** Whether a schema is the verdict schema of automatic approval reviews: an `outcome` enum of `allow`/`deny`. */
export function isReviewSchema(schema: JsonSchemaObject | undefined): boolean {
  const values = schema?.properties?.outcome?.enum;
  return Array.isArray(values) && values.includes("allow") && values.includes("deny");
}

/**
 * Whether a request is an automatic approval review: its latest user message starts with the
 * review prompt, or it carries the verdict schema and the `x-openai-subagent: guardian` header.
 */
export function isReviewRequest(body: ResponsesRequestBody, headers: Record<string, string> = {}): boolean {
  const text = lastUserMessageText(body);
  if (text !== undefined && text.trimStart().startsWith(REVIEW_PROMPT_PREFIX)) return true;
  return isReviewSchema(requestSchema(body)) && headers["x-openai-subagent"] === "guardian";
}
