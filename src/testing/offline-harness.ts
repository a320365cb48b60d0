import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CodexOptions } from "../client/options.js";
import { isTable, type ConfigOverrides } from "../transport/config-flags.js";
import { checkOfflineHarnessArguments, checkProviderConfigArguments } from "./argument-checks.js";
import { startMockResponses, type MockResponses, type MockResponsesOptions } from "./mock-responses.js";

/**
 * The approval policies a harness can write into the server configuration. `"untrusted"` is left out on
 * purpose: the runtime refuses to start with it in the configuration. Pass it per thread
 * (`thread/start {approvalPolicy: "untrusted"}`) instead.
 */
export type HarnessApprovalPolicy = "never" | "on-request" | "on-failure";

/** The sandbox modes of the server configuration. */
export type HarnessSandboxMode = "read-only" | "workspace-write" | "danger-full-access";

/** Options of {@link createOfflineHarness}. */
export interface OfflineHarnessOptions {
  /** A running mock to use; the harness then leaves it open on `close()`. Default: start a new one. */
  mock?: MockResponses;
  /** Options of the mock the harness starts (ignored with `mock`). */
  mockOptions?: MockResponsesOptions;
  /** The model id. Default `"mock-model"` (a bundled slug such as `"gpt-5.5"` gives the production tool set). */
  model?: string;
  /** The server's default approval policy. Default `"never"`. */
  approvalPolicy?: HarnessApprovalPolicy;
  /** The server's default sandbox mode. Default `"read-only"`. */
  sandbox?: HarnessSandboxMode;
  /** Extra configuration, merged (objects deeply) over the harness's own. */
  config?: ConfigOverrides;
  /** Extra environment variables, merged over the harness's own (`undefined` removes a variable). */
  env?: Record<string, string | undefined>;
  /** Route the server's outbound HTTP(S) through the mock's egress trap. Default `true`. */
  egressTrap?: boolean;
  /** Pass `--strict-config`, so unknown configuration keys stop the server. Default `true`. */
  strictConfig?: boolean;
  /** The directory to create the harness directory in. Default the system temp directory. */
  parentDir?: string;
}

/** An isolated, offline setup for a real app-server. */
export interface OfflineHarness {
  /**
   * Options for `Codex.start()`/`new Codex()`: the environment (`CODEX_HOME`, `HOME`, `TMPDIR`, the
   * egress trap), the mock provider configuration, `--strict-config` and the workspace as `cwd`.
   * Spread it and add your own: `Codex.start({ ...harness.codexOptions, serverRequests })`.
   */
  readonly codexOptions: CodexOptions;
  /** The mock Responses API the server talks to. */
  readonly mock: MockResponses;
  /** The harness directory; `close()` removes it with everything below. */
  readonly root: string;
  /** `CODEX_HOME` and `HOME` of the server. */
  readonly home: string;
  /** `TMPDIR` of the server, inside `home`. */
  readonly tmpDir: string;
  /** An empty working directory: the server's `cwd`; pass it as the `cwd` of threads. */
  readonly workspace: string;
  /** The configuration in `codexOptions.config`. */
  readonly config: ConfigOverrides;
  /** Closes the mock if the harness started it and removes the harness directory. Idempotent. */
  close(): Promise<void>;
  /** Same as {@link close}. */
  [Symbol.asyncDispose](): Promise<void>;
}

type ConfigRecord = { [key: string]: unknown };

function mergeConfig(base: ConfigRecord, extra: ConfigRecord): ConfigRecord {
  const out: ConfigRecord = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = isTable(current) && isTable(value) ? mergeConfig(current, value) : value;
  }
  return out;
}

/** The configuration that points a server at `mock` (reference recipe §2). */
export function mockProviderConfig(
  mock: Pick<MockResponses, "url">,
  options: Pick<OfflineHarnessOptions, "model" | "approvalPolicy" | "sandbox" | "config"> = {},
): ConfigOverrides {
  checkProviderConfigArguments(mock, options);
  const base: ConfigRecord = {
    model: options.model ?? "mock-model",
    model_provider: "mock",
    approval_policy: options.approvalPolicy ?? "never",
    sandbox_mode: options.sandbox ?? "read-only",
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
  };
  return mergeConfig(base, (options.config ?? {}) as ConfigRecord) as ConfigOverrides;
}

/**
 * Starts a mock Responses API (or uses `options.mock`) and creates an isolated directory with a
 * `CODEX_HOME` (also `HOME`, with `TMPDIR` inside it) and an empty workspace, so a real app-server
 * runs offline against the mock. `close()` removes exactly that directory; it leaves shared runtime
 * directories (such as `codex-daemon-<uid>` in the system temp directory) alone.
 *
 * @example
 * ```ts
 * await using harness = await createOfflineHarness();
 * await using codex = await Codex.start(harness.codexOptions);
 * ```
 */
export async function createOfflineHarness(options: OfflineHarnessOptions = {}): Promise<OfflineHarness> {
  checkOfflineHarnessArguments(options);
  const root = await realpath(await mkdtemp(join(options.parentDir ?? tmpdir(), "codex-offline-")));
  const ownsMock = options.mock === undefined;
  let mock: MockResponses | undefined = options.mock;
  try {
    const home = join(root, "home");
    const tmpDir = join(home, "tmp");
    const workspace = join(root, "workspace");
    await mkdir(tmpDir, { recursive: true });
    await mkdir(workspace, { recursive: true });
    mock ??= await startMockResponses(options.mockOptions);
    const config = mockProviderConfig(mock, options);
    const env: Record<string, string | undefined> = {
      CODEX_HOME: home,
      HOME: home,
      TMPDIR: tmpDir,
      OPENAI_API_KEY: undefined,
      CODEX_API_KEY: undefined,
      ...(options.egressTrap === false ? {} : mock.proxyEnv()),
      ...options.env,
    };
    const codexOptions: CodexOptions = {
      env,
      config,
      args: options.strictConfig === false ? [] : ["--strict-config"],
      cwd: workspace,
    };
    const harnessMock = mock;
    let closing: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closing ??= (async () => {
        if (ownsMock) await harnessMock.close();
        await rm(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      })());
    return { codexOptions, mock, root, home, tmpDir, workspace, config, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    if (ownsMock && mock !== undefined) await mock.close();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
