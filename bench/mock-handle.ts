import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { MockReady, MockReport } from "./mock-process.js";
import { mockProviderConfig } from "../src/testing/index.js";
import type { MockEndpoint } from "./offline-setup.js";

const MOCK_PROCESS = fileURLToPath(new URL("./mock-process.ts", import.meta.url));

/** The runner's handle on the mock model process (mock-process.ts). */
export class MockHandle {
  readonly endpoint: MockEndpoint;
  readonly #child: ChildProcess;

  private constructor(child: ChildProcess, ready: MockReady) {
    this.#child = child;
    // analytics.enabled=false keeps `codex exec` offline; the app-server gets it too so the configurations match.
    const config = mockProviderConfig(ready, { config: { analytics: { enabled: false } } });
    this.endpoint = { url: ready.url, proxyEnv: ready.proxyEnv, config };
  }

  /** Forks the mock process and waits until it listens. */
  static async start(): Promise<MockHandle> {
    const child = fork(MOCK_PROCESS, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
    const ready = await new Promise<MockReady>((resolve, reject) => {
      child.once("message", (message: MockReady) => resolve(message));
      child.once("exit", (code) => reject(new Error(`The mock model process exited (code ${code}) before listening.`)));
    });
    return new MockHandle(child, ready);
  }

  /** What the mock saw since the previous report (it forgets it after reporting). */
  report(): Promise<MockReport> {
    return new Promise((resolve) => {
      this.#child.once("message", (message: MockReport) => resolve(message));
      this.#child.send({ type: "report" });
    });
  }

  /** Stops the mock process. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.send({ type: "close" });
    await exited;
  }
}
