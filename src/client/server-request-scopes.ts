import { isPlainObject } from "../internal/values.js";
import { handlerIn, type AnyServerRequestHandler, type ServerRequestHandlers } from "../rpc/server-requests.js";
import type { JsonRpcId } from "../transport/transport.js";
import type { TurnRegistry } from "./turn-registry.js";

/** The server request that app-defined tools answer. */
const TOOL_CALL = "item/tool/call";

/**
 * Finds the handler for a server request among the client's scopes, the most specific first: the
 * running turn's (`thread.turn(input, { serverRequests })`), then its thread's
 * (`threadStart/Resume/Fork({ serverRequests })`), then the client's (`CodexOptions.serverRequests`).
 * A thread's own tools (`threadStart({ tools })`) answer its `item/tool/call` requests that no
 * handler takes: a handler given for that method wins at every level.
 */
export class ServerRequestScopes {
  readonly #client: ServerRequestHandlers | undefined;
  readonly #turns: TurnRegistry;
  readonly #threads = new Map<string, ServerRequestHandlers>();
  readonly #tools = new Map<string, AnyServerRequestHandler>();
  /** Answers handlers gave after their connection dropped, for the server to get when it asks again. */
  readonly #lateAnswers = new Map<string, unknown>();

  constructor(client: ServerRequestHandlers | undefined, turns: TurnRegistry) {
    this.#client = client;
    this.#turns = turns;
  }

  /** How many threads have handlers of their own. */
  get threadCount(): number {
    return this.#threads.size;
  }

  /** Sets (or, with `undefined`, removes) a thread's own handlers. */
  setThread(threadId: string, handlers: ServerRequestHandlers | undefined): void {
    if (handlers === undefined) this.#threads.delete(threadId);
    else this.#threads.set(threadId, handlers);
  }

  /** Sets (or, with `undefined`, removes) what answers a thread's tool calls when no handler does. */
  setTools(threadId: string, answer: AnyServerRequestHandler | undefined): void {
    if (answer === undefined) this.#tools.delete(threadId);
    else this.#tools.set(threadId, answer);
  }

  /**
   * Keeps the answer a handler gave after its connection dropped. The server asks again with the
   * same request id once the thread is resumed on a new connection; the kept answer is then sent
   * without calling the handler a second time.
   */
  rememberLateAnswer(id: JsonRpcId, method: string, params: unknown, result: unknown): void {
    this.#lateAnswers.set(requestKey(id, method, params), result);
  }

  /** The most specific handler for a request, or `undefined` for the fail-closed answer. */
  readonly lookup = (method: string, params: unknown, id: JsonRpcId): AnyServerRequestHandler | undefined => {
    const key = this.#lateAnswers.size > 0 ? requestKey(id, method, params) : undefined;
    if (key !== undefined && this.#lateAnswers.has(key)) {
      const answer = this.#lateAnswers.get(key);
      this.#lateAnswers.delete(key);
      return () => answer;
    }
    const threadId = isPlainObject(params) ? (params.threadId ?? params.conversationId) : undefined;
    if (typeof threadId !== "string") return handlerIn(this.#client, method);
    const turn = this.#turns.runningOn(threadId);
    const turnId = isPlainObject(params) ? params.turnId : undefined;
    const turnMatches = turn !== undefined && (turnId === undefined || turnId === null || turn.turnId === undefined || turn.turnId === turnId);
    return (
      (turnMatches ? handlerIn(turn.serverRequests, method) : undefined) ??
      handlerIn(this.#threads.get(threadId), method) ??
      handlerIn(this.#client, method) ??
      (method === TOOL_CALL ? this.#tools.get(threadId) : undefined)
    );
  };
}

/** What identifies one server request across connections: its id, method, thread and item. */
function requestKey(id: JsonRpcId, method: string, params: unknown): string {
  const fields = isPlainObject(params) ? params : {};
  const item = fields.itemId ?? fields.callId ?? fields.approvalId ?? "";
  return `${String(id)}\u0000${method}\u0000${String(fields.threadId ?? fields.conversationId ?? "")}\u0000${String(item)}`;
}
