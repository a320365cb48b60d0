import { execFileSync } from "node:child_process";

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
