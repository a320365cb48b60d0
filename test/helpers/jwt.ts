import { createHmac } from "node:crypto";

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** Signs `claims` as an HS256 JWT with `secret`, as `--ws-auth signed-bearer-token` expects. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const signingInput = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac("sha256", secret).update(signingInput).digest("base64url")}`;
}
