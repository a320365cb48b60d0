import { InvalidRequestError } from "../errors.js";
import type { RequestOptions } from "../rpc/connection.js";
import type { ServerLink } from "./client-link.js";

/** Turns asked for per `thread/turns/list` page. */
const PAGE_SIZE = 25;

/** How the server says a thread has no stored turn yet (no user message reached it). */
const NOT_MATERIALIZED = /not materialized yet|unavailable before first user message/i;

/**
 * The id of the turn of `threadId` whose stored history holds a user message sent with
 * `clientUserMessageId` (the server records it as the message's `clientId` and does not
 * deduplicate on it), looking through at most `maxTurns` of the latest turns with
 * `thread/turns/list`, newest first; `null` when none does, or the thread has no stored turn yet.
 *
 * The stored history lags the live turn by a moment (about 100 ms after `turn/start` was answered,
 * measured on 0.171.0): a message that reached the server an instant ago may not be found here
 * yet. The live record of an open thread (`OpenThread.turnOfClientMessage`) has no such lag.
 */
export async function findStoredClientMessage(
  link: Pick<ServerLink, "request">,
  threadId: string,
  clientUserMessageId: string,
  maxTurns: number,
  call: RequestOptions | undefined,
): Promise<string | null> {
  let cursor: string | null | undefined;
  for (let seen = 0; seen < maxTurns; ) {
    let page;
    try {
      page = await link.request(
        "thread/turns/list",
        { threadId, limit: Math.min(PAGE_SIZE, maxTurns - seen), sortDirection: "desc", ...(cursor ? { cursor } : {}) },
        call,
      );
    } catch (error) {
      if (error instanceof InvalidRequestError && NOT_MATERIALIZED.test(error.serverMessage)) return null;
      throw error;
    }
    const found = page.data.find((turn) => turn.items.some((item) => item.type === "userMessage" && item.clientId === clientUserMessageId));
    if (found !== undefined) return found.id;
    seen += page.data.length;
    cursor = page.nextCursor;
    if (!cursor || page.data.length === 0) return null;
  }
  return null;
}
