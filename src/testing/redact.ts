import type { IncomingHttpHeaders } from "node:http";

/** What replaces a credential in recorded headers. */
export const REDACTED = "[redacted]";

const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|account-id/i;

/**
 * Flattens request headers to strings and replaces credentials (authorization, cookies, API keys,
 * tokens, secrets) with `[redacted]`. An authorization header keeps its scheme: `Bearer [redacted]`.
 */
export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    if (!CREDENTIAL_HEADER.test(name)) {
      out[name] = value;
      continue;
    }
    const scheme = /^(authorization|proxy-authorization)$/i.test(name) ? /^(\S+)\s+\S/.exec(value)?.[1] : undefined;
    out[name] = scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
  }
  return out;
}
