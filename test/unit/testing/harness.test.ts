import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createOfflineHarness, mockProviderConfig, startMockResponses } from "../../../src/testing/index.js";

const parent = mkdtempSync(join(tmpdir(), "harness-test-"));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("createOfflineHarness", () => {
  it("creates an isolated home, tmp and workspace and points codexOptions at the mock", async () => {
    const harness = await createOfflineHarness({ parentDir: parent });
    try {
      expect(harness.root.startsWith(parent)).toBe(true);
      expect(harness.home).toBe(join(harness.root, "home"));
      expect(harness.tmpDir).toBe(join(harness.home, "tmp"));
      expect(harness.workspace).toBe(join(harness.root, "workspace"));
      for (const dir of [harness.home, harness.tmpDir, harness.workspace]) expect(statSync(dir).isDirectory()).toBe(true);
      expect(readdirSync(harness.workspace)).toEqual([]);

      const { codexOptions, mock } = harness;
      expect(codexOptions.cwd).toBe(harness.workspace);
      expect(codexOptions.args).toEqual(["--strict-config"]);
      expect(codexOptions.env).toMatchObject({
        CODEX_HOME: harness.home,
        HOME: harness.home,
        TMPDIR: harness.tmpDir,
        HTTP_PROXY: mock.origin,
        HTTPS_PROXY: mock.origin,
        ALL_PROXY: mock.origin,
        NO_PROXY: "127.0.0.1,localhost",
      });
      expect(codexOptions.env).toHaveProperty("OPENAI_API_KEY", undefined);
      expect(codexOptions.config).toEqual({
        model: "mock-model",
        model_provider: "mock",
        approval_policy: "never",
        sandbox_mode: "read-only",
        model_providers: {
          mock: {
            name: "Mock Responses provider",
            base_url: mock.url,
            wire_api: "responses",
            request_max_retries: 0,
            stream_max_retries: 0,
            supports_websockets: false,
          },
        },
        features: { plugins: false },
      });
      expect(harness.config).toBe(codexOptions.config);
    } finally {
      await harness.close();
    }
  });

  it("close() removes exactly its own directory, closes its mock, and is idempotent", async () => {
    const neighbour = join(parent, "neighbour.txt");
    writeFileSync(neighbour, "keep me");
    const harness = await createOfflineHarness({ parentDir: parent });
    writeFileSync(join(harness.tmpDir, "scratch"), "x");
    await Promise.all([harness.close(), harness.close()]);
    await harness.close();
    expect(existsSync(harness.root)).toBe(false);
    expect(existsSync(neighbour)).toBe(true);
    expect(readdirSync(parent)).toEqual(["neighbour.txt"]);
    expect(harness.mock.closed).toBe(true);
  });

  it("supports await using", async () => {
    let root = "";
    {
      await using harness = await createOfflineHarness({ parentDir: parent });
      root = harness.root;
      expect(existsSync(root)).toBe(true);
    }
    expect(existsSync(root)).toBe(false);
  });

  it("uses a given mock and leaves it open", async () => {
    await using mock = await startMockResponses();
    const harness = await createOfflineHarness({ mock, parentDir: parent });
    expect(harness.mock).toBe(mock);
    await harness.close();
    expect(mock.closed).toBe(false);
  });

  it("applies model, approval policy, sandbox, extra config and env, and can drop the trap and strict flag", async () => {
    await using harness = await createOfflineHarness({
      parentDir: parent,
      model: "gpt-5.5",
      approvalPolicy: "on-request",
      sandbox: "workspace-write",
      config: { model_providers: { mock: { stream_idle_timeout_ms: 2000 } }, features: { shell_tool: true } },
      env: { RUST_LOG: "warn", HOME: "/elsewhere" },
      egressTrap: false,
      strictConfig: false,
    });
    const { config, env, args } = harness.codexOptions;
    expect(config).toMatchObject({
      model: "gpt-5.5",
      approval_policy: "on-request",
      sandbox_mode: "workspace-write",
      model_providers: { mock: { base_url: harness.mock.url, stream_idle_timeout_ms: 2000, wire_api: "responses" } },
      features: { plugins: false, shell_tool: true },
    });
    expect(env).toMatchObject({ RUST_LOG: "warn", HOME: "/elsewhere", CODEX_HOME: harness.home });
    expect(env).not.toHaveProperty("HTTPS_PROXY");
    expect(args).toEqual([]);
  });

  it("mockProviderConfig builds the provider table for any mock url", () => {
    expect(mockProviderConfig({ url: "http://127.0.0.1:1/v1" })).toMatchObject({
      model_providers: { mock: { base_url: "http://127.0.0.1:1/v1" } },
    });
  });
});
