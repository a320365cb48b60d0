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
 * Stops a process with SIGSTOP and waits until every one of its threads has stopped (state `T` in
 * `/proc`), so nothing sent after it returns can still be answered.
 */
export async function freeze(pid: number): Promise<void> {
  process.kill(pid, "SIGSTOP");
  for (let attempt = 0; attempt < 500; attempt++) {
    const states = readdirSync(`/proc/${pid}/task`).map((task) => {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
      return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    });
    if (states.every((state) => state === "T" || state === "t")) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`process ${pid} did not stop within a second of SIGSTOP`);
}
