/**
 * The `codex-app-server-sdk/testing` entry: a mock Responses API and an offline harness that run a real
 * app-server against it, isolated and without network access.
 *
 * The mock scripts each model request from `[[mock:…]]` directives in the latest user message, so
 * concurrent turns on different threads each follow their own script:
 *
 * | directive | effect |
 * |---|---|
 * | `[[mock:text words…]]` | answer with that text, streamed word by word |
 * | `[[mock:stream N]]` | answer with N deltas (`w1 w2 …`) |
 * | `[[mock:delay MS]]` | wait MS milliseconds before each delta |
 * | `[[mock:reasoning words…]]` | stream a reasoning summary before the answer |
 * | `[[mock:exec {json}]]` / `[[mock:exec command line]]` | call `exec_command` (`login: false` unless given) |
 * | `[[mock:then words…]]` | the answer once the tool output comes back (default `Tool said: <output>`) |
 * | `[[mock:fail message…]]` | `response.failed` |
 * | `[[mock:http STATUS]]` | an HTTP error status (400-599) |
 * | `[[mock:stall N]]` | stop after N deltas (default all) and hang until interrupted |
 * | `[[mock:break N]]` | drop the connection after N deltas (default all) |
 * | `[[mock:review allow\|deny rationale…]]` | the verdict of automatic approval reviews of this history |
 * | `[[mock:json {json}]]` | the JSON answer of an `outputSchema` turn |
 *
 * Without directives a turn gets "Hello from the mock model.", a review gets the mock's
 * `reviewVerdict` (default `deny`) and an `outputSchema` turn gets `outputJson` or a value sampled
 * from the schema. An unknown or malformed directive makes the request fail with a message naming it.
 */
export { startMockResponses } from "./mock-responses.js";
export type { MockHandler, MockResponses, MockResponsesOptions } from "./mock-responses.js";
export { reply } from "./replies.js";
export type {
  ExecOptions,
  MockEnding,
  MockFailedReply,
  MockFunctionCallOutput,
  MockHttpReply,
  MockJson,
  MockMessageOutput,
  MockOutput,
  MockReasoningOutput,
  MockReply,
  MockStreamReply,
  ReviewOptions,
  ReviewVerdict,
  StreamOptions,
} from "./replies.js";
export type { MockReplySource, MockRequest, MockRequestKind, ProxyAttempt, UnexpectedRequest } from "./mock-request.js";
export type { MockDirective } from "./directives.js";
export type { OutputJsonOption } from "./scripted-reply.js";
export { isReviewRequest, lastUserMessageText } from "./request-body.js";
export type {
  JsonSchemaObject,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesInputItem,
  ResponsesMessageItem,
  ResponsesRequestBody,
  ResponsesTextFormat,
} from "./request-body.js";
export { createOfflineHarness, mockProviderConfig } from "./offline-harness.js";
export type { HarnessApprovalPolicy, HarnessSandboxMode, OfflineHarness, OfflineHarnessOptions } from "./offline-harness.js";
