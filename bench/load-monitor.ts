import { loadavg } from "node:os";

/** The 1-minute load average seen during a scenario. */
export interface LoadFigures {
  start: number;
  end: number;
  min: number;
  max: number;
  mean: number;
}

/** Samples the 1-minute load average every `intervalMs` until `stop()`. */
export function monitorLoad(intervalMs = 1_000): { stop(): LoadFigures } {
  const samples = [loadavg()[0]!];
  const timer = setInterval(() => samples.push(loadavg()[0]!), intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]!);
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        start: round(samples[0]!),
        end: round(samples.at(-1)!),
        min: round(Math.min(...samples)),
        max: round(Math.max(...samples)),
        mean: round(samples.reduce((sum, value) => sum + value, 0) / samples.length),
      };
    },
  };
}
