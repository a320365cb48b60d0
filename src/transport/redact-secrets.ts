/** What replaces a secret in a traced message. */
export const REDACTED = "[redacted]";

/** Member names whose string values are credentials: `apiKey`, `accessToken`, `authorization`, … */
const SECRET_MEMBER = /api[-_]?key|token|secret|password|passphrase|authorization|cookie|credential|access[-_]?key|private[-_]?key/i;
/** Header names of `{ name, value }` pairs whose value is a credential. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key)$/i;

/** Credentials recognisable by their form wherever they appear, even inside prose or a command line. */
const SECRET_FORMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, `sk-${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

function redactText(text: string): string {
  let out = text;
  for (const [form, replacement] of SECRET_FORMS) out = out.replace(form, replacement);
  return out;
}

/**
 * A copy of a JSON value with its secrets replaced by `[redacted]`: string members named like a
 * credential (API keys, tokens, secrets, passwords, authorization, cookies), the `value` of a
 * `{ name: "Authorization", value }` header pair, and bearer tokens, `sk-` keys and JWTs in any
 * string. Numbers and booleans are kept (`totalTokens` is a count). The input is not changed.
 */
export function redactSecrets(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== "object" || value === null) return value;
  const record = value as Record<string, unknown>;
  const headerPair = typeof record.name === "string" && SECRET_HEADER.test(record.name);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) {
    const secret = typeof member === "string" && (SECRET_MEMBER.test(key) || (headerPair && key === "value"));
    out[key] = secret ? REDACTED : redactSecrets(member);
  }
  return out;
}
