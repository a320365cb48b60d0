import { CodexStartError } from "../errors.js";
import { startTimer } from "../internal/timers.js";
import { errorMessage } from "../internal/values.js";
import type { TokenSource } from "./remote-options.js";

/**
 * What is wrong with a token value, or `undefined` when it can be sent as `Authorization: Bearer`.
 * The answer never quotes the value: it is a secret.
 */
export function tokenProblem(token: unknown): string | undefined {
  if (typeof token !== "string") return `a ${token === null ? "null" : typeof token}, not a string`;
  if (token.length === 0) return "an empty string";
  // A header value cannot carry control characters, and the server trims spaces from its own copy.
  if (/[\s\u0000-\u001f\u007f]/.test(token)) return "a string with spaces or control characters";
  return undefined;
}

/**
 * The token to send on one connection attempt: the string itself, or what the function returns,
 * within `timeoutMs`. Fails with `CodexStartError` kind `"auth-failed"`; messages never include
 * the token.
 */
export async function resolveToken(source: TokenSource, timeoutMs: number, label: string): Promise<string> {
  if (typeof source === "string") return source;
  let value: unknown;
  let timer = { cancel() {} };
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = startTimer(timeoutMs, () =>
        reject(
          new CodexStartError(
            `The token function of the transport to ${label} did not return within ${timeoutMs} ms (connectTimeoutMs). ` +
              "Make it return faster (cache the token), or raise connectTimeoutMs.",
            { kind: "auth-failed" },
          ),
        ),
      );
    });
    value = await Promise.race([Promise.resolve().then(source), timeout]);
  } catch (error) {
    if (error instanceof CodexStartError) throw error;
    throw new CodexStartError(
      `The token function of the transport to ${label} failed: ${errorMessage(error)}. Fix the token function and start a new client.`,
      { kind: "auth-failed", cause: error },
    );
  } finally {
    timer.cancel();
  }
  const problem = tokenProblem(value);
  if (problem !== undefined) {
    throw new CodexStartError(
      `The token function of the transport to ${label} returned ${problem}; it must return the bearer token as a non-empty ` +
        "string without spaces.",
      { kind: "auth-failed" },
    );
  }
  return value as string;
}
