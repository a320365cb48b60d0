import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "../../../src/transport/redact-secrets.js";

describe("redactSecrets", () => {
  it("redacts the API key of an API-key login", () => {
    const login = { id: 3, method: "account/login/start", params: { type: "apiKey", apiKey: "sk-proj-abcdefghijklmnop" } };
    expect(redactSecrets(login)).toEqual({ id: 3, method: "account/login/start", params: { type: "apiKey", apiKey: REDACTED } });
    expect(login.params.apiKey).toBe("sk-proj-abcdefghijklmnop");
  });

  it("redacts tokens and keys by member name, deep in objects and arrays", () => {
    const message = {
      params: {
        type: "chatgptAuthTokens",
        accessToken: "eyJhbGciOi.payload-part.signature",
        idToken: "opaque-id-token",
        refresh_token: "r1",
        credentials: [{ secretAccessKey: "AKIA/secret", sessionToken: "s" }],
        authBearerToken: "executor-token",
        password: "hunter2",
      },
    };
    expect(redactSecrets(message)).toEqual({
      params: {
        type: "chatgptAuthTokens",
        accessToken: REDACTED,
        idToken: REDACTED,
        refresh_token: REDACTED,
        credentials: [{ secretAccessKey: REDACTED, sessionToken: REDACTED }],
        authBearerToken: REDACTED,
        password: REDACTED,
      },
    });
  });

  it("redacts authorization headers, as members and as name/value pairs, keeping the other headers", () => {
    const message = {
      headers: { Authorization: "Bearer abc.def.ghi", "Content-Type": "application/json" },
      requestHeaders: [
        { name: "authorization", value: "Basic dXNlcjpwYXNz" },
        { name: "X-Api-Key", value: "k-123" },
        { name: "Accept", value: "text/plain" },
      ],
    };
    expect(redactSecrets(message)).toEqual({
      headers: { Authorization: REDACTED, "Content-Type": "application/json" },
      requestHeaders: [
        { name: "authorization", value: REDACTED },
        { name: "X-Api-Key", value: REDACTED },
        { name: "Accept", value: "text/plain" },
      ],
    });
  });

  it("redacts bearer tokens, sk- keys and JWTs wherever they appear in text", () => {
    const text = "curl -H 'Authorization: Bearer abcdef123456' with OPENAI_API_KEY=sk-live-0123456789 and eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJl";
    expect(redactSecrets({ command: text })).toEqual({
      command: `curl -H 'Authorization: Bearer ${REDACTED}' with OPENAI_API_KEY=sk-${REDACTED} and ${REDACTED}`,
    });
  });

  it("keeps counts and flags whose names mention tokens, and everything that is no secret", () => {
    const usage = { totalTokens: 120, tokenBudget: null, refreshToken: false, text: "token usage is fine", model: "gpt-5", ok: true };
    expect(redactSecrets(usage)).toEqual(usage);
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets([1, "two"])).toEqual([1, "two"]);
  });
});
