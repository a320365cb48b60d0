/**
 * Retrying safely. The app-server answers -32001 (`ServerBusyError`) when more requests arrive
 * than its ingress queue holds (128), and under a large burst it also drops some replies.
 * `retryOnOverload()` retries only `ServerBusyError`, with exponential backoff and jitter; every
 * other error is thrown at once, since it would fail again the same way (or the request may have
 * run). A turn the model provider failed is not an overload of the app-server: it is a
 * `TurnFailedError`, and the app decides whether to send the turn again. Runs offline.
 *
 *   node --import tsx examples/retry-on-overload.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, InvalidRequestError, RequestTimeoutError, retryOnOverload, TurnFailedError, type Thread } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";
import type { TurnError } from "codex-app-server-sdk/types";

const BURST = 300;

/** Model-side failures worth one more try: an overloaded provider, a 5xx, a rate limit it gave up on. */
function isTransientTurnError(error: TurnError | null): boolean {
  const info = error?.codexErrorInfo;
  if (info === "serverOverloaded" || info === "internalServerError") return true;
  if (typeof info !== "object" || info === null) return false;
  if ("responseStreamDisconnected" in info) return true;
  if (!("httpConnectionFailed" in info)) return false;
  const status = info.httpConnectionFailed.httpStatusCode;
  return status === null || status === undefined || status === 429 || status >= 500;
}

/** Runs a turn, and runs it again (up to `attempts` times) when it failed for a transient reason. */
async function runWithRetry(thread: Thread, input: string, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await thread.run(input);
    } catch (error) {
      if (!(error instanceof TurnFailedError) || !isTransientTurnError(error.turnError) || attempt === attempts) throw error;
      console.log(`turn failed (${error.turnError?.message}); trying again`);
    }
  }
}

export async function main(): Promise<{ burst: number; succeeded: number; retried: number; timedOut: number; invalidAttempts: number; answer: string | null }> {
  await using harness = await createOfflineHarness();
  // The default `maxInFlight` (32) queues requests in the client, so the server is never flooded.
  // Lifting it lets a burst reach the server at once, and shows what its overload looks like.
  await using codex = await Codex.start({ ...harness.codexOptions, maxInFlight: BURST, requestTimeoutMs: 3_000 });

  let retried = 0;
  let timedOut = 0;
  const pages = await Promise.all(
    Array.from({ length: BURST }, () =>
      retryOnOverload(
        async (attempt) => {
          if (attempt === 2) retried++;
          try {
            return await codex.threadList({ limit: 1 });
          } catch (error) {
            // A dropped reply times out. Listing threads changes nothing, so asking again is safe;
            // never resend a request that may have changed something (a turn/start) this way.
            if (!(error instanceof RequestTimeoutError)) throw error;
            timedOut++;
            return codex.threadList({ limit: 1 });
          }
        },
        { maxAttempts: 8, initialDelayMs: 50 },
      ),
    ),
  );
  console.log(`${pages.length} of ${BURST} answered; ${retried} retried after -32001, ${timedOut} asked again after a lost reply`);

  // Not an overload: thrown on the first attempt, since asking again would fail the same way.
  let invalidAttempts = 0;
  await retryOnOverload(() => {
    invalidAttempts++;
    return codex.request("thread/read", { threadId: "not-a-thread" });
  }).catch((error: unknown) => console.log(`not retried: ${error instanceof InvalidRequestError ? error.serverMessage : error}`));

  // A turn whose model request failed with 503 once, then succeeds.
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
  harness.mock.enqueue(reply.http(503), reply.text("Answered on the second try."));
  const result = await runWithRetry(thread, "Hello?");
  console.log(`turn: ${result.finalResponse}`);

  return { burst: BURST, succeeded: pages.length, retried, timedOut, invalidAttempts, answer: result.finalResponse };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
