import { inspect } from "node:util";

/** The API key the suite logs in with; it must never appear in a log line or an error. */
export const TEST_API_KEY = "sk-reliability-4f1d2c9e7b3a4c6d8e0f1a2b3c4d5e6f";
/** The ChatGPT access token the suite hands to the server; same rule. */
export const TEST_ACCESS_TOKEN = "eyJhbGciOiJub25lIn0.reliability-access-token.7c1e5a";
/** The ChatGPT account id that goes with the token. */
export const TEST_ACCOUNT_ID = "acct-reliability-93b1d0";

const SECRETS = [TEST_API_KEY, TEST_ACCESS_TOKEN];

/** Everything the SDK said during this test file: log lines and errors, rendered lazily. */
const observed: { where: string; render: () => string }[] = [];

/** Renders a value the way a log sink or a crash report would: message, stack, causes, fields. */
export function render(value: unknown): string {
  return inspect(value, { depth: 8, maxArrayLength: 200, maxStringLength: 1_000_000, breakLength: Infinity });
}

/** Remembers a log line (message and details) for the secrets scan of this file. */
export function observeLog(level: string, message: string, details: unknown): void {
  observed.push({ where: `log ${level}: ${message.slice(0, 80)}`, render: () => `${message} ${render(details)}` });
}

/** Remembers an error the SDK raised (rejected with or threw) for the secrets scan of this file. */
export function observeError(error: unknown): void {
  const label = error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : String(error).slice(0, 80);
  observed.push({ where: `error ${label}`, render: () => render(error) });
}

/** The suite's secrets that `text` contains. */
export function secretsIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}

/** Where a secret appeared in what was observed so far (empty when nothing leaked). */
export function leakedSecrets(): string[] {
  const leaks: string[] = [];
  for (const entry of observed) {
    for (const secret of secretsIn(entry.render())) leaks.push(`${entry.where} (contains ${secret.slice(0, 12)}…)`);
  }
  return leaks;
}

/** How many log lines and errors the scan covers so far. */
export function observedCount(): number {
  return observed.length;
}
