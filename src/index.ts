/**
 * codex-app-server-sdk: the TypeScript SDK for the Codex app-server.
 *
 * This root entry holds the clients, handles, input helpers, retry helpers and errors. The
 * generated protocol types (`Turn`, `ThreadItem`, notifications, method maps) live in
 * `codex-app-server-sdk/types`; the offline testing kit in `codex-app-server-sdk/testing`.
 *
 * @packageDocumentation
 */

export { Codex } from "./client/codex.js";
export type {
  ApprovalMode,
  CodexOptions,
  EventLogOptions,
  FindTurnOptions,
  GoalOptions,
  GoalUpdate,
  Sandbox,
  ThreadEventsOptions,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadSearchOptions,
  ThreadStartOptions,
  TurnOptions,
} from "./client/options.js";
export type { TransportOptions } from "./transport/open-transport.js";
export type { CodexMetadata } from "./client/runtime-version.js";
export type {
  DaemonTransportOptions,
  TokenSource,
  UnixTransportOptions,
  WebSocketTransportOptions,
} from "./transport/remote-options.js";
export { Thread } from "./client/thread.js";
export { TurnHandle } from "./client/turn-handle.js";
export { defineTool } from "./client/tools.js";
export type { AppTool, ToolCallContext, ToolContent, ToolDefinition, ToolNamespace, ToolResult } from "./client/tool-types.js";
export type { GoalChange } from "./client/open-threads.js";
export type { LoggedEvent } from "./client/event-log.js";
export type { ThreadSearchBatch } from "./client/thread-search.js";
export { ChatgptLoginHandle, DeviceCodeLoginHandle, type LoginWaitOptions } from "./client/login-handles.js";
export {
  audioInput,
  imageInput,
  localAudioInput,
  localImageInput,
  mentionInput,
  skillInput,
  textInput,
  type RunInput,
} from "./client/inputs.js";
export type { StructuredTurnResult, TurnResult } from "./client/turn-result.js";
export type { TurnResultOf } from "./client/turn-handle.js";
export type { ConnectionGapEvent, TurnEvent } from "./client/turn-events.js";
export type { ConnectionChange } from "./client/connection-events.js";
export type { ReconnectOptions } from "./client/client-link.js";
export type { FromSchema, JsonSchema, JsonSchemaKeywords } from "./client/json-schema.js";
export type { CodexStats } from "./client/codex.js";

export type { NoParams, RequestArgs, RequestOptions, ValidationMode } from "./rpc/connection.js";
export type { ApprovalCommand } from "./rpc/approval-command.js";
export type {
  CommandApprovalContext,
  CommandApprovalMethod,
  ServerRequestContext,
  ServerRequestContextOf,
  ServerRequestHandler,
  ServerRequestHandlers,
} from "./rpc/server-requests.js";
export type { ConfigOverrides } from "./transport/config-flags.js";
export type {
  JsonRpcErrorObject,
  JsonRpcId,
  JsonRpcMessage,
  JsonRpcNotification,
  JsonRpcRequest,
  JsonRpcResponse,
  Transport,
  TransportSink,
} from "./transport/transport.js";
export type { Subscription } from "./internal/listeners.js";
export type { Logger } from "./logger.js";
export type { LogLevel } from "./log-level.js";

export { isRetryableError, retryOnOverload, type RetryOptions } from "./retry.js";
export {
  CodexError,
  CodexStartError,
  type CodexStartErrorKind,
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  LoginFailedError,
  MethodNotFoundError,
  ParseError,
  ProcessExitError,
  RequestTimeoutError,
  RetryLimitExceededError,
  type SchemaViolation,
  ServerBusyError,
  StructuredOutputError,
  type StructuredOutputErrorReason,
  ThreadBusyError,
  TransportClosedError,
  TurnFailedError,
  TurnTimeoutError,
} from "./errors.js";
