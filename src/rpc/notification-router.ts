import type { ServerNotification, ServerNotificationMethod, TypedNotification } from "../../generated/methods.js";
import { ListenerSet, subscription, type Subscription } from "../internal/listeners.js";
import type { Logger } from "../logger.js";

type Listener = (notification: ServerNotification) => void;

/**
 * Delivers server notifications to listeners by method, to `"*"` listeners (every notification,
 * unknown methods included) and by thread (`params.threadId`, or `params.thread.id`). Delivery is
 * synchronous, in wire order. Keys with no listener left are removed, so the maps do not grow with
 * the threads a long-running client has seen.
 */
export class NotificationRouter {
  readonly #logger: Logger;
  readonly #byMethod = new Map<string, ListenerSet<ServerNotification>>();
  readonly #any: ListenerSet<ServerNotification>;
  readonly #byThread = new Map<string, ListenerSet<ServerNotification>>();

  constructor(logger: Logger) {
    this.#logger = logger;
    this.#any = new ListenerSet(logger, "A notification listener");
  }

  /** Listens to one notification method, or to every notification with `"*"`. */
  on<M extends ServerNotificationMethod>(method: M, listener: (notification: TypedNotification<M>) => void): Subscription;
  on(method: "*", listener: Listener): Subscription;
  on(method: string, listener: Listener): Subscription;
  on(method: string, listener: (notification: never) => void): Subscription {
    const typed = listener as Listener;
    return method === "*" ? this.#any.add(typed) : this.#addKeyed(this.#byMethod, method, typed);
  }

  /** Listens to every notification about one thread. */
  onThread(threadId: string, listener: Listener): Subscription {
    return this.#addKeyed(this.#byThread, threadId, listener);
  }

  /** How many threads have listeners (for tests and diagnostics). */
  get threadCount(): number {
    return this.#byThread.size;
  }

  /** Delivers one notification to its listeners. */
  dispatch(notification: ServerNotification): void {
    this.#byMethod.get(notification.method)?.emit(notification);
    if (this.#any.size > 0) this.#any.emit(notification);
    if (this.#byThread.size === 0) return;
    const threadId = threadIdOf(notification.params);
    if (threadId !== undefined) this.#byThread.get(threadId)?.emit(notification);
  }

  #addKeyed(map: Map<string, ListenerSet<ServerNotification>>, key: string, listener: Listener): Subscription {
    let set = map.get(key);
    if (set === undefined) {
      set = new ListenerSet(this.#logger, "A notification listener");
      map.set(key, set);
    }
    const keyed = set;
    const added = keyed.add(listener);
    return subscription(() => {
      added.dispose();
      if (keyed.size === 0 && map.get(key) === keyed) map.delete(key);
    });
  }
}

/** The thread a notification is about: `params.threadId`, else `params.thread.id`. */
export function threadIdOf(params: unknown): string | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const direct = (params as { threadId?: unknown }).threadId;
  if (typeof direct === "string") return direct;
  const thread = (params as { thread?: unknown }).thread;
  if (typeof thread !== "object" || thread === null) return undefined;
  const id = (thread as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}
