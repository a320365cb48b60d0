import { readFileSync, rmSync } from "node:fs";
import { cpus } from "node:os";
import { createOfflineSetup, type MockEndpoint, type OfflineSetup } from "../offline-setup.js";
import type { Comparison, Scenario } from "../scenario.js";
import { Codex, CodexPool, type Thread } from "../sdk.js";
import { median } from "../stats.js";
import { timed } from "../timing.js";

const MEMBERS = 4;
const THREADS = 32;
const PROMPT = "Say hello.";
const CORES = cpus().length;

let setups: Promise<OfflineSetup[]> | undefined;

/**
 * The runtime setups of this worker (one `CODEX_HOME` each), made on first use and kept for its
 * runs, so only the first start of each member pays for creating its databases.
 */
function memberSetups(mock: MockEndpoint): Promise<OfflineSetup[]> {
  setups ??= Promise.all(Array.from({ length: MEMBERS }, () => createOfflineSetup(mock))).then((made) => {
    process.once("exit", () => {
      for (const setup of made) rmSync(setup.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    });
    return made;
  });
  return setups;
}

/** What both contestants of the throughput scenario offer: a pool, or one client, and the pids of their servers. */
interface Client {
  threadStart(): Promise<Thread>;
  readonly pids: readonly number[];
  close(): Promise<void>;
}

async function startClient(runner: string, mock: MockEndpoint): Promise<Client> {
  const all = await memberSetups(mock);
  if (runner === "single") {
    const codex = await Codex.start(all[0]!.sdk);
    return { threadStart: () => codex.threadStart(), pids: [codex.pid!], close: () => codex.close() };
  }
  const pool = await CodexPool.start({ members: all.map((setup, i) => ({ name: `member-${i}`, ...setup.sdk })) });
  return { threadStart: () => pool.threadStart(), pids: pool.members.map((member) => member.codex.pid!), close: () => pool.close() };
}

/** The resident memory of a process, in MiB (Linux). */
function residentMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Scenario 9a: the same burst of turns on four local members and on one. */
export const poolThroughput: Scenario = {
  id: "pool-throughput",
  group: "pool",
  title: "9a. Pool: turn throughput",
  summary:
    `${THREADS} threads started at once, then one short turn on each, all ${THREADS} in flight together, on a \`CodexPool\` ` +
    `of ${MEMBERS} local (stdio) members against one \`Codex\` (one app-server); each member has its own \`CODEX_HOME\`. ` +
    `Wall time of each phase, turns per second, the client CPU, and the resident memory of the app-servers once the turns ` +
    `are done (the ${THREADS} threads still loaded). Starting the members is not measured. Measured on ` +
    `${CORES} cores: the turns' throughput is bounded by the cores the app-servers share.`,
  reps: 5,
  runners: ["pool4", "single"],
  contestants: { pool4: `CodexPool, ${MEMBERS} members`, single: "one Codex" },
  runTimeoutMs: 120_000,
  profileRunner: "pool4",
  metrics: [
    { key: "threadsMs", label: `${THREADS} concurrent \`threadStart()\``, unit: "ms", digits: 0, comparisons: [{ of: "pool4", vs: "single" }] },
    { key: "turnsMs", label: `${THREADS} concurrent turns`, unit: "ms", digits: 0, comparisons: [{ of: "pool4", vs: "single" }] },
    { key: "turnsPerSecond", label: "turns per second", unit: "turns/s", digits: 1, comparisons: [{ of: "pool4", vs: "single" }] },
    { key: "cpuMs", label: "client CPU, both phases", unit: "ms", digits: 1, comparisons: [{ of: "pool4", vs: "single" }] },
    { key: "serverMiB", label: "app-server memory, all servers", unit: "MiB", digits: 0, comparisons: [{ of: "pool4", vs: "single" }] },
  ],
  async run(runner, context) {
    const count = context.warmup ? 8 : THREADS;
    const client = await startClient(runner, context.mock);
    try {
      const { starts, turns } = await context.measured(async () => {
        const starts = await timed(() => Promise.all(Array.from({ length: count }, () => client.threadStart())));
        const turns = await timed(() =>
          Promise.all(
            starts.value.map(async (thread) => {
              const result = await thread.run(PROMPT);
              if (result.status !== "completed") throw new Error(`A turn ended ${result.status}.`);
            }),
          ),
        );
        return { starts, turns };
      });
      return {
        [runner]: {
          threadsMs: starts.ms,
          turnsMs: turns.ms,
          turnsPerSecond: (count * 1000) / turns.ms,
          cpuMs: (starts.cpuUs + turns.cpuUs) / 1000,
          serverMiB: client.pids.reduce((sum, pid) => sum + residentMiB(pid), 0),
        },
      };
    } finally {
      await client.close();
    }
  },
};

const CALLS = 150;
const WARMUP_CALLS = 10;
const PROFILED_CALLS = 600;
const within5 = { max: 1.05, text: "within 5%" };
const poolVsCodex = (target?: Comparison["target"]): Comparison[] => [{ of: "pool", vs: "codex", ...(target ? { target } : {}) }];
type CallName = "start" | "resume" | "list";

/** Scenario 9b: what the pool itself adds to a call, with one member, against that member's own client. */
export const poolOverhead: Scenario = {
  id: "pool-overhead",
  group: "pool",
  title: "9b. Pool: overhead per call",
  summary:
    `The same calls through a \`CodexPool\` of one member and directly on that member's own \`Codex\` (\`pool.members[0].codex\`), ` +
    `in one process, alternating call by call so both see the same server and the same load: \`threadStart()\` ` +
    `(placement, then \`thread/start\`), \`threadResume()\` of a thread the pool has seen (routing by its owner map, then ` +
    `\`thread/resume\`), and \`threadList({ limit: 20 })\` (the merge and its cursor, over one member). ${CALLS} calls of ` +
    `each way per run after ${WARMUP_CALLS} unmeasured ones; each call's wall time and client CPU (\`process.cpuUsage()\`). ` +
    "Calls are paired (the pool's call and the direct one next to it): a run's figure for the member's \`Codex\` is the median " +
    "over its calls, and the pool's is that plus the median of the pairs' differences, so a slow server reply or a garbage " +
    "collection landing in one call of a pair moves neither.",
  reps: 7,
  runners: ["pool"],
  contestants: { pool: "CodexPool, 1 member", codex: "its member's Codex" },
  runTimeoutMs: 120_000,
  profileRunner: "pool",
  metrics: [
    { key: "startUs", label: "`threadStart()` latency", unit: "us", digits: 0, comparisons: poolVsCodex(within5) },
    { key: "startCpuUs", label: "`threadStart()` client CPU", unit: "us", digits: 0, comparisons: poolVsCodex(within5) },
    { key: "resumeUs", label: "`threadResume()` latency", unit: "us", digits: 0, comparisons: poolVsCodex(within5) },
    { key: "resumeCpuUs", label: "`threadResume()` client CPU", unit: "us", digits: 0, comparisons: poolVsCodex(within5) },
    { key: "listUs", label: "`threadList()` latency", unit: "us", digits: 0, comparisons: poolVsCodex() },
    { key: "listCpuUs", label: "`threadList()` client CPU", unit: "us", digits: 0, comparisons: poolVsCodex() },
  ],
  async run(_runner, context) {
    const [setup] = await memberSetups(context.mock);
    const pool = await CodexPool.start({ members: [{ name: "only", ...setup!.sdk }] });
    try {
      const codex = pool.members[0]!.codex;
      // A stored thread to resume and to list: a thread is stored once a turn has run on it.
      const stored = await pool.threadStart();
      await stored.run(PROMPT);
      const ways: Record<"pool" | "codex", Record<CallName, () => Promise<unknown>>> = {
        pool: { start: () => pool.threadStart(), resume: () => pool.threadResume(stored.id), list: () => pool.threadList({ limit: 20 }) },
        codex: { start: () => codex.threadStart(), resume: () => codex.threadResume(stored.id), list: () => codex.threadList({ limit: 20 }) },
      };
      for (const way of Object.values(ways)) for (const call of Object.values(way)) for (let i = 0; i < WARMUP_CALLS; i++) await call();
      const count = context.warmup ? WARMUP_CALLS : context.profiling ? PROFILED_CALLS : CALLS;
      const measured = await context.measured(async () => {
        const out = { pool: { start: [], resume: [], list: [] }, codex: { start: [], resume: [], list: [] } } as Record<
          "pool" | "codex",
          Record<CallName, { us: number; cpuUs: number }[]>
        >;
        for (const name of ["start", "resume", "list"] as const) {
          for (let i = 0; i < count; i++) {
            for (const way of i % 2 === 0 ? (["pool", "codex"] as const) : (["codex", "pool"] as const)) {
              const { ms, cpuUs } = await timed(ways[way][name]);
              out[way][name].push({ us: ms * 1000, cpuUs });
            }
          }
        }
        return out;
      });
      const direct = (name: CallName, key: "us" | "cpuUs") => median(measured.codex[name].map((call) => call[key]));
      const pooled = (name: CallName, key: "us" | "cpuUs") =>
        direct(name, key) + median(measured.pool[name].map((call, i) => call[key] - measured.codex[name][i]![key]));
      const figures = (figure: typeof direct) => ({
        startUs: figure("start", "us"),
        startCpuUs: figure("start", "cpuUs"),
        resumeUs: figure("resume", "us"),
        resumeCpuUs: figure("resume", "cpuUs"),
        listUs: figure("list", "us"),
        listCpuUs: figure("list", "cpuUs"),
      });
      return { pool: figures(pooled), codex: figures(direct) };
    } finally {
      await pool.close();
    }
  },
};
