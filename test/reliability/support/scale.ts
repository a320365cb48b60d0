/**
 * The size of the reliability scenarios. `npm test` runs the bounded sizes; `npm run test:stress`
 * sets `RELIABILITY_STRESS=1` and runs the same scenarios at full size, several trials each.
 */
export const STRESS = process.env.RELIABILITY_STRESS === "1";

/** Picks the bounded or the stress size of a scenario. */
export function sized(bounded: number, stress: number): number {
  return STRESS ? stress : bounded;
}

/** Trials per scenario: one in the bounded suite, `RELIABILITY_TRIALS` (default 3) under stress. */
export const TRIALS = STRESS ? Number(process.env.RELIABILITY_TRIALS ?? 3) : 1;

/**
 * How long something the SDK promises to do "at once" (reject on abort, on a kill, on a closed
 * pipe) may take in the bounded suite: generous, for a loaded 2-core CI machine. The stress run
 * records the real figures and holds them to {@link TARGET_MS}.
 */
export const PROMPT_MS = 3_000;

/** The figures the stress run holds the SDK to, in milliseconds. */
export const TARGET_MS = {
  /** An abort or an idle timeout on a frozen runtime, from the moment it fires. */
  abortOrIdle: 100,
  /** Every pending call after the runtime is killed. */
  afterKill: 1_000,
} as const;

/** The bound a settle time is held to: the target under stress, {@link PROMPT_MS} otherwise. */
export function settleBound(target: number): number {
  return STRESS ? target : PROMPT_MS;
}
