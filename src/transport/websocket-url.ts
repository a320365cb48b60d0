/** A dotted-quad IPv4 address (as `new URL()` writes one), its four octets captured. */
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * True for a host name that stays on this machine: `localhost` (and `*.localhost`), `127.0.0.0/8`,
 * `::1` and IPv4-mapped loopback addresses. (Parsed by hand rather than with `node:net`'s `isIP`,
 * so that importing the SDK does not load `net`.)
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const ipv4 = IPV4.exec(host);
  if (ipv4 !== null) return ipv4.slice(1).every((octet) => Number(octet) <= 255) && ipv4[1] === "127";
  // A host name has no colon: this is an IPv6 address.
  if (host.includes(":")) return host === "::1" || /^::ffff:127\./.test(host) || /^::ffff:7f[0-9a-f]{2}:/.test(host);
  return false;
}

/** The URL as logs and errors show it: scheme, host, port and path, never user info or the query. */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Parses and checks the `url` of a WebSocket transport; throws a `TypeError` naming `where`. The
 * URL must be `ws://` or `wss://` and carry no credentials; `ws://` must name a loopback host
 * unless `allowInsecure` is set. Messages never repeat more of the URL than {@link displayUrl} does.
 */
export function checkWebSocketUrl(url: string, allowInsecure: boolean, where: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`${where} must be a ws:// or wss:// URL such as "ws://127.0.0.1:4500", got a string that is not a URL.`);
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    throw new TypeError(`${where} must use ws:// or wss://, got ${parsed.protocol}//. For a unix socket use { kind: "unix", path }.`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new TypeError(`${where} must not carry credentials; pass the token as transport.token, which is sent as a bearer header.`);
  }
  if (parsed.protocol === "ws:" && !allowInsecure && !isLoopbackHost(parsed.hostname)) {
    throw new TypeError(
      `${where} is ${displayUrl(parsed)}: plain ws:// to a host that is not loopback sends the token and every message ` +
        "unencrypted. Use wss:// (e.g. TLS terminated by a reverse proxy in front of the server), or pass allowInsecure: true " +
        "if the network is trusted.",
    );
  }
  return parsed;
}
