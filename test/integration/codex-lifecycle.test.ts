import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Codex,
  CodexStartError,
  InvalidRequestError,
  ProcessExitError,
  TransportClosedError,
} from "../../src/index.js";
import { createOfflineHarness } from "../../src/testing/index.js";
import { useOfflineCodex } from "../helpers/offline-codex.js";
import { childrenNamed, isAlive } from "../helpers/processes.js";
import { NEWER_THAN_PINNED, OLDER_THAN_OLDEST, OLDEST, PINNED, VERSION_REPORTING_RUNTIME } from "../helpers/runtime-versions.js";

// The connection and lifecycle against the real pinned runtime, fully offline.

type Harness = Awaited<ReturnType<typeof createOfflineHarness>>;

const codexChildren = () => childrenNamed("codex");

describe("Codex against the real runtime", () => {
  const suite = useOfflineCodex();

  it("initializes and reports the pinned runtime version", () => {
    expect(suite.codex.runtimeVersion).toBe(PINNED);
    expect(suite.codex.metadata.userAgent).toContain(`/${PINNED}`);
    expect(suite.codex.metadata).toMatchObject({ runtimeVersion: PINNED, pinnedRuntimeVersion: PINNED });
    expect(suite.codex.metadata.platformFamily).toBe("unix");
  });

  it("answers model/list, thread/list and config/read", async () => {
    const models = await suite.codex.request("model/list", {});
    expect(models.data.length).toBeGreaterThan(0);
    expect(typeof models.data[0]!.id).toBe("string");

    const threads = await suite.codex.request("thread/list", { limit: 5 });
    expect(Array.isArray(threads.data)).toBe(true);

    const config = await suite.codex.request("config/read", {});
    expect(config.config.model_provider).toBe("mock");
  });

  it("reports an unknown method and bad params as InvalidRequestError", async () => {
    // The low-level escape hatch sends what it is given; the server answers both with -32600.
    const unknown = suite.codex.request("no/suchMethod" as "model/list", {});
    await expect(unknown).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(unknown).rejects.toMatchObject({ code: -32600 });

    const badParams = suite.codex.request("thread/start", { sandbox: "bogus-mode" as "read-only" });
    await expect(badParams).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(badParams).rejects.toThrow(/bogus-mode/);
  });
});

describe("Codex start failures", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createOfflineHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("rejects a codexBin that does not exist before spawning", async () => {
    const start = Codex.start({ ...harness.codexOptions, codexBin: "/nonexistent/codex" });
    await expect(start).rejects.toBeInstanceOf(CodexStartError);
    await expect(start).rejects.toMatchObject({ kind: "codex-bin-not-found" });
    await expect(start).rejects.toThrow(/\/nonexistent\/codex/);
  });

  it("reports a config the server rejects as exited-before-initialize with the stderr tail", async () => {
    const start = Codex.start({
      ...harness.codexOptions,
      config: { ...harness.codexOptions.config, approval_policy: "untrusted" },
    });
    const error = await start.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CodexStartError);
    expect(error).toMatchObject({ kind: "exited-before-initialize", exitCode: 1 });
    expect((error as CodexStartError).stderrTail).toMatch(/untrusted/);
    expect((error as Error).message).toMatch(/untrusted/);
  });

  it("refuses a runtime older than the oldest supported one", async () => {
    const before = new Set(childrenNamed("node"));
    const start = Codex.start({ codexBin: VERSION_REPORTING_RUNTIME, env: { ...harness.codexOptions.env, FAKE_RUNTIME_VERSION: OLDER_THAN_OLDEST } });
    await expect(start).rejects.toBeInstanceOf(CodexStartError);
    await expect(start).rejects.toMatchObject({ kind: "incompatible-runtime" });
    await expect(start).rejects.toThrow(`version ${OLDER_THAN_OLDEST}, older than ${OLDEST}`);
    // The refused stand-in is not left running.
    expect(childrenNamed("node").filter((pid) => !before.has(pid))).toEqual([]);
  });

  it("runs a runtime newer than the pin, with one warning naming both versions", async () => {
    const warnings: { message: string; details?: Record<string, unknown> }[] = [];
    const codex = await Codex.start({
      codexBin: VERSION_REPORTING_RUNTIME,
      env: { ...harness.codexOptions.env, FAKE_RUNTIME_VERSION: NEWER_THAN_PINNED },
      logger: { warn: (message, details) => warnings.push({ message, details }) },
    });
    try {
      expect(codex.runtimeVersion).toBe(NEWER_THAN_PINNED);
      expect(codex.metadata).toMatchObject({ runtimeVersion: NEWER_THAN_PINNED, pinnedRuntimeVersion: PINNED });
      expect(warnings).toEqual([
        {
          message: expect.stringContaining(`version ${NEWER_THAN_PINNED}, newer than ${PINNED}, the runtime this SDK pins`),
          details: { runtimeVersion: NEWER_THAN_PINNED, pinnedRuntimeVersion: PINNED },
        },
      ]);
    } finally {
      await codex.close();
    }
  });

  it("fails requireAuth when the provider needs an OpenAI login and no account is logged in", async () => {
    const openaiAuth = await createOfflineHarness({ config: { model_providers: { mock: { requires_openai_auth: true } } } });
    try {
      const start = Codex.start({ ...openaiAuth.codexOptions, requireAuth: true });
      await expect(start).rejects.toBeInstanceOf(CodexStartError);
      await expect(start).rejects.toMatchObject({ kind: "auth-required" });
      await expect(start).rejects.toThrow(/login/i);
    } finally {
      await openaiAuth.close();
    }
  });

  it("passes requireAuth with a provider that needs no OpenAI login, as account/read says", async () => {
    const codex = await Codex.start({ ...harness.codexOptions, requireAuth: true });
    try {
      await expect(codex.account()).resolves.toMatchObject({ account: null, requiresOpenaiAuth: false });
    } finally {
      await codex.close();
    }
  });

  it("surfaces the same start errors lazily, on the first awaited call", async () => {
    const codex = new Codex({ ...harness.codexOptions, codexBin: "/nonexistent/codex" });
    await expect(codex.models()).rejects.toMatchObject({ kind: "codex-bin-not-found" });
    await codex.close();
  });
});

describe("Codex process lifecycle", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await createOfflineHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("starts once for concurrent first calls on a lazy client", async () => {
    const before = codexChildren().length;
    const codex = new Codex(harness.codexOptions);
    try {
      const [models, threads] = await Promise.all([codex.models(), codex.threadList({ limit: 1 }), codex.ready()]);
      expect(models.data.length).toBeGreaterThan(0);
      expect(Array.isArray(threads.data)).toBe(true);
      expect(codexChildren().length).toBe(before + 1);
    } finally {
      await codex.close();
    }
  });

  it("rejects a pending request with ProcessExitError within a second of SIGKILL", async () => {
    const before = new Set(codexChildren());
    const codex = await Codex.start(harness.codexOptions);
    const [pid] = codexChildren().filter((p) => !before.has(p));
    expect(pid).toBeDefined();
    const pending = codex.request("thread/start", { ephemeral: true, cwd: harness.workspace });
    const settled = pending.then(
      () => "resolved",
      (error: unknown) => error,
    );
    const killedAt = performance.now();
    process.kill(pid!, "SIGKILL");
    const error = await settled;
    const elapsed = performance.now() - killedAt;
    expect(error).toBeInstanceOf(ProcessExitError);
    expect(error).toMatchObject({ signal: "SIGKILL" });
    expect(elapsed).toBeLessThan(1_000);
    // Later calls fail at once with the same kind of error.
    await expect(codex.models()).rejects.toBeInstanceOf(TransportClosedError);
    await codex.close();
  });

  it("close() interrupts a running turn, which ends as interrupted", async () => {
    const codex = await Codex.start(harness.codexOptions);
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const handle = await thread.turn("Keep talking. [[mock:stall 3]]");
    const events: string[] = [];
    const reading = (async () => {
      for await (const n of handle.stream()) events.push(n.method);
    })();
    await harness.mock.waitForRequest((request) => request.lastUserText?.includes("[[mock:stall 3]]") === true);
    await codex.close();
    await reading;
    const turn = await handle.run();
    expect(turn.status).toBe("interrupted");
    expect(events.at(-1)).toBe("turn/completed");
  });

  it("rejects a running turn's stream() and run() with ProcessExitError when the server dies", async () => {
    const before = new Set(codexChildren());
    const codex = await Codex.start(harness.codexOptions);
    const [pid] = codexChildren().filter((p) => !before.has(p));
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const handle = await thread.turn("Keep talking. [[mock:stall 2]]");
    const reading = (async () => {
      for await (const _ of handle.stream()) {
        // drain
      }
    })();
    await harness.mock.waitForRequest((request) => request.lastUserText?.includes("[[mock:stall 2]]") === true);
    process.kill(pid!, "SIGKILL");
    await expect(reading).rejects.toBeInstanceOf(ProcessExitError);
    await expect(handle.run()).rejects.toBeInstanceOf(ProcessExitError);
    await expect(thread.run("again")).rejects.toBeInstanceOf(TransportClosedError);
    await codex.close();
  });

  it("leaves no child process after close()", async () => {
    const before = new Set(codexChildren());
    const codex = await Codex.start(harness.codexOptions);
    const spawned = codexChildren().filter((p) => !before.has(p));
    expect(spawned).toHaveLength(1);
    await codex.close();
    expect(isAlive(spawned[0]!)).toBe(false);
    expect(codexChildren().filter((p) => !before.has(p))).toEqual([]);
    await expect(codex.models()).rejects.toBeInstanceOf(TransportClosedError);
  });
});
