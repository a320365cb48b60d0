/**
 * codex-app-server-sdk: the TypeScript SDK for the Codex app-server.
 *
 * This root entry holds the clients (`Codex`, and `CodexPool` over many servers), handles, input helpers, retry helpers and errors. The
 * generated protocol types (`Turn`, `ThreadItem`, notifications, method maps) live in
 * `codex-app-server-sdk/types`; the offline testing kit in `codex-app-server-sdk/testing`.
 *
 * `Thread` is two different things: here it is the SDK's class (the handle returned by
 * `codex.threadStart()`, with `run()` and `turn()`), while `codex-app-server-sdk/types` exports the
 * protocol's `Thread` (the wire object, as in `thread/start`'s response). Import the protocol one
 * under another name where both are needed: `import type { Thread as ThreadData } from "codex-app-server-sdk/types"`.
 *
 * @packageDocumentation
 */

// Declares `Symbol.asyncDispose`, `AsyncDisposable` and their sync twins for the declarations, so
// they compile without `lib: ["esnext.disposable"]` or `@types/node`.
export type {} from "./disposable.js";
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
  AccountReadOptions,
  ModelListOptions,
  ThreadReadOptions,
  TurnOptions,
} from "./client/options.js";
export type { TransportChoice, TransportOptions } from "./transport/open-transport.js";
export type { StdioTransportOptions } from "./transport/stdio.js";
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
export { ChatgptLoginHandle, DeviceCodeLoginHandle, type LoginHandle, type LoginWaitOptions } from "./client/login-handles.js";
export {
  audioInput,
  imageInput,
  localAudioInput,
  localImageInput,
  mentionInput,
  skillInput,
  textInput,
  type AudioUserInput,
  type ImageUserInput,
  type LocalAudioUserInput,
  type LocalImageUserInput,
  type MentionUserInput,
  type RunInput,
  type SkillUserInput,
  type TextUserInput,
} from "./client/inputs.js";
export type { StructuredTurnResult, TurnResult } from "./client/turn-result.js";
export type { TurnResultOf } from "./client/turn-handle.js";
export type { ConnectionGapEvent, TurnEvent, TurnStreamOptions } from "./client/turn-events.js";
export type { ConnectionChange } from "./client/connection-events.js";
export type { ReconnectOptions } from "./client/client-link.js";
export type { FromSchema, JsonSchema, JsonSchemaKeywords } from "./client/json-schema.js";
export type { CodexStats } from "./client/codex.js";

export { CodexPool, type PoolThreadListPage } from "./pool/codex-pool.js";
export { fewestRunningTurns } from "./pool/placement.js";
export type {
  CodexPoolOptions,
  PlacementPolicy,
  PoolMemberOptions,
  PoolMembers,
  RejoinOptions,
  ThreadLocator,
} from "./pool/pool-options.js";
export type { PoolMemberChange, PoolMemberInfo } from "./pool/member-info.js";
export type { PoolMemberState } from "./pool/member-state.js";

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
export type { ConfigOverrides, ConfigValue } from "./transport/config-flags.js";
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
  type CodexErrorOptions,
  CodexStartError,
  type CodexStartErrorKind,
  type CodexStartErrorOptions,
  InternalRpcError,
  InvalidParamsError,
  InvalidRequestError,
  JsonRpcError,
  type JsonRpcErrorOptions,
  LoginFailedError,
  type LoginFailedErrorOptions,
  type MemberFailure,
  MethodNotFoundError,
  NoHealthyMemberError,
  type NoHealthyMemberErrorOptions,
  ParseError,
  ProcessExitError,
  type ProcessExitErrorOptions,
  RequestTimeoutError,
  type RequestTimeoutErrorOptions,
  RetryLimitExceededError,
  type RetryLimitExceededErrorOptions,
  type SchemaViolation,
  ServerBusyError,
  StructuredOutputError,
  type StructuredOutputErrorOptions,
  type StructuredOutputErrorReason,
  ThreadBusyError,
  type ThreadBusyErrorOptions,
  ThreadNotFoundError,
  type ThreadNotFoundErrorOptions,
  TransportClosedError,
  type TransportClosedErrorOptions,
  TurnFailedError,
  type TurnFailedErrorOptions,
  TurnTimeoutError,
  type TurnTimeoutErrorOptions,
} from "./errors.js";
