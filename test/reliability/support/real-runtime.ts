import { afterAll, afterEach, beforeAll } from "vitest";
import { Codex, type CodexOptions, type ServerRequestHandlers } from "../../../src/index.js";
import { createOfflineHarness, type OfflineHarness, type OfflineHarnessOptions } from "../../../src/testing/index.js";
import { childrenNamed, freeze, isAlive } from "../../helpers/processes.js";
import { closeAfterEach } from "./hostile.js";
import { RecordingLogger } from "./recording-logger.js";

/** A command the mock model runs that needs approval even in the sandbox (it asks for escalation). */
export const ESCALATED_ECHO =
  '[[mock:exec {"cmd":"echo reliability","sandbox_permissions":"require_escalated","justification":"the suite asks"}]]';

/** What a test of the real runtime gets: the file's harness and a way to start clients on it. */
export interface RealRuntime {
  readonly harness: OfflineHarness;
  /** Starts a client on the harness and finds the pid of its runtime. Closed after the test. */
  start(options?: CodexOptions): Promise<{ codex: Codex; pid: number; logger: RecordingLogger }>;
  /** Starts a client on the harness for all tests of the file; closed after the file. */
  startForFile(options?: CodexOptions): Promise<{ codex: Codex; logger: RecordingLogger }>;
  /** Stops (SIGSTOP) a runtime; it is killed after the test if it is still there. */
  freeze(pid: number): void;
  /** Kills (SIGKILL) the runtimes stopped so far, so closing their clients does not wait out the stop. */
  killFrozen(): void;
}

/**
 * Creates one offline harness for the file (a real pinned runtime against the mock Responses API)
 * and closes it after the file, checking that nothing tried to reach the internet.
 */
export function useRealRuntime(options: OfflineHarnessOptions = {}): RealRuntime {
  const track = closeAfterEach();
  const frozen = new Set<number>();
  const fileClients: Codex[] = [];
  let harness: OfflineHarness | undefined;
  beforeAll(async () => {
    harness = await createOfflineHarness(options);
  });
  afterAll(async () => {
    await Promise.all(fileClients.splice(0).map((codex) => codex.close()));
    const mock = harness?.mock;
    await harness?.close();
    mock?.assertNoEgress();
  });
  // Registered after closeAfterEach, so it runs first: a stopped runtime is killed before its client closes.
  const killFrozen = () => {
    for (const pid of frozen) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    frozen.clear();
  };
  afterEach(killFrozen);
  return {
    get harness(): OfflineHarness {
      if (!harness) throw new Error("the harness starts in beforeAll");
      return harness;
    },
    async start(extra: CodexOptions = {}) {
      if (!harness) throw new Error("the harness starts in beforeAll");
      const logger = new RecordingLogger();
      const before = new Set(childrenNamed("codex"));
      const codex = track(await Codex.start({ ...harness.codexOptions, logger, ...extra }));
      const spawned = childrenNamed("codex").filter((pid) => !before.has(pid));
      if (spawned.length !== 1) throw new Error(`expected one new codex process, found ${spawned.length}`);
      return { codex, pid: spawned[0]!, logger };
    },
    async startForFile(extra: CodexOptions = {}) {
      if (!harness) throw new Error("the harness starts in beforeAll");
      const logger = new RecordingLogger();
      const codex = await Codex.start({ ...harness.codexOptions, logger, ...extra });
      fileClients.push(codex);
      return { codex, logger };
    },
    freeze(pid: number) {
      frozen.add(pid);
      freeze(pid);
    },
    killFrozen,
  };
}

/** Approval handlers that hold every command approval until the server or the test lets go. */
export function heldApprovals(): { handlers: ServerRequestHandlers; asked: Promise<AbortSignal> } {
  let resolveAsked!: (signal: AbortSignal) => void;
  const asked = new Promise<AbortSignal>((resolve) => (resolveAsked = resolve));
  const handlers: ServerRequestHandlers = {
    "item/commandExecution/requestApproval": (_params, context) => {
      resolveAsked(context.signal);
      return new Promise((resolve) => context.signal.addEventListener("abort", () => resolve({ decision: "decline" }), { once: true }));
    },
  };
  return { handlers, asked };
}
