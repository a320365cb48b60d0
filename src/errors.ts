import type { Turn, TurnError } from "../generated/protocol.js";
import { errorMessage } from "./internal/values.js";
import type { PoolMemberState } from "./pool/member-state.js";

const BRAND_PREFIX = "codex-app-server-sdk/";

/** The brand symbol a class stamps on its instances; shared across copies of the package. */
function brand(className: string): symbol {
  return Symbol.for(BRAND_PREFIX + className);
}

/** Options every SDK error accepts. */
export interface CodexErrorOptions {
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws. `instanceof` works across the ESM and CommonJS copies of
 * the package (and across duplicated installs) because it checks a `Symbol.for` brand, not identity.
 */
export class CodexError extends Error {
  /** The brand stamped on instances of this class (and of its subclasses). */
  static readonly brand: symbol = brand("CodexError");

  override name = "CodexError";

  constructor(message: string, options?: CodexErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    for (let ctor: unknown = new.target; typeof ctor === "function" && ctor !== Error; ctor = Object.getPrototypeOf(ctor)) {
      if (Object.hasOwn(ctor, "brand")) {
        Object.defineProperty(this, (ctor as unknown as { brand: symbol }).brand, { value: true, enumerable: false });
      }
    }
  }

  /** True when `value` carries this class's brand, whichever copy of the package created it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    const own = Object.hasOwn(this, "brand") ? (this as { brand?: unknown }).brand : undefined;
    if (typeof own !== "symbol") return Function.prototype[Symbol.hasInstance].call(this, value);
    return (value as Record<symbol, unknown>)[own] === true;
  }
}

/** Why `Codex.start()` (or the first call of a lazy `Codex`) failed. */
export type CodexStartErrorKind =
  | "runtime-not-found"
  | "codex-bin-not-found"
  | "exited-before-initialize"
  | "incompatible-runtime"
  | "auth-required"
  | "connect-failed"
  | "auth-failed"
  | "initialize-failed";

/** Fields of a {@link CodexStartError}. */
export interface CodexStartErrorOptions extends CodexErrorOptions {
  /** What went wrong. */
  kind: CodexStartErrorKind;
  /** Exit code of the runtime, when it exited. */
  exitCode?: number | null;
  /** Signal that ended the runtime, when it was killed. */
  signal?: string | null;
  /** The last lines the runtime wrote to stderr, when it ran. */
  stderrTail?: string;
}

/** The app-server could not be started or initialized; `kind` names the cause. */
export class CodexStartError extends CodexError {
  static override readonly brand: symbol = brand("CodexStartError");
  override name = "CodexStartError";
  /** What went wrong. */
  readonly kind: CodexStartErrorKind;
  /** Exit code of the runtime, when it exited. */
  readonly exitCode?: number | null;
  /** Signal that ended the runtime, when it was killed. */
  readonly signal?: string | null;
  /** The last lines the runtime wrote to stderr, when it ran. */
  readonly stderrTail?: string;

  constructor(message: string, options: CodexStartErrorOptions) {
    super(message, options);
    this.kind = options.kind;
    if (options.exitCode !== undefined) this.exitCode = options.exitCode;
    if (options.signal !== undefined) this.signal = options.signal;
    if (options.stderrTail !== undefined) this.stderrTail = options.stderrTail;
  }
}

/** Fields of a {@link TransportClosedError}. */
export interface TransportClosedErrorOptions extends CodexErrorOptions {
  /** The thread of the turn the close cut off. */
  threadId?: string;
  /** The turn the close cut off. */
  turnId?: string;
}

/**
 * The connection to the app-server is closed; nothing more can be sent or received on it. A
 * running turn's `run()` and `stream()` reject with a copy that carries its `threadId` and `turnId`.
 */
export class TransportClosedError extends CodexError {
  static override readonly brand: symbol = brand("TransportClosedError");
  override name = "TransportClosedError";
  /** The thread of the turn the close cut off, when the error reached a turn's reader. */
  declare readonly threadId?: string;
  /** The turn the close cut off (absent when it closed before `turn/start` was answered). */
  declare readonly turnId?: string;

  constructor(
    message = "The connection to the app-server is closed. Start a new Codex client to continue.",
    options?: TransportClosedErrorOptions,
  ) {
    super(message, options);
    if (options?.threadId !== undefined) this.threadId = options.threadId;
    if (options?.turnId !== undefined) this.turnId = options.turnId;
  }
}

/**
 * A copy of an error (of the same class, with the same fields) with another message, and with
 * `fields` set on it as own enumerable properties. Internal: not exported from the package.
 */
export function copyWithMessage<E extends Error>(error: E, message: string, fields: Readonly<Record<string, unknown>> = {}): E {
  const copy = Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as E;
  const define = (key: string, value: unknown, enumerable: boolean) =>
    Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
  define("message", message, false);
  for (const [key, value] of Object.entries(fields)) define(key, value, true);
  if (typeof error.stack === "string") define("stack", error.stack.replace(error.message, message), false);
  return copy;
}

/**
 * A copy of a close error (of the same class, with the same fields) for the readers of one turn:
 * it carries the turn's ids, and its message names them.
 */
export function closeErrorForTurn<E extends TransportClosedError>(error: E, threadId: string, turnId: string | undefined): E {
  const which = turnId === undefined ? `A turn starting on thread ${threadId}` : `Turn ${turnId} on thread ${threadId}`;
  return copyWithMessage(error, `${which} was cut off: ${error.message}`, turnId === undefined ? { threadId } : { threadId, turnId });
}

/** Fields of a {@link ProcessExitError}. */
export interface ProcessExitErrorOptions extends TransportClosedErrorOptions {
  /** The process's exit code, or `null` when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it, or `null` when it exited by itself. */
  signal: string | null;
  /** The last lines it wrote to stderr. */
  stderrTail: string;
}

/** The app-server process exited, so its connection closed. */
export class ProcessExitError extends TransportClosedError {
  static override readonly brand: symbol = brand("ProcessExitError");
  override name = "ProcessExitError";
  /** The exit code, or `null` when a signal ended the process. */
  readonly exitCode: number | null;
  /** The signal that ended the process, or `null`. */
  readonly signal: string | null;
  /** The last lines the process wrote to stderr (possibly empty). */
  readonly stderrTail: string;

  constructor(message: string | undefined, options: ProcessExitErrorOptions) {
    super(message ?? ProcessExitError.describe(options), options);
    this.exitCode = options.exitCode;
    this.signal = options.signal;
    this.stderrTail = options.stderrTail;
  }

  private static describe(options: ProcessExitErrorOptions): string {
    const how =
      options.signal !== null
        ? `was killed by ${options.signal}`
        : `exited with code ${options.exitCode === null ? "unknown" : options.exitCode}`;
    const tail = options.stderrTail.trim();
    return (
      `The app-server process ${how}. Start a new Codex client to continue` +
      (tail ? `; its stderr ended with:\n${tail}` : "; it wrote nothing to stderr.")
    );
  }
}

/** Fields of a {@link RequestTimeoutError}. */
export interface RequestTimeoutErrorOptions extends CodexErrorOptions {
  /** The method of the request that timed out. */
  method: string;
  /** The timeout that elapsed, in milliseconds. */
  timeoutMs: number;
  /** Whether the request had been written to the server; `false` when it timed out waiting for a slot. Default `true`. */
  sent?: boolean;
  /** Requests in flight when it timed out (reported for a request that was never sent). */
  inFlight?: number;
  /** What a request that was never sent waited for: a free slot (default), or a dropped connection to come back. */
  waitedFor?: "slot" | "reconnect";
}

/**
 * No reply came in time. When `sent` is true the server had the request (it drops replies under
 * load and never answers some malformed requests); when false, the request never left the client:
 * it waited behind `maxInFlight` unanswered requests, or for a server that stopped reading.
 */
export class RequestTimeoutError extends CodexError {
  static override readonly brand: symbol = brand("RequestTimeoutError");
  override name = "RequestTimeoutError";
  /** The method of the request that timed out. */
  readonly method: string;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  /** Whether the request had been written to the server before it timed out. */
  readonly sent: boolean;

  constructor(message: string | undefined, options: RequestTimeoutErrorOptions) {
    const sent = options.sent ?? true;
    super(
      message ??
        (sent
          ? `No reply to "${options.method}" within ${options.timeoutMs} ms. The server may be overloaded or may have dropped ` +
            "the request; retry it, or raise `timeoutMs` (per call) or `requestTimeoutMs` (per client)."
          : options.waitedFor === "reconnect"
            ? `"${options.method}" was never sent: the connection to the app-server dropped and did not come back ` +
              `within ${options.timeoutMs} ms. Retry once the client has reconnected, or raise \`timeoutMs\`.`
            : `"${options.method}" was never sent: it waited ${options.timeoutMs} ms for the server to answer the ` +
              `${options.inFlight ?? "earlier"} requests in flight before it (or to read its input again). The server is ` +
              "busy or frozen; send fewer requests at once, retry later, or raise `timeoutMs`."),
      options,
    );
    this.method = options.method;
    this.timeoutMs = options.timeoutMs;
    this.sent = sent;
  }
}

/** Fields of a {@link TurnFailedError}. */
export interface TurnFailedErrorOptions extends CodexErrorOptions {
  /** The failed turn as `turn/completed` reported it. */
  turn: Turn;
  /** The turn's error, when the server gave one. */
  turnError: TurnError | null;
}

/** A turn completed with status `failed`. */
export class TurnFailedError extends CodexError {
  static override readonly brand: symbol = brand("TurnFailedError");
  override name = "TurnFailedError";
  /** The failed turn as `turn/completed` reported it. */
  readonly turn: Turn;
  /** The turn's error, when the server gave one. */
  readonly turnError: TurnError | null;

  constructor(message: string | undefined, options: TurnFailedErrorOptions) {
    super(
      message ??
        `Turn ${options.turn.id} failed: ${options.turnError?.message ?? "the server gave no reason"}. ` +
          "Inspect `turnError` for details, then start a new turn.",
      options,
    );
    this.turn = options.turn;
    this.turnError = options.turnError;
  }
}

/** Fields of a {@link TurnTimeoutError}. */
export interface TurnTimeoutErrorOptions extends CodexErrorOptions {
  /** The thread of the silent turn. */
  threadId: string;
  /** The silent turn. */
  turnId: string;
  /** How long it was silent, in milliseconds. */
  idleTimeoutMs: number;
}

/** A turn sent nothing for `idleTimeoutMs` milliseconds. */
export class TurnTimeoutError extends CodexError {
  static override readonly brand: symbol = brand("TurnTimeoutError");
  override name = "TurnTimeoutError";
  /** The thread of the silent turn. */
  readonly threadId: string;
  /** The silent turn. */
  readonly turnId: string;
  /** How long the turn was silent, in milliseconds. */
  readonly idleTimeoutMs: number;

  constructor(message: string | undefined, options: TurnTimeoutErrorOptions) {
    super(
      message ??
        `Turn ${options.turnId} on thread ${options.threadId} sent nothing for ${options.idleTimeoutMs} ms. ` +
          "Interrupt it and retry, or raise `idleTimeoutMs`.",
      options,
    );
    this.threadId = options.threadId;
    this.turnId = options.turnId;
    this.idleTimeoutMs = options.idleTimeoutMs;
  }
}

/** Fields of a {@link ThreadBusyError}. */
export interface ThreadBusyErrorOptions extends CodexErrorOptions {
  /** The busy thread. */
  threadId: string;
  /** The turn running on it. */
  activeTurnId: string;
}

/** A turn was started on a thread whose previous turn is still running. */
export class ThreadBusyError extends CodexError {
  static override readonly brand: symbol = brand("ThreadBusyError");
  override name = "ThreadBusyError";
  /** The busy thread. */
  readonly threadId: string;
  /** The turn still running on it. */
  readonly activeTurnId: string;

  constructor(message: string | undefined, options: ThreadBusyErrorOptions) {
    super(
      message ??
        `Thread ${options.threadId} is already running turn ${options.activeTurnId}. Wait for it to complete, ` +
          "interrupt it, or add input to it with `steer()`.",
      options,
    );
    this.threadId = options.threadId;
    this.activeTurnId = options.activeTurnId;
  }
}

/** Why the final answer of an `outputSchema` turn gave no output: none came, it is not JSON, or it does not match the schema. */
export type StructuredOutputErrorReason = "no-answer" | "not-json" | "schema-mismatch";

/** One place where an answer breaks its output schema. */
export interface SchemaViolation {
  /** A JSON Pointer to the offending value in the answer: `""` for the answer itself, `/items/0/name` deeper. */
  readonly path: string;
  /** What is wrong with it, e.g. `must be string` or `must have required property 'name'`. */
  readonly message: string;
}

/** Fields of a {@link StructuredOutputError}. */
export interface StructuredOutputErrorOptions extends CodexErrorOptions {
  /** Why the answer was not accepted. */
  reason: StructuredOutputErrorReason;
  /** The answer as the model sent it, or `null` when there was none. */
  text: string | null;
  /** Where the answer breaks the schema (for `schema-mismatch`). Default none. */
  errors?: readonly SchemaViolation[];
}

/** Violations shown in the message of a {@link StructuredOutputError}; the rest are only in `errors`. */
const MAX_SHOWN_VIOLATIONS = 3;
/** Characters of a non-JSON answer quoted in the message of a {@link StructuredOutputError}. */
const MAX_QUOTED_ANSWER_CHARS = 80;

/**
 * The final answer of a turn run with an `outputSchema` cannot be the structured output: there was
 * no answer, it is not valid JSON, or it does not match the schema. `text` keeps the raw answer.
 */
export class StructuredOutputError extends CodexError {
  static override readonly brand: symbol = brand("StructuredOutputError");
  override name = "StructuredOutputError";
  /** Which check failed. */
  readonly reason: StructuredOutputErrorReason;
  /** The final answer as the model sent it, or `null` when the turn ended without one. */
  readonly text: string | null;
  /** Where the answer breaks the schema; empty unless `reason` is `schema-mismatch`. */
  readonly errors: readonly SchemaViolation[];

  constructor(message: string | undefined, options: StructuredOutputErrorOptions) {
    super(message ?? StructuredOutputError.describe(options), options);
    this.reason = options.reason;
    this.text = options.text;
    this.errors = Object.freeze([...(options.errors ?? [])]);
  }

  private static describe(options: StructuredOutputErrorOptions): string {
    switch (options.reason) {
      case "no-answer":
        return (
          "The turn ended without a final answer, so there is no structured output to check against the output schema. " +
          "Inspect the turn's status and items, then retry the turn."
        );
      case "not-json": {
        const text = options.text ?? "";
        const quoted = JSON.stringify(text.length > MAX_QUOTED_ANSWER_CHARS ? `${text.slice(0, MAX_QUOTED_ANSWER_CHARS)}…` : text);
        const detail = options.cause instanceof Error ? ` (${errorMessage(options.cause)})` : "";
        return (
          `The final answer is not valid JSON${detail}: ${quoted}. The output schema asks for a JSON answer only; ` +
          "retry the turn, or read the raw answer from `text`."
        );
      }
      case "schema-mismatch": {
        const errors = options.errors ?? [];
        const shown = errors
          .slice(0, MAX_SHOWN_VIOLATIONS)
          .map((error) => `${error.path === "" ? "the answer" : error.path} ${error.message}`);
        const more = errors.length > MAX_SHOWN_VIOLATIONS ? ` (and ${errors.length - MAX_SHOWN_VIOLATIONS} more)` : "";
        const list = shown.length > 0 ? `: ${shown.join("; ")}${more}` : "";
        return (
          `The final answer is JSON but does not match the output schema${list}. ` +
          "Inspect `errors` and `text`, then retry the turn or loosen the schema."
        );
      }
    }
  }
}

/** Fields of a {@link LoginFailedError}. */
export interface LoginFailedErrorOptions extends CodexErrorOptions {
  /** The login attempt that failed. */
  loginId: string;
  /** The server's reason, when it gave one. */
  error?: string | null;
}

/** A login flow ended without logging in. */
export class LoginFailedError extends CodexError {
  static override readonly brand: symbol = brand("LoginFailedError");
  override name = "LoginFailedError";
  /** The login flow that failed. */
  readonly loginId: string;
  /** The server's reason, when it gave one. */
  readonly error?: string | null;

  constructor(message: string | undefined, options: LoginFailedErrorOptions) {
    super(
      message ??
        `Login ${options.loginId} failed: ${options.error ?? "the server gave no reason"}. Start a new login to retry.`,
      options,
    );
    this.loginId = options.loginId;
    if (options.error !== undefined) this.error = options.error;
  }
}

/** Fields of a {@link RetryLimitExceededError}. */
export interface RetryLimitExceededErrorOptions {
  /** How many attempts were made. */
  attempts: number;
  /** The last attempt's error. */
  cause: unknown;
}

/** `retryOnOverload()` gave up; `cause` is the last error. */
export class RetryLimitExceededError extends CodexError {
  static override readonly brand: symbol = brand("RetryLimitExceededError");
  override name = "RetryLimitExceededError";
  /** How many attempts were made. */
  readonly attempts: number;
  /** The last attempt's error (a `ServerBusyError`). */
  declare readonly cause: unknown;

  constructor(message: string | undefined, options: RetryLimitExceededErrorOptions) {
    super(
      message ??
        `Gave up after ${options.attempts} attempts; the server was still overloaded. Send fewer requests at once ` +
          "(lower `maxInFlight`) or retry later with a larger `maxAttempts`.",
      { cause: options.cause },
    );
    this.attempts = options.attempts;
  }
}

/** One member of a `CodexPool` as a {@link NoHealthyMemberError} saw it. */
export interface MemberFailure {
  /** The member's name. */
  readonly member: string;
  /** Its state when the error was made. */
  readonly state: PoolMemberState;
  /** Its last failure (why it is down), or `undefined` when it has not failed (it is starting, or leaving the pool). */
  readonly error: Error | undefined;
}

/** Fields of a {@link NoHealthyMemberError}. */
export interface NoHealthyMemberErrorOptions extends CodexErrorOptions {
  /** Every member of the pool, with its state and last failure. */
  members: readonly MemberFailure[];
}

/**
 * No member of a `CodexPool` is up, so a new thread has nowhere to go. `members` lists each
 * member's state and last failure (the message names them too). The pool keeps restarting members
 * that are down, so a later call may succeed.
 */
export class NoHealthyMemberError extends CodexError {
  static override readonly brand: symbol = brand("NoHealthyMemberError");
  override name = "NoHealthyMemberError";
  /** Every member of the pool, with its state and last failure. */
  readonly members: readonly MemberFailure[];

  constructor(message: string | undefined, options: NoHealthyMemberErrorOptions) {
    super(message ?? NoHealthyMemberError.describe(options.members), options);
    this.members = Object.freeze([...options.members]);
  }

  private static describe(members: readonly MemberFailure[]): string {
    if (members.length === 0) return "The pool has no members, so a new thread has nowhere to go. Check the members option (or what members() returns).";
    const each = members.map(({ member, state, error }) => `"${member}" is ${state}${error ? ` (${errorMessage(error)})` : ""}`);
    return (
      `No member of the pool is up to take a new thread: ${each.join("; ")}. The pool keeps restarting members that are down; ` +
      "retry later (onMemberChange() says when one is up), and check the servers named above."
    );
  }
}

/** Fields of a {@link ThreadNotFoundError}. */
export interface ThreadNotFoundErrorOptions extends CodexErrorOptions {
  /** The thread that was looked for. */
  threadId: string;
  /** The members that could not be asked (down, or they did not answer). Default none. */
  unavailable?: readonly string[];
}

/**
 * No member of a `CodexPool` has the thread: every member that could be asked said it has no such
 * thread. When `unavailable` is not empty, the thread may be on one of those members: retry once
 * they are up again.
 */
export class ThreadNotFoundError extends CodexError {
  static override readonly brand: symbol = brand("ThreadNotFoundError");
  override name = "ThreadNotFoundError";
  /** The thread that was looked for. */
  readonly threadId: string;
  /** The members that could not be asked; the thread may be on one of them. */
  readonly unavailable: readonly string[];

  constructor(message: string | undefined, options: ThreadNotFoundErrorOptions) {
    const unavailable = Object.freeze([...(options.unavailable ?? [])]);
    super(
      message ??
        (unavailable.length === 0
          ? `No member of the pool has thread ${options.threadId}. Check the id; a thread is stored once its first turn has run.`
          : `No member of the pool that could be asked has thread ${options.threadId}, and ${unavailable.map((m) => `"${m}"`).join(", ")} ` +
            `could not be asked: the thread may be there. Retry once ${unavailable.length === 1 ? "it is" : "they are"} up again.`),
      options,
    );
    this.threadId = options.threadId;
    this.unavailable = unavailable;
  }
}

/** Fields of a {@link JsonRpcError}. */
export interface JsonRpcErrorOptions extends CodexErrorOptions {
  /** The JSON-RPC error code. */
  code: number;
  /** The error's `data` member, if any. */
  data?: unknown;
  /** The method of the failed request, when known. */
  method?: string;
  /** The server's own error message, in full. Defaults to `message`. */
  serverMessage?: string;
}

/** The server answered a request with a JSON-RPC error. */
export class JsonRpcError extends CodexError {
  static override readonly brand: symbol = brand("JsonRpcError");
  override name = "JsonRpcError";
  /** The JSON-RPC error code. */
  readonly code: number;
  /** The error's `data` member (`undefined` when absent). */
  readonly data: unknown;
  /** The method of the failed request, when known. */
  readonly method?: string;
  /** The server's own error message, in full (the `message` of the error may shorten it). */
  readonly serverMessage: string;

  constructor(message: string, options: JsonRpcErrorOptions) {
    super(message, options);
    this.code = options.code;
    this.data = options.data;
    if (options.method !== undefined) this.method = options.method;
    this.serverMessage = options.serverMessage ?? message;
  }
}

/** -32700: the server could not parse the message. */
export class ParseError extends JsonRpcError {
  static override readonly brand: symbol = brand("ParseError");
  override name = "ParseError";
}

/** -32600: app-server's answer to unknown methods, most malformed params, and refusals such as "thread not loaded". */
export class InvalidRequestError extends JsonRpcError {
  static override readonly brand: symbol = brand("InvalidRequestError");
  override name = "InvalidRequestError";
}

/** -32601: the method does not exist. */
export class MethodNotFoundError extends JsonRpcError {
  static override readonly brand: symbol = brand("MethodNotFoundError");
  override name = "MethodNotFoundError";
}

/** -32602: the params were rejected (app-server uses it for oversized input and some malformed fields; most bad params come back as -32600). */
export class InvalidParamsError extends JsonRpcError {
  static override readonly brand: symbol = brand("InvalidParamsError");
  override name = "InvalidParamsError";
}

/** -32603: the server failed internally. */
export class InternalRpcError extends JsonRpcError {
  static override readonly brand: symbol = brand("InternalRpcError");
  override name = "InternalRpcError";
}

/** -32001: the server is overloaded; retryable with backoff (`retryOnOverload()`). */
export class ServerBusyError extends JsonRpcError {
  static override readonly brand: symbol = brand("ServerBusyError");
  override name = "ServerBusyError";
}

/** The `error` member of a JSON-RPC response. */
export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/** Server messages longer than this (the unknown-method error lists every method) are cut in `message`. */
const MAX_SHOWN_CHARS = 300;

type JsonRpcErrorClass = new (message: string, options: JsonRpcErrorOptions) => JsonRpcError;

/** What to do about an error, given the server's own message. */
type Advice = (serverMessage: string) => string;

/** App-server words its deserialization failures (unknown method, bad or missing params) this way. */
const MALFORMED_REQUEST = /^Invalid request:/i;

/** Advice for the refusals app-server words in ways worth recognising, first match wins. */
const REFUSALS: readonly [RegExp, string][] = [
  [/invalid thread id/i, "Pass the `id` of a Thread this server created (a UUID), e.g. `thread.id`."],
  [
    /thread not (?:found|loaded)|no (?:such )?thread/i,
    "The server has no such thread loaded: check the id, and resume a stored thread with `codex.threadResume(id)` first.",
  ],
  [/not initialized/i, "The connection has not completed `initialize`; let `Codex` start it (`await codex.ready()`)."],
  [/draining|shutting down/i, "The server is shutting down; connect to a running server (a new client) and retry."],
  [/log ?in|auth|credential/i, "Log in first (`codex.loginApiKey()` or `codex.loginChatgpt()`), or check the account."],
  [/not supported|does not support|do not support|unsupported/i, "The server does not support this request as sent; change the request (see its message)."],
];

const adviseInvalidRequest: Advice = (serverMessage) => {
  if (MALFORMED_REQUEST.test(serverMessage)) {
    return (
      "App-server reports unknown methods and malformed params as -32600: check the method name and params " +
      'against the pinned schema (or pass `validate: "strict"` to check params before sending).'
    );
  }
  for (const [pattern, advice] of REFUSALS) if (pattern.test(serverMessage)) return advice;
  return "The server refused the request (see its message); change the request, or the state it names, before sending it again.";
};

const CLASS_BY_CODE = new Map<number, [JsonRpcErrorClass, Advice]>([
  [-32700, [ParseError, () => "The server could not parse the message; check that params are plain JSON values."]],
  [-32600, [InvalidRequestError, adviseInvalidRequest]],
  [-32601, [MethodNotFoundError, () => "The server does not know this method; check its name and the runtime version."]],
  [-32602, [InvalidParamsError, () => "The server rejected the params (see its message and `data`); fix them and send the request again."]],
  [
    -32603,
    [InternalRpcError, () => "The server failed internally; retry later, and check the runtime's stderr if it persists."],
  ],
  [
    -32001,
    [
      ServerBusyError,
      () => "The server is overloaded; retry with retryOnOverload() (exponential backoff), or send fewer requests at once.",
    ],
  ],
]);

/**
 * Turns the `error` member of a response into the matching {@link JsonRpcError} subclass. The message
 * keeps the server's own text and adds what to do about it.
 */
export function jsonRpcErrorFromWire(error: WireError, method?: string): JsonRpcError {
  const code = typeof error.code === "number" ? error.code : -32603;
  const serverMessage = typeof error.message === "string" && error.message ? error.message : "no message";
  const entry = CLASS_BY_CODE.get(code);
  const Class = entry?.[0] ?? JsonRpcError;
  const advice = entry?.[1](serverMessage) ?? "The server rejected the request; see `code` and `data`.";
  const where = method === undefined ? "Request" : `"${method}"`;
  const shown = serverMessage.length > MAX_SHOWN_CHARS ? `${serverMessage.slice(0, MAX_SHOWN_CHARS)}…` : serverMessage;
  const message = `${where} failed with ${code}: ${shown.replace(/[.\s]+$/, "")}. ${advice}`;
  return new Class(message, { code, data: error.data, serverMessage, ...(method === undefined ? {} : { method }) });
}
