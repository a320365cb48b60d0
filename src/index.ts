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
  Sandbox,
  ThreadForkOptions,
  ThreadListOptions,
  ThreadResumeOptions,
  ThreadStartOptions,
  TurnOptions,
} from "./client/options.js";
export type { TransportOptions } from "./transport/open-transport.js";
export type { CodexMetadata } from "./client/runtime-version.js";
export { Thread } from "./client/thread.js";
export { TurnHandle } from "./client/turn-handle.js";
export type { TurnStreamOptions } from "./client/turn-event-buffer.js";
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
export type { TurnResult } from "./client/turn-result.js";
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
  ServerBusyError,
  ThreadBusyError,
  TransportClosedError,
  TurnFailedError,
  TurnTimeoutError,
} from "./errors.js";
