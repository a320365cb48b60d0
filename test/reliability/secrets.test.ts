import { describe, expect, it } from "vitest";
import { Codex } from "../../src/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { closeAfterEach, startHostile, waitForServerRequestAnswers } from "./support/hostile.js";
import { failureOf, promptRejection, settleWithin } from "./support/outcome.js";
import { useRealRuntime } from "./support/real-runtime.js";
import { RecordingLogger } from "./support/recording-logger.js";
import { RecordingTransport } from "./support/recording-transport.js";
import { scenario } from "./support/results.js";
import { PROMPT_MS } from "./support/scale.js";
import {
  TEST_ACCESS_TOKEN,
  TEST_ACCOUNT_ID,
  TEST_API_KEY,
  leakedSecrets,
  observedCount,
  render,
  secretsIn,
} from "./support/secrets.js";

// The API key and tokens the suite uses never reach a log line or an error message. Every file of
// the suite scans what it observed after its last test; this file drives the flows that carry them.

trapHostErrors();
const track = closeAfterEach();
const real = useRealRuntime({ config: { model_providers: { mock: { env_key: "RELIABILITY_PROVIDER_KEY" } } } });

/** Fails when anything observed so far carries a secret; returns how many lines and errors were scanned. */
function expectNoLeak(): number {
  expect(leakedSecrets()).toEqual([]);
  return observedCount();
}

describe("the scan itself", () => {
  it("finds a secret in a rendered error, its cause and its fields", () => {
    const error = Object.assign(new Error("outer", { cause: new Error(`inner ${TEST_API_KEY}`) }), { token: TEST_ACCESS_TOKEN });
    expect(secretsIn(render(error)).sort()).toEqual([TEST_ACCESS_TOKEN, TEST_API_KEY].sort());
    expect(secretsIn(render({ message: "nothing here" }))).toEqual([]);
  });
});

describe("secrets on the real runtime", () => {
  it("logging in with an API key and running a turn with a provider key logs neither", async () => {
    await scenario(
      {
        id: "secrets-real-runtime",
        group: "secrets",
        fault: "loginApiKey() and a provider API key in the environment, with every log level recorded and validation on.",
        promise: "No log line, error or recorded model request carries the key.",
      },
      async () => {
        const { codex, logger } = await real.start({ validate: "warn", env: { RELIABILITY_PROVIDER_KEY: TEST_API_KEY } });
        const updated = new Promise<unknown>((resolve) => codex.onNotification("account/updated", (n) => resolve(n.params)));
        await codex.loginApiKey(TEST_API_KEY);
        expect(await updated).toMatchObject({ authMode: "apikey" });
        const thread = await codex.threadStart({ ephemeral: true });
        await thread.run("Say something. [[mock:text fine]]");
        const request = real.harness.mock.lastRequest();
        expect(request).toBeDefined();
        expect(secretsIn(render(request))).toEqual([]);
        await codex.close();
        expect(logger.entries.length).toBeGreaterThan(0);
        return { scanned: expectNoLeak() };
      },
    );
  });
});

describe("secrets in failures", () => {
  it("a bad option next to a secret in env or config does not echo the secret", async () => {
    const env = await failureOf(() => new Codex({ transport: new RecordingTransport(), env: { OPENAI_API_KEY: TEST_API_KEY, BROKEN: 5 as never } }));
    expect(env).toBeInstanceOf(TypeError);
    const config = await failureOf(
      () => new Codex({ transport: new RecordingTransport(), config: { api_key: TEST_API_KEY, broken: (() => 1) as never } }),
    );
    expect(config).toBeInstanceOf(TypeError);
    expectNoLeak();
  });

  it("an API key login that the runtime fails, or dies on, does not echo the key", async () => {
    const failing = await startHostile(track, {
      mode: "malformed-reply",
      env: { HOSTILE_REPLY_SHAPE: "error-no-code", HOSTILE_REPLY_METHOD: "account/login/start" },
    });
    await promptRejection(failing.codex.loginApiKey(TEST_API_KEY), PROMPT_MS);
    const dying = await startHostile(track, { exitOn: "account/login/start" });
    await promptRejection(dying.codex.loginApiKey(TEST_API_KEY), PROMPT_MS);
    await dying.codex.close();
    await promptRejection(dying.codex.loginApiKey(TEST_API_KEY), PROMPT_MS);
    expectNoLeak();
  });

  it("tokens a handler returns for a token refresh are not logged, valid or not", async () => {
    for (const answer of [
      { accessToken: TEST_ACCESS_TOKEN, chatgptAccountId: TEST_ACCOUNT_ID, chatgptPlanType: null },
      { accessToken: TEST_ACCESS_TOKEN, chatgptAccountId: 42 },
    ]) {
      const logger = new RecordingLogger();
      const { codex } = await startHostile(
        track,
        { mode: "flood", env: { HOSTILE_FLOOD: "3", HOSTILE_FLOOD_METHOD: "account/chatgptAuthTokens/refresh" } },
        {
          logger,
          validate: "strict",
          serverRequests: { "account/chatgptAuthTokens/refresh": () => answer as never },
        },
      );
      expect((await waitForServerRequestAnswers(codex, 3, 10_000)).serverRequestAnswers).toBe(3);
      await settleWithin(codex.close(), 10_000);
    }
    expectNoLeak();
  });
});
