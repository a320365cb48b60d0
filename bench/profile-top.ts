/**
 * The functions of a V8 CPU profile (.cpuprofile) with the most self time.
 *
 * `node --import tsx bench/profile-top.ts <file.cpuprofile> [count]` prints them, and the self time by file.
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

/** One file's (or package's) self time. */
export interface FileEntry {
  /** A path relative to the repository, a package (`vscode-jsonrpc`), a Node internal, or `(native)`. */
  file: string;
  selfMs: number;
  percent: number;
}

type Frame = CpuProfile["nodes"][number]["callFrame"];

/** Self time in microseconds per frame, idle excluded. */
function selfTimes(profile: CpuProfile): { frame: Frame; us: number }[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { frame: Frame; us: number }>();
  for (let i = 0; i < profile.samples.length; i++) {
    const frame = nodes.get(profile.samples[i]!)!;
    if (frame.functionName === "(idle)") continue;
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const key = `${frame.functionName}|${frame.url}|${frame.lineNumber}`;
    const entry = selfUs.get(key) ?? { frame, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
  }
  return [...selfUs.values()];
}

const ms = (us: number) => Math.round(us / 10) / 100;
const share = (us: number, totalUs: number) => Math.round((us / totalUs) * 1000) / 10;

/** Sums self time by function and returns the `count` largest, with the total sampled CPU time in ms. */
export function topFunctions(profile: CpuProfile, count = 15): { totalMs: number; top: ProfileEntry[] } {
  const times = selfTimes(profile);
  const totalUs = times.reduce((sum, { us }) => sum + us, 0);
  const top = times
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ frame, us }) => ({
      function: frame.functionName || "(anonymous)",
      location: location(frame.url, frame.lineNumber),
      selfMs: ms(us),
      percent: share(us, totalUs),
    }));
  return { totalMs: ms(totalUs), top };
}

function fileOf(url: string): string {
  if (url === "") return "(native)";
  const path = url.startsWith("file://") ? relative(ROOT, fileURLToPath(url)) : url;
  const dependency = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return dependency ? dependency[1]! : path;
}

/** Sums self time by file, whole dependencies counted as one, and returns the `count` largest. */
export function topFiles(profile: CpuProfile, count = 10): FileEntry[] {
  const times = selfTimes(profile);
  const totalUs = times.reduce((sum, { us }) => sum + us, 0);
  const byFile = new Map<string, number>();
  for (const { frame, us } of times) byFile.set(fileOf(frame.url), (byFile.get(fileOf(frame.url)) ?? 0) + us);
  return [...byFile.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([file, us]) => ({ file, selfMs: ms(us), percent: share(us, totalUs) }));
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
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const { totalMs, top } = topFunctions(profile, Number(count ?? 15));
  console.log(`${totalMs} ms of CPU sampled (idle excluded); top functions by self time:`);
  console.log(formatTop(top));
  console.log("\nBy file (dependencies as a whole):");
  for (const entry of topFiles(profile)) console.log(`${entry.selfMs.toFixed(2).padStart(9)} ms ${entry.percent.toFixed(1).padStart(5)}%  ${entry.file}`);
}
