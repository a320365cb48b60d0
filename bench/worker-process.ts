import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MockEndpoint } from "./offline-setup.js";
import type { RunSamples, Scenario } from "./scenario.js";
import type { WorkerCommand, WorkerReply } from "./worker.js";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const EXIT_GRACE_MS = 10_000;

/** The runner's handle on one worker process (worker.ts) of a scenario. */
export class WorkerProcess {
  readonly #child: ChildProcess;
  readonly #scenario: Scenario;
  readonly #exited: Promise<void>;
  readonly #ready: Promise<void>;

  private constructor(scenario: Scenario, mock: MockEndpoint, profiling: boolean) {
    this.#scenario = scenario;
    this.#child = fork(WORKER, [], {
      // Source maps let a profile name TypeScript lines; they are left off when measuring.
      execArgv: ["--import", "tsx", ...(profiling ? ["--enable-source-maps"] : []), ...(scenario.execArgv ?? [])],
      env: { ...process.env, BENCH_SCENARIO: scenario.id, BENCH_MOCK: JSON.stringify(mock) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.#exited = new Promise((resolve) => this.#child.once("exit", () => resolve()));
    this.#ready = new Promise((resolve, reject) => {
      this.#child.once("message", () => resolve());
      this.#child.once("exit", (code) => reject(new Error(`The worker of ${scenario.id} exited (code ${code}) while loading.`)));
    });
    this.#ready.catch(() => undefined); // Reported by run().
  }

  /** Forks a worker for `scenario` (`profiling`: one that will write CPU profiles). */
  static spawn(scenario: Scenario, mock: MockEndpoint, profiling = false): WorkerProcess {
    return new WorkerProcess(scenario, mock, profiling);
  }

  /** Runs `runner` once; rejects with the worker's error, or kills it after the scenario's run timeout. */
  async run(runner: string, options: { warmup?: boolean; profilePath?: string } = {}): Promise<RunSamples> {
    await this.#ready;
    const command: WorkerCommand = { type: "run", runner, warmup: options.warmup ?? false, profilePath: options.profilePath };
    const what = `${this.#scenario.id}/${runner}${command.warmup ? " (warm-up)" : ""}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        this.#child.kill("SIGKILL");
        reject(new Error(`${what} took longer than ${this.#scenario.runTimeoutMs} ms; its worker was killed.`));
      }, this.#scenario.runTimeoutMs);
      const onMessage = (reply: WorkerReply) => {
        cleanup();
        if (reply.type === "result") resolve(reply.samples);
        else if (reply.type === "error") reject(new Error(`${what} failed in its worker: ${reply.message}`));
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        reject(new Error(`The worker of ${what} exited (code ${code}, signal ${signal}) before answering.`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.#child.off("message", onMessage);
        this.#child.off("exit", onExit);
      };
      this.#child.on("message", onMessage);
      this.#child.once("exit", onExit);
      this.#child.send(command);
    });
  }

  /** Asks the worker to clean up and exit; kills it if it has not within a few seconds. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    if (this.#child.connected) this.#child.send({ type: "exit" } satisfies WorkerCommand);
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), EXIT_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
  }
}
