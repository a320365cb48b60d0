import { patchText } from "./patch-text.js";
import type { MockCustomToolCallOutput, MockEnding, MockFunctionCallOutput, MockJson, ReviewVerdict } from "./replies.js";

/** One `[[mock:name args]]` directive found in a message. */
export interface MockDirective {
  /** The directive name, e.g. `text`. */
  name: string;
  /** Everything after the name, trimmed; `""` when there is none. */
  args: string;
}

/**
 * What the directives of one message ask for. Each field comes from the last directive of its name.
 *
 * | directive | effect |
 * |---|---|
 * | `[[mock:text words…]]` | answer with that text, streamed word by word |
 * | `[[mock:stream N]]` | answer with N deltas (`w1 w2 …`) |
 * | `[[mock:delay MS]]` | wait MS milliseconds before each delta |
 * | `[[mock:reasoning words…]]` | stream a reasoning summary before the answer |
 * | `[[mock:exec {json}]]` or `[[mock:exec command line]]` | call `exec_command` (`login: false` unless given) |
 * | `[[mock:tool name {json}]]` / `[[mock:tool namespace.name {json}]]` | call any function tool; the JSON arguments are optional |
 * | `[[mock:tool {"name":…,"namespace":…,"arguments":{…}}]]` / `[[mock:tool {"name":…,"input":"…"}]]` | the same spelled out; with `input`, a freeform tool call |
 * | `[[mock:patch add PATH content…]]` | call `apply_patch` to create a file (the content may span lines) |
 * | `[[mock:patch update PATH old text => new text]]` | call `apply_patch` to replace lines of a file |
 * | `[[mock:patch delete PATH]]` | call `apply_patch` to delete a file |
 * | `[[mock:patch *** Begin Patch …]]` | call `apply_patch` with that text as is (anything starting with `***`) |
 * | `[[mock:then words…]]` | the answer after the tool output comes back (default `Tool said: <output>`) |
 * | `[[mock:fail message…]]` | `response.failed` (message optional) |
 * | `[[mock:http STATUS]]` | answer with that HTTP error status |
 * | `[[mock:stall]]` / `[[mock:stall N]]` | stop after N deltas (default all) and hang |
 * | `[[mock:break]]` / `[[mock:break N]]` | drop the connection after N deltas (default all) |
 * | `[[mock:review allow\|deny rationale…]]` | the verdict of automatic approval reviews of this history |
 * | `[[mock:json {json}]]` | the JSON answer of an `outputSchema` turn |
 */
export interface DirectiveScript {
  text?: string;
  stream?: number;
  delayMs?: number;
  reasoning?: string;
  /** The tool call of the last `exec`, `tool` or `patch` directive. */
  call?: MockFunctionCallOutput | MockCustomToolCallOutput;
  then?: string;
  fail?: string;
  http?: number;
  ending?: MockEnding;
  review?: { verdict: ReviewVerdict; rationale?: string };
  json?: MockJson;
  /** Directives that could not be understood, as messages; the mock answers such a request with `response.failed`. */
  errors: string[];
}

const DIRECTIVE = /\[\[mock:([a-z]+)(?:[ \t\n]+([\s\S]*?))?\s*\]\]/g;

/** Every `[[mock:…]]` directive in `text`, in order. */
export function findDirectives(text: string): MockDirective[] {
  const found: MockDirective[] = [];
  for (const match of text.matchAll(DIRECTIVE)) found.push({ name: match[1], args: (match[2] ?? "").trim() });
  return found;
}

function nonNegativeInteger(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function parseJson(value: string): Parsed<MockJson> {
  try {
    return { ok: true, value: JSON.parse(value) as MockJson };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

type JsonObject = { [key: string]: MockJson };

function parseObject(value: string): Parsed<JsonObject> {
  const parsed = parseJson(value);
  if (!parsed.ok) return { ok: false, error: `invalid JSON: ${parsed.error}` };
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    return { ok: false, error: "expected a JSON object" };
  }
  return { ok: true, value: parsed.value };
}

function execCall(args: string): Parsed<MockFunctionCallOutput> {
  if (args === "") return { ok: false, error: "expected a command line or a JSON object of exec_command arguments" };
  const exec = (callArgs: JsonObject): Parsed<MockFunctionCallOutput> => ({
    ok: true,
    value: { type: "functionCall", name: "exec_command", arguments: callArgs },
  });
  if (!args.startsWith("{")) return exec({ cmd: args, login: false });
  const parsed = parseObject(args);
  if (!parsed.ok) return parsed;
  if (typeof parsed.value.cmd !== "string") return { ok: false, error: 'the JSON object needs a string "cmd"' };
  return exec({ login: false, ...parsed.value });
}

/** `{"name", "namespace"?, "arguments"?}` (a function call) or `{"name", "input"}` (a freeform call). */
function spelledOutToolCall(spec: JsonObject): Parsed<MockFunctionCallOutput | MockCustomToolCallOutput> {
  const { name, namespace, arguments: args, input, ...rest } = spec;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    return { ok: false, error: `unknown field(s) ${unknown.join(", ")} (expected name, namespace, arguments or input)` };
  }
  if (typeof name !== "string" || name === "") return { ok: false, error: 'the JSON object needs a non-empty string "name"' };
  if (input !== undefined) {
    if (typeof input !== "string") return { ok: false, error: '"input" must be a string' };
    if (args !== undefined || namespace !== undefined) {
      return { ok: false, error: 'a freeform call takes "input" without "arguments" or "namespace"' };
    }
    return { ok: true, value: { type: "customToolCall", name, input } };
  }
  if (namespace !== undefined && (typeof namespace !== "string" || namespace === "")) {
    return { ok: false, error: '"namespace" must be a non-empty string' };
  }
  if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args))) {
    return { ok: false, error: '"arguments" must be a JSON object' };
  }
  return {
    ok: true,
    value: { type: "functionCall", name, ...(namespace !== undefined ? { namespace } : {}), arguments: args ?? {} },
  };
}

function toolCall(args: string): Parsed<MockFunctionCallOutput | MockCustomToolCallOutput> {
  if (args.startsWith("{")) {
    const parsed = parseObject(args);
    return parsed.ok ? spelledOutToolCall(parsed.value) : parsed;
  }
  const match = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args);
  if (match === null) return { ok: false, error: "expected a tool name, optionally namespace.name, and JSON arguments" };
  const [, qualified, rest] = match;
  const dot = qualified.indexOf(".");
  const [namespace, name] = dot > 0 ? [qualified.slice(0, dot), qualified.slice(dot + 1)] : [undefined, qualified];
  if (name === "") return { ok: false, error: `no tool name after the namespace in "${qualified}"` };
  let callArgs: JsonObject = {};
  if (rest !== undefined) {
    const parsed = parseObject(rest);
    if (!parsed.ok) return parsed;
    callArgs = parsed.value;
  }
  return { ok: true, value: { type: "functionCall", name, ...(namespace !== undefined ? { namespace } : {}), arguments: callArgs } };
}

function patchInput(args: string): Parsed<string> {
  if (args.startsWith("***")) return { ok: true, value: args };
  const match = /^(add|update|delete)(?:\s+(\S+))?(?:\s+([\s\S]*))?$/.exec(args);
  if (match === null) return { ok: false, error: "expected add, update or delete and a path, or a patch starting with ***" };
  const [, operation, path, rest] = match;
  if (path === undefined) return { ok: false, error: `expected a path after ${operation}` };
  switch (operation) {
    case "add":
      if (rest === undefined) return { ok: false, error: "expected the file content after the path" };
      return { ok: true, value: patchText([{ type: "add", path, content: rest }]) };
    case "delete":
      if (rest !== undefined) return { ok: false, error: "expected nothing after the path" };
      return { ok: true, value: patchText([{ type: "delete", path }]) };
    default: {
      const arrow = rest?.indexOf(" => ") ?? -1;
      if (rest === undefined || arrow < 0) return { ok: false, error: 'expected "old text => new text" after the path' };
      return { ok: true, value: patchText([{ type: "update", path, oldText: rest.slice(0, arrow), newText: rest.slice(arrow + 4) }]) };
    }
  }
}

/** Interprets directives (see {@link DirectiveScript} for the list). Later directives of a name win. */
export function parseDirectives(directives: readonly MockDirective[]): DirectiveScript {
  const script: DirectiveScript = { errors: [] };
  const bad = (directive: MockDirective, why: string) =>
    script.errors.push(`[[mock:${directive.name}${directive.args === "" ? "" : ` ${directive.args}`}]]: ${why}`);
  for (const directive of directives) {
    const { name, args } = directive;
    switch (name) {
      case "text":
        script.text = args;
        break;
      case "then":
        script.then = args;
        break;
      case "reasoning":
        script.reasoning = args;
        break;
      case "fail":
        script.fail = args === "" ? "mock failure" : args;
        break;
      case "stream":
      case "delay": {
        const n = nonNegativeInteger(args);
        if (n === undefined) bad(directive, "expected a non-negative integer");
        else if (name === "stream") script.stream = n;
        else script.delayMs = n;
        break;
      }
      case "http": {
        const status = nonNegativeInteger(args);
        if (status === undefined || status < 400 || status > 599) bad(directive, "expected an HTTP error status (400-599)");
        else script.http = status;
        break;
      }
      case "stall":
      case "break": {
        if (args === "") {
          script.ending = { kind: name };
          break;
        }
        const afterDeltas = nonNegativeInteger(args);
        if (afterDeltas === undefined) bad(directive, "expected a delta count or nothing");
        else script.ending = { kind: name, afterDeltas };
        break;
      }
      case "exec":
      case "tool": {
        const call = name === "exec" ? execCall(args) : toolCall(args);
        if (call.ok) script.call = call.value;
        else bad(directive, call.error);
        break;
      }
      case "patch": {
        const input = patchInput(args);
        if (input.ok) script.call = { type: "customToolCall", name: "apply_patch", input: input.value };
        else bad(directive, input.error);
        break;
      }
      case "review": {
        const [verdict, ...rest] = args.split(/\s+/);
        if (verdict !== "allow" && verdict !== "deny") bad(directive, "expected allow or deny");
        else script.review = rest.length > 0 ? { verdict, rationale: rest.join(" ") } : { verdict };
        break;
      }
      case "json": {
        const parsed = parseJson(args);
        if (parsed.ok) script.json = parsed.value;
        else bad(directive, `invalid JSON: ${parsed.error}`);
        break;
      }
      default:
        bad(directive, "unknown directive");
    }
  }
  return script;
}
