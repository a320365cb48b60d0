import type { ServerRequestMethod, ServerRequestParams, ServerRequestResult } from "../../generated/methods.js";
import type { Activity } from "../internal/activity.js";
import { isPlainObject } from "../internal/values.js";
import type { Logger } from "../logger.js";
import type { JsonRpcErrorObject, JsonRpcId } from "../transport/transport.js";
import { approvalCommand, type ApprovalCommand } from "./approval-command.js";

/** What a server-request handler gets besides the params. */
export interface ServerRequestContext {
  /**
   * Aborts when the server no longer needs the answer (`serverRequest/resolved` arrived for this
   * request, e.g. because the turn was interrupted) or the connection closed.
   */
  signal: AbortSignal;
  /** The JSON-RPC id of the request (the server's ids start at 0). */
  requestId: JsonRpcId;
  /** The request's method. */
  method: string;
}

/** The server requests that ask to run a command: their handlers also get the command unwrapped. */
export type CommandApprovalMethod = "item/commandExecution/requestApproval" | "execCommandApproval";

/** What a command-approval handler gets besides the params: the command as the model wrote it, too. */
export interface CommandApprovalContext extends ServerRequestContext {
  /** The command without the server's shell wrapper, with its words when it is a simple command; `null` when the request has none. */
  command: ApprovalCommand | null;
}

/** The context a handler of `M` gets. */
export type ServerRequestContextOf<M extends ServerRequestMethod> = M extends CommandApprovalMethod
  ? CommandApprovalContext
  : ServerRequestContext;

/** Answers one kind of server request (an approval, a user-input question, ...). */
export type ServerRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: ServerRequestContextOf<M>,
) => ServerRequestResult<M> | Promise<ServerRequestResult<M>>;

/**
 * Handlers for the requests the server sends, by wire method. A method without a handler, or a
 * handler that throws, gets a fail-closed answer: approvals are declined, questions get no answers,
 * dynamic tool calls fail, and nothing is granted.
 */
export type ServerRequestHandlers = { [M in ServerRequestMethod]?: ServerRequestHandler<M> };

/** The answer to a server request: a result or a JSON-RPC error. */
export type ServerRequestAnswer = { result: unknown } | { error: JsonRpcErrorObject };

/** JSON-RPC code for server requests nobody handles. */
const METHOD_NOT_FOUND = -32601;
/** JSON-RPC code (implementation-defined range) for requests the client declines to fulfil. */
const CLIENT_DECLINED = -32000;

/**
 * The fail-closed answer for a server request: what the SDK sends when no handler is registered
 * for `method`, or when the handler throws. It never grants anything.
 */
export function failClosedAnswer(method: string, reason: string): ServerRequestAnswer {
  switch (method) {
    case "item/commandExecution/requestApproval":
      return { result: { decision: "decline" } satisfies ServerRequestResult<typeof method> };
    case "item/fileChange/requestApproval":
      return { result: { decision: "decline" } satisfies ServerRequestResult<typeof method> };
    // The legacy ReviewDecision of the pinned schema spells "denied" as an object with a reason.
    case "execCommandApproval":
      return { result: { decision: { denied: { rejection: `Denied: ${reason}.` } } } satisfies ServerRequestResult<typeof method> };
    case "applyPatchApproval":
      return { result: { decision: { denied: { rejection: `Denied: ${reason}.` } } } satisfies ServerRequestResult<typeof method> };
    case "item/permissions/requestApproval":
      return { result: { permissions: {}, scope: "turn" } satisfies ServerRequestResult<typeof method> };
    case "item/tool/requestUserInput":
      return { result: { answers: {} } satisfies ServerRequestResult<typeof method> };
    case "mcpServer/elicitation/request":
      return { result: { action: "decline" } satisfies ServerRequestResult<typeof method> };
    case "item/tool/call":
      return {
        result: {
          success: false,
          contentItems: [{ type: "inputText", text: `The client could not run this tool: ${reason}.` }],
        } satisfies ServerRequestResult<typeof method>,
      };
    case "account/chatgptAuthTokens/refresh":
    case "attestation/generate":
      return { error: { code: CLIENT_DECLINED, message: `The client cannot answer ${method}: ${reason}.` } };
    default:
      return { error: { code: METHOD_NOT_FOUND, message: `The client does not handle ${method}: ${reason}.` } };
  }
}

/** A handler of any server request, as the dispatcher calls it. */
export type AnyServerRequestHandler = (params: unknown, context: ServerRequestContext) => unknown;

/** Finds the handler for one server request (the most specific one, when handlers are scoped), or `undefined`. */
export type ServerRequestLookup = (method: string, params: unknown, id: JsonRpcId) => AnyServerRequestHandler | undefined;

/** The handler `handlers` has for `method`, if any. */
export function handlerIn(handlers: ServerRequestHandlers | undefined, method: string): AnyServerRequestHandler | undefined {
  if (handlers === undefined || !Object.hasOwn(handlers, method)) return undefined;
  const handler = (handlers as Record<string, unknown>)[method];
  return typeof handler === "function" ? (handler as AnyServerRequestHandler) : undefined;
}

/** What a {@link ServerRequestDispatcher} needs from the connection. */
export interface ServerRequestHost {
  /** The handler for a request, or `undefined` for the fail-closed answer. */
  handlerFor: ServerRequestLookup;
  /** Counts the requests waiting for their handler. */
  readonly activity: Activity;
  /**
   * Checks a handler's result before it is sent: `null` when it can go out, else what is wrong
   * (it cannot be carried as JSON, or it does not match the schema under `validate: "strict"`).
   */
  checkResult(method: string, result: unknown): string | null;
  /** Sends the answer to request `id`. */
  answer(id: JsonRpcId, answer: ServerRequestAnswer): void;
  /**
   * A handler whose request was cut off by the connection closing finished anyway, with a result
   * that could be sent: the server may ask again on a new connection (it replays pending approvals
   * when a thread is resumed), and the answer can then be given without asking the handler twice.
   */
  lateAnswer?(id: JsonRpcId, method: string, params: unknown, result: unknown): void;
  /** Receives diagnostics. */
  readonly logger: Logger;
}

/**
 * Runs server requests through their handlers and answers each exactly once: with the handler's
 * result, or fail-closed when there is no handler, it throws, or its result cannot be sent.
 * Internal to the connection.
 */
export class ServerRequestDispatcher {
  readonly #host: ServerRequestHost;
  readonly #open = new Map<JsonRpcId, AbortController>();
  /** The params of each request at its handler, by the handler's controller. */
  readonly #params = new WeakMap<AbortController, unknown>();
  /** Requests cut off by the connection closing while their handler ran. */
  readonly #cutOff = new WeakSet<AbortController>();

  constructor(host: ServerRequestHost) {
    this.#host = host;
  }

  /** How many requests are waiting for their handler. */
  get openCount(): number {
    return this.#open.size;
  }

  /** Handles one request from the server. */
  dispatch(id: JsonRpcId, method: string, params: unknown): void {
    const handler = this.#host.handlerFor(method, params, id);
    if (typeof handler !== "function") {
      this.#host.answer(id, failClosedAnswer(method, "no handler is registered for it"));
      return;
    }
    const controller = new AbortController();
    this.#open.set(id, controller);
    this.#params.set(controller, params);
    this.#host.activity.begin();
    const context: ServerRequestContext | CommandApprovalContext = isCommandApproval(method)
      ? { signal: controller.signal, requestId: id, method, command: approvalCommand(isPlainObject(params) ? params.command : undefined) }
      : { signal: controller.signal, requestId: id, method };
    let outcome: unknown;
    try {
      outcome = handler(params, context);
    } catch (error) {
      this.#fail(id, method, controller, error);
      return;
    }
    if (outcome !== null && typeof (outcome as PromiseLike<unknown> | undefined)?.then === "function") {
      Promise.resolve(outcome).then(
        (result) => this.#succeed(id, method, controller, result),
        (error: unknown) => this.#fail(id, method, controller, error),
      );
    } else {
      this.#succeed(id, method, controller, outcome);
    }
  }

  /** The server resolved request `id` itself: abort its handler and send nothing for it. */
  resolved(id: unknown): void {
    if (typeof id !== "number" && typeof id !== "string") return;
    const controller = this.#open.get(id);
    if (controller === undefined) return;
    this.#open.delete(id);
    this.#host.activity.end();
    controller.abort(new DOMException(`The server resolved request ${String(id)} itself; no answer is needed.`, "AbortError"));
  }

  /** The connection closed: abort every running handler with `reason`. */
  closeAll(reason: Error): void {
    const open = [...this.#open.values()];
    this.#open.clear();
    for (const controller of open) {
      this.#cutOff.add(controller);
      this.#host.activity.end();
      controller.abort(reason);
    }
  }

  #succeed(id: JsonRpcId, method: string, controller: AbortController, result: unknown): void {
    if (!this.#release(id, controller)) {
      if (this.#cutOff.has(controller) && result !== undefined && this.#host.checkResult(method, result) === null) {
        this.#host.lateAnswer?.(id, method, this.#params.get(controller), result);
      }
      return;
    }
    const problem = result === undefined ? "it returned nothing" : this.#host.checkResult(method, result);
    if (problem !== null) {
      this.#host.logger.warn?.(`The ${method} handler's result is invalid (${problem}); sent the fail-closed answer instead.`, {
        requestId: id,
        method,
      });
      this.#host.answer(id, failClosedAnswer(method, "its handler's result could not be sent"));
      return;
    }
    this.#host.answer(id, { result });
  }

  #fail(id: JsonRpcId, method: string, controller: AbortController, error: unknown): void {
    if (!this.#release(id, controller)) return;
    this.#host.logger.error?.(`The ${method} handler threw; sent the fail-closed answer instead.`, {
      requestId: id,
      method,
      error,
    });
    this.#host.answer(id, failClosedAnswer(method, "its handler failed"));
  }

  /** True when the request is still open (so it must be answered); false once resolved or closed. */
  #release(id: JsonRpcId, controller: AbortController): boolean {
    if (this.#open.get(id) !== controller) return false;
    this.#open.delete(id);
    this.#host.activity.end();
    return true;
  }
}

function isCommandApproval(method: string): method is CommandApprovalMethod {
  return method === "item/commandExecution/requestApproval" || method === "execCommandApproval";
}
