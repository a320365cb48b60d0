import type { MockEnding, MockJson, ReviewVerdict } from "./replies.js";

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
  exec?: { [key: string]: MockJson };
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

function parseJson(value: string): { ok: true; value: MockJson } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(value) as MockJson };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
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
      case "exec": {
        if (args === "") {
          bad(directive, "expected a command line or a JSON object of exec_command arguments");
        } else if (args.startsWith("{")) {
          const parsed = parseJson(args);
          if (!parsed.ok) bad(directive, `invalid JSON: ${parsed.error}`);
          else if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value))
            bad(directive, "expected a JSON object");
          else if (typeof parsed.value.cmd !== "string") bad(directive, 'the JSON object needs a string "cmd"');
          else script.exec = { login: false, ...parsed.value };
        } else {
          script.exec = { cmd: args, login: false };
        }
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
