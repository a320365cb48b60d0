import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { Codex, type CodexOptions } from "../../../src/index.js";
import { RecordingLogger } from "./recording-logger.js";

/** The executable stand-in runtime (see the header of hostile-runtime.mjs for its modes). */
export const HOSTILE_RUNTIME = fileURLToPath(new URL("../hostile-runtime.mjs", import.meta.url));

/** How the stand-in misbehaves. */
export interface HostileScript {
  mode?:
    | "healthy"
    | "garbage"
    | "duplicate-replies"
    | "unknown-id-replies"
    | "malformed-reply"
    | "initialize-result"
    | "mute"
    | "frozen"
    | "close-stdout"
    | "huge-line"
    | "huge-reply"
    | "flood";
  /** Exit when this stage is reached: `spawn`, `initialize`, `initialized` or a client method. */
  exitOn?: string;
  /** Client methods that never get a reply. */
  neverAnswer?: readonly string[];
  /** Delay before every reply, in ms. */
  delayMs?: number;
  /** More `HOSTILE_*` variables. */
  env?: Record<string, string>;
}

/** `Codex` options that run the stand-in with `script`, logging to a fresh {@link RecordingLogger}. */
export function hostileOptions(script: HostileScript = {}, options: CodexOptions = {}): CodexOptions & { logger: RecordingLogger } {
  const env: Record<string, string> = { HOSTILE_MODE: script.mode ?? "healthy", ...script.env };
  if (script.exitOn !== undefined) env.HOSTILE_EXIT_ON = script.exitOn;
  if (script.neverAnswer !== undefined) env.HOSTILE_NEVER_ANSWER = script.neverAnswer.join(",");
  if (script.delayMs !== undefined) env.HOSTILE_DELAY_MS = String(script.delayMs);
  const logger = new RecordingLogger();
  return { codexBin: HOSTILE_RUNTIME, logger, ...options, env: { ...env, ...options.env } } as CodexOptions & {
    logger: RecordingLogger;
  };
}

/** The text of a turn input that makes the stand-in follow one directive. */
export function hostileTurn(directive: string): string {
  return `Follow the script. [[hostile:${directive}]]`;
}

/** The text `deltas N` streams: `w1 w2 … wN`. */
export function deltaText(count: number): string {
  const words: string[] = [];
  for (let i = 1; i <= count; i++) words.push(`w${i}`);
  return words.join(" ");
}

/** How many of {@link deltaText}'s words `text` holds: the deltas whose text arrived, merged or not. */
export function wordsIn(text: string): number {
  return text === "" ? 0 : text.split(" ").length;
}

/** Clients (and anything else with `close()`) to close once the running test or trial is over. */
const open: { close(): Promise<void> }[] = [];

/** Closes everything tracked so far (a scenario calls it after each trial, the hook after each test). */
export async function closeTracked(): Promise<void> {
  await Promise.all(open.splice(0).map((closable) => closable.close().catch(() => undefined)));
}

/**
 * Collects clients (and anything else with `close()`) to close after each test, so a failing
 * assertion never leaves a runtime running. Returns `track`, which hands its argument back.
 */
export function closeAfterEach(): <T extends { close(): Promise<void> }>(closable: T) => T {
  afterEach(closeTracked);
  return (closable) => {
    open.push(closable);
    return closable;
  };
}

/** Starts a client on the stand-in; `track` closes it after the test. */
export async function startHostile(
  track: ReturnType<typeof closeAfterEach>,
  script: HostileScript = {},
  options: CodexOptions = {},
): Promise<{ codex: Codex; logger: RecordingLogger }> {
  const codexOptions = hostileOptions(script, options);
  const codex = track(new Codex(codexOptions));
  await codex.ready();
  return { codex, logger: codexOptions.logger };
}

/** What the stand-in has seen (its `hostile/stats` answer). */
export interface HostileStats {
  received: Record<string, number>;
  serverRequestAnswers: number;
  duplicateAnswers: number;
  unknownAnswers: number;
}

/** Asks the stand-in what it has seen so far. */
export async function hostileStats(codex: Codex): Promise<HostileStats> {
  return (await codex.request("hostile/stats" as "model/list", {})) as unknown as HostileStats;
}

/** Polls the stand-in until it has received `count` answers to its server requests, or `timeoutMs` passes. */
export async function waitForServerRequestAnswers(codex: Codex, count: number, timeoutMs: number): Promise<HostileStats> {
  const deadline = performance.now() + timeoutMs;
  let stats = await hostileStats(codex);
  while (stats.serverRequestAnswers < count && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    stats = await hostileStats(codex);
  }
  return stats;
}
