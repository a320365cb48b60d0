import { CodexStartError } from "../errors.js";

/** What to check for each reason app-server gives (as the 401 body) for refusing a WebSocket upgrade. */
const ADVICE: readonly [RegExp, string][] = [
  [/missing websocket bearer token/i, "The server requires a token: pass transport.token (it is sent as Authorization: Bearer)."],
  [
    /invalid websocket bearer token/i,
    "Check that transport.token is the server's capability token: the content of its --ws-token-file, or the token " +
      "whose SHA-256 is its --ws-token-sha256.",
  ],
  [
    /expired websocket jwt|not valid yet/i,
    "Issue a fresh token (a token function is called on every connection attempt), and check both clocks: the server " +
      "allows --ws-max-clock-skew-seconds of skew (default 30).",
  ],
  [/issuer mismatch/i, "Set the JWT's iss claim to the server's --ws-issuer."],
  [/audience mismatch/i, "Set the JWT's aud claim to the server's --ws-audience."],
  [
    /invalid websocket jwt/i,
    "Check the JWT: HS256 only, signed with the content of the server's --ws-shared-secret-file (trimmed), with a " +
      "numeric exp claim.",
  ],
  [/invalid authorization header/i, "Pass the token as transport.token rather than an Authorization header of your own."],
];

const GENERIC_AUTH_ADVICE =
  "Check transport.token against the server's --ws-auth setup (capability-token or signed-bearer-token), and any proxy in front of it.";

/** The most of an HTTP body that is quoted in an error. */
const SHOWN_BODY_CHARS = 300;

/**
 * The start error for an HTTP answer to the WebSocket upgrade other than 101: `"auth-failed"` for
 * 401 and 403, quoting the server's reason and saying what to check, else `"connect-failed"`.
 * `body` must already be free of secrets.
 */
export function upgradeRefusal(status: number, body: string, label: string): CodexStartError {
  const reason = body.trim().replace(/\s+/g, " ").slice(0, SHOWN_BODY_CHARS);
  const quoted = reason === "" ? "" : `: "${reason}"`;
  if (status === 401 || status === 403) {
    const advice = ADVICE.find(([pattern]) => pattern.test(reason))?.[1] ?? GENERIC_AUTH_ADVICE;
    return new CodexStartError(`The app-server at ${label} refused the connection with HTTP ${status}${quoted}. ${advice}`, {
      kind: "auth-failed",
    });
  }
  return new CodexStartError(
    `The server at ${label} answered the WebSocket upgrade with HTTP ${status}${quoted}, so it is not an app-server ` +
      "WebSocket endpoint, or a proxy in front of it refused the upgrade. Check the URL and the proxy's WebSocket settings.",
    { kind: "connect-failed" },
  );
}
