import { describe, expect, it } from "vitest";
import { Codex, type CodexOptions } from "../../../src/index.js";
import { isLoopbackHost } from "../../../src/transport/websocket-url.js";

// The remote transport options are checked when the client is constructed, before anything connects.

const SECRET_TOKEN = "s3cr3t-token-value";

function constructionError(options: CodexOptions): Error {
  try {
    new Codex(options);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the constructor to throw");
}

describe("remote transport options", () => {
  it("accepts each kind with its own fields", () => {
    const accepted: CodexOptions[] = [
      { transport: { kind: "websocket", url: "ws://127.0.0.1:4500", token: SECRET_TOKEN, connectTimeoutMs: 500 } },
      { transport: { kind: "websocket", url: "ws://localhost:4500/", token: () => SECRET_TOKEN, headers: { "X-Trace": "1" } } },
      { transport: { kind: "websocket", url: "ws://[::1]:4500", keepaliveIntervalMs: Infinity, keepaliveTimeoutMs: 100 } },
      { transport: { kind: "websocket", url: "wss://codex.example.com/app-server", token: async () => SECRET_TOKEN } },
      { transport: { kind: "websocket", url: "ws://10.0.0.7:4500", allowInsecure: true } },
      { transport: { kind: "unix", path: "/tmp/app.sock" }, maxMessageBytes: 1024 },
      { transport: { kind: "daemon" } },
      { transport: { kind: "daemon", start: true, codexBin: "/usr/local/bin/codex" }, env: { CODEX_HOME: "/srv/codex" }, cwd: "/srv" },
    ];
    for (const options of accepted) expect(() => new Codex(options)).not.toThrow();
  });

  it("refuses plain ws:// to a host that is not loopback unless allowInsecure is set", () => {
    const error = constructionError({ transport: { kind: "websocket", url: "ws://10.0.0.7:4500", token: SECRET_TOKEN } });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain("ws://10.0.0.7:4500/");
    expect(error.message).toMatch(/wss:\/\/.*allowInsecure: true/s);
    expect(error.message).not.toContain(SECRET_TOKEN);
  });

  it("rejects unknown fields, missing required fields and bad values, naming the field", () => {
    const cases: [CodexOptions, RegExp][] = [
      [{ transport: { kind: "websocket", url: "ws://127.0.0.1:1", tokn: "x" } as never }, /transport" got an unknown option "tokn"/],
      [{ transport: { kind: "unix", path: "/tmp/a.sock", url: "ws://x" } as never }, /unknown option "url"/],
      [{ transport: { kind: "daemon", path: "/tmp/a.sock" } as never }, /unknown option "path"/],
      [{ transport: { kind: "stdio", url: "ws://x" } as never }, /unknown option "url"/],
      [{ transport: { kind: "websocket" } as never }, /of kind "websocket" needs "url"/],
      [{ transport: { kind: "unix" } as never }, /of kind "unix" needs "path"/],
      [{ transport: { kind: "websocket", url: "http://127.0.0.1:1" } }, /ws:\/\/ or wss:\/\/, got http:/],
      [{ transport: { kind: "websocket", url: "not a url" } }, /is not a URL/],
      [{ transport: { kind: "websocket", url: "ws://user:pw@127.0.0.1:1" } }, /must not carry credentials/],
      [{ transport: { kind: "websocket", url: "ws://127.0.0.1:1", connectTimeoutMs: 0 } }, /connectTimeoutMs" must be a positive/],
      [{ transport: { kind: "websocket", url: "ws://127.0.0.1:1", headers: { "Bad Name": "x" } } }, /header name that HTTP does not allow/],
      [{ transport: { kind: "daemon", start: "yes" } as never }, /transport" option "start" must be a boolean/],
      [{ transport: { kind: "pigeon" } as never }, /of kind "pigeon"/],
    ];
    for (const [options, message] of cases) {
      const error = constructionError(options);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
    }
  });

  it("never quotes a token or a header value in its errors", () => {
    const errors = [
      constructionError({ transport: { kind: "websocket", url: "ws://127.0.0.1:1", token: `${SECRET_TOKEN} with space` } }),
      constructionError({ transport: { kind: "websocket", url: "ws://127.0.0.1:1", token: "" } }),
      constructionError({ transport: { kind: "websocket", url: "ws://127.0.0.1:1", headers: { "X-Key": `${SECRET_TOKEN}\r\n` } } }),
      constructionError({
        transport: { kind: "websocket", url: "ws://127.0.0.1:1", token: SECRET_TOKEN, headers: { authorization: `Bearer ${SECRET_TOKEN}` } },
      }),
    ];
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringContaining("got a string with spaces or control characters"),
      expect.stringContaining("got an empty string"),
      expect.stringContaining("must be a string without line breaks, got one with a line break"),
      expect.stringContaining("both a token and an Authorization header"),
    ]);
    for (const error of errors) expect(error.message).not.toContain(SECRET_TOKEN);
  });

  it("rejects options of a spawned runtime that a remote transport would ignore", () => {
    expect(constructionError({ transport: { kind: "websocket", url: "ws://127.0.0.1:1" }, config: { model: "x" } }).message).toMatch(
      /"config" applies to a runtime the client spawns, not to a \{ kind: "websocket" \} transport/,
    );
    expect(constructionError({ transport: { kind: "unix", path: "/tmp/a.sock" }, env: {} }).message).toMatch(/"env" applies/);
    expect(constructionError({ transport: { kind: "daemon" }, args: ["--strict-config"] }).message).toMatch(/reads config.toml/);
    expect(constructionError({ transport: { kind: "daemon" }, codexBin: "/bin/codex" }).message).toMatch(/transport's own codexBin/);
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback names and addresses from the rest", () => {
    for (const host of ["localhost", "app.localhost", "127.0.0.1", "127.8.9.10", "[::1]", "::1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]"]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: true });
    }
    for (const host of ["10.0.0.1", "0.0.0.0", "example.com", "localhost.example.com", "[::]", "128.0.0.1", "[2001:db8::1]", "127.0.0.300", "127.example.com"]) {
      expect({ host, loopback: isLoopbackHost(host) }).toEqual({ host, loopback: false });
    }
  });
});
