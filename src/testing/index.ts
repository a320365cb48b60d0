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
 * | `[[mock:tool name {json}]]` / `[[mock:tool namespace.name {json}]]` | call any function tool, e.g. a dynamic tool (arguments optional) |
 * | `[[mock:tool {"name":…,"namespace":…,"arguments":{…}}]]` / `[[mock:tool {"name":…,"input":"…"}]]` | the same spelled out; with `input`, a freeform tool |
 * | `[[mock:patch add PATH content…]]` | call `apply_patch` to create a file (bundled models only, e.g. `gpt-5.5`) |
 * | `[[mock:patch update PATH old => new]]` / `[[mock:patch delete PATH]]` | call `apply_patch` to change or delete a file |
 * | `[[mock:patch *** Begin Patch …]]` | call `apply_patch` with that patch text as is |
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
 * One answer makes at most one tool call: the last `exec`, `tool` or `patch` directive. Turns the
 * server starts itself (a goal's continuation turns) follow the directives of the user's latest own
 * message.
 *
 * @packageDocumentation
 */

export type {} from "../disposable.js";
export { startMockResponses } from "./mock-responses.js";
export type { MockHandler, MockResponses, MockResponsesOptions } from "./mock-responses.js";
export { reply } from "./replies.js";
export type {
  ExecOptions,
  MockCustomToolCallOutput,
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
  MockUsage,
  ReviewOptions,
  ReviewVerdict,
  StreamOptions,
  ToolCallOptions,
} from "./replies.js";
export type { PatchChange } from "./patch-text.js";
export type { MockReplySource, MockRequest, MockRequestKind, ProxyAttempt, UnexpectedRequest } from "./mock-request.js";
export type { MockDirective } from "./directives.js";
export type { OutputJsonOption } from "./scripted-reply.js";
export { isReviewRequest, lastUserMessageText } from "./request-body.js";
export type {
  JsonSchemaObject,
  MockToolOutput,
  ResponsesCustomToolCallItem,
  ResponsesCustomToolCallOutputItem,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesInputItem,
  ResponsesMessageItem,
  ResponsesRequestBody,
  ResponsesTextFormat,
} from "./request-body.js";
export { createOfflineHarness, mockProviderConfig } from "./offline-harness.js";
export type { HarnessApprovalPolicy, HarnessSandboxMode, OfflineHarness, OfflineHarnessOptions } from "./offline-harness.js";
