import { findDirectives, type MockDirective } from "./directives.js";
import type { MockReply } from "./replies.js";
import {
  internalContextSource,
  isReviewRequest,
  lastUserMessageText,
  requestSchema,
  trailingToolOutputs,
  type JsonSchemaObject,
  type MockToolOutput,
  type ResponsesRequestBody,
} from "./request-body.js";

/**
 * What a model request is, as far as the mock can tell:
 * - `"review"`: an automatic approval review (answered with a verdict);
 * - `"toolOutput"`: the follow-up after a tool call, ending with its output (`function_call_output`, or
 *   `custom_tool_call_output` for a freeform tool such as `apply_patch`);
 * - `"outputSchema"`: a turn whose answer must follow a JSON schema (`turn/start {outputSchema}`);
 * - `"turn"`: any other model request.
 */
export type MockRequestKind = "review" | "toolOutput" | "outputSchema" | "turn";

/** Where the answer to a request came from. */
export type MockReplySource = "queue" | "handler" | "script";

/** A recorded `POST …/responses` request. Handlers receive it before it is answered. */
export interface MockRequest {
  /** Position in `mock.requests` (arrival order, from 0; restarts after `reset()`). */
  readonly index: number;
  /** The response id the mock uses for this request; output item ids derive from it (`msg_<id>`, `call_<id>`). */
  readonly responseId: string;
  /** `POST`. */
  readonly method: string;
  /** The request path, e.g. `/v1/responses`. */
  readonly path: string;
  /** Request headers, lower-cased, with credentials replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body. */
  readonly body: ResponsesRequestBody;
  /** See {@link MockRequestKind}. */
  readonly kind: MockRequestKind;
  /**
   * The text of the latest user message (for a review: the review prompt with the reviewed history).
   * Prompts Codex writes itself as user messages (`<environment_context>`, `<codex_internal_context …>`)
   * are skipped, so a goal's continuation turn shows (and follows) the user's own latest message.
   */
  readonly lastUserText: string | undefined;
  /** The `[[mock:…]]` directives of {@link lastUserText}. */
  readonly directives: readonly MockDirective[];
  /** The app-server thread the request belongs to (`x-client-request-id`); a review runs in its own thread. */
  readonly threadId: string | undefined;
  /** For a review: the thread whose action is reviewed (`x-codex-parent-thread-id`). */
  readonly parentThreadId: string | undefined;
  /** The JSON schema of an `outputSchema` turn (not set for reviews). */
  readonly outputSchema: JsonSchemaObject | undefined;
  /** The tool output that ends the input of a `"toolOutput"` request (the last of {@link MockRequest.toolOutputs}). */
  readonly toolOutput: MockToolOutput | undefined;
  /** Every tool output at the end of the input, in order (several after parallel calls); empty for other kinds. */
  readonly toolOutputs: readonly MockToolOutput[];
  /**
   * Set when the latest user-role message is a prompt Codex wrote itself, i.e. the server started the
   * turn: the prompt's `source`, e.g. `"goal"` for a goal's continuation turns.
   */
  readonly internalContextSource: string | undefined;
  /** `Date.now()` at arrival. */
  readonly receivedAt: number;
  /** What the mock answered, once it has decided. */
  answer?: {
    /** Where the answer came from: the queue, the handler or the request's directives. */
    readonly source: MockReplySource;
    /** The answer. */
    readonly reply: MockReply;
  };
}

/** An attempt to reach another host through the mock used as HTTP(S) proxy; answered with 403. */
export interface ProxyAttempt {
  /** `CONNECT` for HTTPS tunnels, otherwise the method of an absolute-URI request. */
  readonly method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  readonly target: string;
  /** Request headers with credentials redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** `Date.now()` at arrival. */
  readonly at: number;
}

/** A request the mock does not serve (another path or method, or an unreadable body); answered 404 or 400. */
export interface UnexpectedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The request path. */
  readonly path: string;
  /** Request headers with credentials redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** Why the mock did not serve it. */
  readonly reason: string;
}

/** Builds the recorded form of a parsed request. */
export function describeRequest(fields: {
  index: number;
  responseId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: ResponsesRequestBody;
}): MockRequest {
  const { body, headers } = fields;
  const review = isReviewRequest(body, headers);
  const toolOutputs = trailingToolOutputs(body);
  const toolOutput = toolOutputs[toolOutputs.length - 1];
  const schema = review ? undefined : requestSchema(body);
  const lastUserText = lastUserMessageText(body);
  const kind: MockRequestKind = review
    ? "review"
    : toolOutput !== undefined
      ? "toolOutput"
      : schema !== undefined
        ? "outputSchema"
        : "turn";
  return {
    ...fields,
    kind,
    lastUserText,
    directives: lastUserText === undefined ? [] : findDirectives(lastUserText),
    threadId: headers["x-client-request-id"] ?? headers["thread-id"],
    parentThreadId: headers["x-codex-parent-thread-id"],
    outputSchema: schema,
    toolOutput,
    toolOutputs,
    internalContextSource: internalContextSource(body),
    receivedAt: Date.now(),
  };
}
