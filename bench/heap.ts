/** Memory of this process after full garbage collections (the worker runs with `--expose-gc`). */
export interface SettledMemory {
  heapUsedBytes: number;
  rssBytes: number;
}

/** Collects garbage until the heap stops shrinking, then reads the memory usage. */
export async function settledMemory(): Promise<SettledMemory> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error("Memory figures need --expose-gc on the worker.");
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const used = process.memoryUsage().heapUsed;
    if (used >= previous * 0.999) break;
    previous = used;
  }
  const usage = process.memoryUsage();
  return { heapUsedBytes: usage.heapUsed, rssBytes: usage.rss };
}

/** Bytes to MiB. */
export const mib = (bytes: number): number => bytes / 1024 / 1024;
