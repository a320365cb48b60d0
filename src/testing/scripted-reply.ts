import { parseDirectives } from "./directives.js";
import type { MockRequest } from "./mock-request.js";
import { reply, type MockJson, type MockReply, type MockStreamReply, type ReviewVerdict } from "./replies.js";
import type { JsonSchemaObject } from "./request-body.js";
import { sampleFromSchema } from "./schema-sample.js";

/** The answer of an `outputSchema` turn without a `[[mock:json …]]` directive: a value, or a function of the schema. */
export type OutputJsonOption = MockJson | ((schema: JsonSchemaObject, request: MockRequest) => MockJson);

/** The settings the scripted answers depend on. */
export interface ScriptSettings {
  /** The verdict of reviews whose history has no `[[mock:review …]]` directive. */
  reviewVerdict: ReviewVerdict;
  /** See {@link OutputJsonOption}; `undefined` samples a value from the schema. */
  outputJson: OutputJsonOption | undefined;
  /** The answer of a turn without directives. */
  defaultText: string;
}

function paced(answer: MockStreamReply, delayMs: number | undefined): MockStreamReply {
  return delayMs === undefined ? answer : { ...answer, delayMs };
}

function schemaAnswer(request: MockRequest, json: MockJson | undefined, settings: ScriptSettings): MockJson {
  if (json !== undefined) return json;
  const option = settings.outputJson;
  if (typeof option === "function") return option(request.outputSchema ?? {}, request);
  if (option !== undefined) return option;
  return sampleFromSchema(request.outputSchema);
}

/**
 * The answer the mock scripts for a request from its directives and kind, in this order: a review gets
 * its verdict; a tool output gets the `then` text (or JSON for an `outputSchema` turn, or
 * `Tool said: <output>`); a request with bad directives gets `response.failed` naming them; then
 * `http`, `fail`, the tool call of `exec`/`tool`/`patch`, JSON for `outputSchema`/`json`, `text`/`stream`
 * (with `reasoning`, `delay`, `stall`/`break`), and finally the default text.
 */
export function scriptedReply(request: MockRequest, settings: ScriptSettings): MockReply {
  if (request.kind === "review") {
    const reviews = parseDirectives(request.directives.filter((d) => d.name === "review")).review;
    const verdict = reviews?.verdict ?? settings.reviewVerdict;
    return reply.review(verdict, reviews?.rationale !== undefined ? { rationale: reviews.rationale } : {});
  }
  const script = parseDirectives(request.directives);
  const reasoning = script.reasoning !== undefined ? { reasoning: script.reasoning } : {};
  if (request.kind === "toolOutput") {
    if (request.outputSchema !== undefined) return paced(reply.json(schemaAnswer(request, script.json, settings)), script.delayMs);
    const text = script.then ?? `Tool said: ${request.toolOutput?.output ?? ""}`;
    return paced(reply.text(text), script.delayMs);
  }
  if (script.errors.length > 0) return reply.failed(`mock: ${script.errors.join("; ")}`);
  if (script.http !== undefined) return reply.http(script.http);
  if (script.fail !== undefined) return reply.failed(script.fail);
  if (script.call !== undefined) return { kind: "stream", output: [script.call] };
  let answer: MockStreamReply;
  if (request.outputSchema !== undefined || script.json !== undefined) {
    answer = reply.json(schemaAnswer(request, script.json, settings), reasoning);
  } else if (script.text !== undefined) {
    answer = reply.text(script.text, reasoning);
  } else if (script.stream !== undefined) {
    answer = reply.stream(script.stream, reasoning);
  } else {
    answer = reply.text(settings.defaultText, reasoning);
  }
  answer = paced(answer, script.delayMs);
  return script.ending === undefined ? answer : { ...answer, ending: script.ending };
}
