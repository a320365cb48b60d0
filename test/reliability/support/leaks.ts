import { getEventListeners } from "node:events";
import { childrenNamed } from "../../helpers/processes.js";

/** Child processes of the test process that can be a runtime: the real `codex` or a Node stand-in. */
export function runtimeChildren(): number[] {
  return [...childrenNamed("codex"), ...childrenNamed("node")];
}

/** Active timers keeping the event loop alive. */
export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}

/** Abort listeners still registered on `signal`. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, "abort").length;
}

/** A snapshot of what a scenario may leave behind; `leakedSince` compares a later state with it. */
export function leakSnapshot(): { children: Set<number>; timers: number } {
  return { children: new Set(runtimeChildren()), timers: activeTimers() };
}

/** Children started since `before` that are still alive, and timers added since then. */
export function leakedSince(before: { children: Set<number>; timers: number }): { children: number[]; timers: number } {
  return {
    children: runtimeChildren().filter((pid) => !before.children.has(pid)),
    timers: Math.max(0, activeTimers() - before.timers),
  };
}
