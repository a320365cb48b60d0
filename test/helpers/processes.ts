import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of this test process's live children named `name` (e.g. the `codex` runtime). */
export function childrenNamed(name: string): number[] {
  try {
    const out = execFileSync("pgrep", ["-P", String(process.pid), "-x", name], { encoding: "utf8" });
    return out.split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/**
 * Stops a process with SIGSTOP and waits until every one of its threads has stopped: SIGSTOP takes
 * effect per thread as each next enters the kernel, so a busy process can still answer a request a
 * millisecond after the signal.
 */
export function freeze(pid: number, timeoutMs = 2_000): void {
  process.kill(pid, "SIGSTOP");
  const tasks = `/proc/${pid}/task`;
  const deadline = performance.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let states: string[] = [];
  while (performance.now() < deadline) {
    let names: string[];
    try {
      names = readdirSync(tasks);
    } catch {
      return; // not Linux, or the process is gone: nothing more to wait for
    }
    states = names.map((task) => `${task}:${threadState(`${tasks}/${task}/stat`)}`);
    if (states.every((entry) => /:[TtZX-]$/.test(entry))) return;
    Atomics.wait(pause, 0, 0, 1);
  }
  throw new Error(`process ${pid} did not stop within ${timeoutMs} ms of SIGSTOP (thread states: ${states.join(" ")})`);
}

/** The state letter of one thread (`R`, `S`, `D`, `T`…), or `-` once it has exited. */
function threadState(statPath: string): string {
  try {
    const stat = readFileSync(statPath, "utf8");
    // The state follows the command name in parentheses, which may itself contain spaces.
    return stat.charAt(stat.lastIndexOf(")") + 2);
  } catch {
    return "-";
  }
}
