/**
 * The functions of a V8 CPU profile (.cpuprofile) with the most self time.
 *
 * `node --import tsx bench/profile-top.ts <file.cpuprofile> [count]` prints them.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** One function's self time. */
export interface ProfileEntry {
  function: string;
  /** `path:line` (relative to the repository) or a Node internal. */
  location: string;
  selfMs: number;
  /** Share of the sampled CPU time (idle excluded), in percent. */
  percent: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

function location(url: string, line: number): string {
  if (url === "") return "";
  const path = url.startsWith("file://") ? relative(ROOT, fileURLToPath(url)) : url;
  return `${path}:${line + 1}`;
}

/** Sums self time by function and returns the `count` largest, with the total sampled CPU time in ms. */
export function topFunctions(profile: CpuProfile, count = 15): { totalMs: number; top: ProfileEntry[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { frame: CpuProfile["nodes"][number]["callFrame"]; us: number }>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = nodes.get(profile.samples[i]!)!;
    if (frame.functionName === "(idle)") continue;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
    const entry = selfUs.get(key) ?? { frame, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
    totalUs += us;
  }
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ frame, us }) => ({
      function: frame.functionName || "(anonymous)",
      location: location(frame.url, frame.lineNumber),
      selfMs: Math.round(us / 10) / 100,
      percent: Math.round((us / totalUs) * 1000) / 10,
    }));
  return { totalMs: Math.round(totalUs / 10) / 100, top };
}

/** The entries as an aligned text table. */
export function formatTop(entries: readonly ProfileEntry[]): string {
  return entries
    .map((entry) => `${entry.selfMs.toFixed(2).padStart(9)} ms ${entry.percent.toFixed(1).padStart(5)}%  ${entry.function}  ${entry.location}`)
    .join("\n");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, count] = process.argv.slice(2);
  if (file === undefined) {
    console.error("usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [count]");
    process.exit(2);
  }
  const { totalMs, top } = topFunctions(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, Number(count ?? 15));
  console.log(`${totalMs} ms of CPU sampled (idle excluded); top functions by self time:`);
  console.log(formatTop(top));
}
