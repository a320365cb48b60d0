/** Wall time and this process's CPU time (user + system) of one section. */
export interface Timed<T> {
  value: T;
  /** Wall time, milliseconds. */
  ms: number;
  /** Client CPU, microseconds. */
  cpuUs: number;
}

/** Runs `section` and measures its wall time and this process's CPU time. */
export async function timed<T>(section: () => Promise<T>): Promise<Timed<T>> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await section();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuUs: used.user + used.system };
}
