import { isPlainObject } from "../internal/values.js";
import { handlerIn, type AnyServerRequestHandler, type ServerRequestHandlers } from "../rpc/server-requests.js";
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

  /** The most specific handler for a request, or `undefined` for the fail-closed answer. */
  readonly lookup = (method: string, params: unknown): AnyServerRequestHandler | undefined => {
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
