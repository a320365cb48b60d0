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
  tools?: Array<{ type?: string; name?: string; [key: string]: unknown }>;
  /** Present when the answer must follow a JSON schema (automatic approval reviews and `outputSchema` turns). */
  text?: { format?: ResponsesTextFormat; [key: string]: unknown };
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
  type?: string | string[];
  properties?: Record<string, JsonSchemaObject>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchemaObject;
  anyOf?: JsonSchemaObject[];
  oneOf?: JsonSchemaObject[];
  default?: unknown;
  [key: string]: unknown;
}

/** One element of a request's `input`. */
export type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | { type: string; [key: string]: unknown };

/** A message of the conversation. */
export interface ResponsesMessageItem {
  type: "message";
  role: "user" | "developer" | "system" | "assistant";
  id?: string;
  content: Array<{ type: string; text?: string; [key: string]: unknown }> | string;
  [key: string]: unknown;
}

/** A tool call the model made earlier in the conversation. */
export interface ResponsesFunctionCallItem {
  type: "function_call";
  call_id: string;
  name: string;
  arguments: string;
  id?: string;
  [key: string]: unknown;
}

/** The result of a tool call, sent back to the model. */
export interface ResponsesFunctionCallOutputItem {
  type: "function_call_output";
  call_id: string;
  output: string | unknown;
  id?: string;
  [key: string]: unknown;
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

/**
 * The text of the latest user message of a request body, skipping the `<environment_context>`
 * block Codex inserts as a user message. `undefined` when there is none.
 */
export function lastUserMessageText(body: ResponsesRequestBody): string | undefined {
  const input = Array.isArray(body.input) ? body.input : [];
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i];
    if (!isMessage(item) || item.role !== "user") continue;
    const text = messageText(item);
    if (text.trimStart().startsWith("<environment_context>")) continue;
    return text;
  }
  return undefined;
}

/** The `function_call_output` that ends the request's input, if the request is a tool round trip's follow-up. */
export function trailingToolOutput(body: ResponsesRequestBody): { callId: string; output: string } | undefined {
  const input = Array.isArray(body.input) ? body.input : [];
  const last = input[input.length - 1];
  if (last === undefined || last.type !== "function_call_output") return undefined;
  const item = last as ResponsesFunctionCallOutputItem;
  const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output);
  return { callId: String(item.call_id), output };
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
