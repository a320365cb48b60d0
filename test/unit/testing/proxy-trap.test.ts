import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMockResponses, type MockResponses } from "../../../src/testing/index.js";

let mock: MockResponses;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

function connect(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: mock.port, method: "CONNECT", path: target, headers: { "proxy-authorization": "Basic c2VjcmV0" } });
    req.on("connect", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

function absoluteGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: mock.port, method: "GET", path: url, headers: { host: new URL(url).host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("egress trap", () => {
  it("exposes proxy variables that exempt loopback", () => {
    expect(mock.proxyEnv()).toMatchObject({
      HTTP_PROXY: mock.origin,
      HTTPS_PROXY: mock.origin,
      ALL_PROXY: mock.origin,
      NO_PROXY: "127.0.0.1,localhost",
    });
  });

  it("refuses and records a CONNECT tunnel", async () => {
    expect(await connect("github.com:443")).toBe(403);
    expect(mock.proxyAttempts).toHaveLength(1);
    expect(mock.proxyAttempts[0]).toMatchObject({ method: "CONNECT", target: "github.com:443" });
    expect(mock.proxyAttempts[0].headers["proxy-authorization"]).toBe("Basic [redacted]");
  });

  it("refuses and records an absolute-URI request", async () => {
    const res = await absoluteGet("http://api.github.com/repos/openai/plugins");
    expect(res.status).toBe(403);
    expect(res.body).toContain("egress trap");
    expect(mock.proxyAttempts).toEqual([
      expect.objectContaining({ method: "GET", target: "http://api.github.com/repos/openai/plugins" }),
    ]);
    expect(mock.requests).toHaveLength(0);
  });

  it("assertNoEgress throws with the attempts listed, and passes when there are none", async () => {
    expect(() => mock.assertNoEgress()).not.toThrow();
    await connect("chatgpt.com:443");
    expect(() => mock.assertNoEgress()).toThrow(/1 outbound connection attempt\(s\).*CONNECT chatgpt\.com:443/);
  });
});
