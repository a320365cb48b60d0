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
  // Its wall-time ratio moves most with the machine's load: more repetitions than the others.
  reps: 9,
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

const CALLS = 100;
const WARMUP_CALLS = 10;
const PROFILED_CALLS = 600;
/** Calls of each way for the pool's own work, in blocks that alternate the pool and the direct call. */
const OWN_CALLS = 6_000;
const OWN_BLOCK = 300;
const LIST_LIMIT = 20;
const within5 = { max: 1.05, text: "within 5%" };
const poolVsCodex = (target?: Comparison["target"]): Comparison[] => [{ of: "pool", vs: "codex", ...(target ? { target } : {}) }];
type CallName = "start" | "resume" | "list";
type Way = "pool" | "codex";
const CALL_NAMES: readonly CallName[] = ["start", "resume", "list"];

/** Scenario 9b: what the pool itself adds to a call, with one member, against that member's own client. */
export const poolOverhead: Scenario = {
  id: "pool-overhead",
  group: "pool",
  title: "9b. Pool: overhead per call",
  summary:
    `The same calls through a \`CodexPool\` of one member and directly on that member's own \`Codex\` (\`pool.members[0].codex\`), ` +
    `in one process: \`threadStart()\` (placement, then \`thread/start\`), \`threadResume()\` of a thread the pool has seen ` +
    `(routing by its owner map, then \`thread/resume\`), and \`threadList({ limit: ${LIST_LIMIT} })\` (the merge and its cursor). ` +
    `Latency: ${CALLS} calls of each way per run after ${WARMUP_CALLS} unmeasured ones, alternating call by call; the ` +
    "member's figure is the median over its calls, the pool's that plus the median of the pairs' differences (a slow reply " +
    "or a garbage collection in one call of a pair moves neither). Client CPU: the member's figure is the median of the " +
    `same calls' \`process.cpuUsage()\`; the pool's adds the pool's own work per call, measured on ${OWN_CALLS.toLocaleString("en")} ` +
    `calls of each way with the member's client answering at once (the real answer, kept), in alternating blocks of ` +
    `${OWN_BLOCK} (the median of the blocks' differences): the microseconds the pool adds, which the server's and the ` +
    "machine's noise would hide in a direct comparison.",
  // Paired call by call, its ratios move by a few percent at most: fewer repetitions than the others.
  reps: 5,
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
    { key: "ownStartUs", label: "the pool's own work per `threadStart()`", unit: "us", digits: 2 },
    { key: "ownResumeUs", label: "the pool's own work per `threadResume()`", unit: "us", digits: 2 },
    { key: "ownListUs", label: "the pool's own work per `threadList()`", unit: "us", digits: 2 },
  ],
  async run(_runner, context) {
    const [setup] = await memberSetups(context.mock);
    const pool = await CodexPool.start({ members: [{ name: "only", ...setup!.sdk }] });
    try {
      const codex = pool.members[0]!.codex;
      // A stored thread to resume and to list: a thread is stored once a turn has run on it.
      const stored = await pool.threadStart();
      await stored.run(PROMPT);
      const ways: Record<Way, Record<CallName, () => Promise<unknown>>> = {
        pool: { start: () => pool.threadStart(), resume: () => pool.threadResume(stored.id), list: () => pool.threadList({ limit: LIST_LIMIT }) },
        codex: { start: () => codex.threadStart(), resume: () => codex.threadResume(stored.id), list: () => codex.threadList({ limit: LIST_LIMIT }) },
      };
      for (const way of Object.values(ways)) for (const call of Object.values(way)) for (let i = 0; i < WARMUP_CALLS; i++) await call();
      const count = context.warmup ? WARMUP_CALLS : context.profiling ? PROFILED_CALLS : CALLS;
      const ownCount = context.warmup ? OWN_BLOCK * 2 : OWN_CALLS;
      const { calls, own } = await context.measured(async () => ({
        calls: await pairedCalls(ways, count),
        own: await ownWork(codex, ways, stored, ownCount),
      }));
      const direct = (name: CallName, key: "us" | "cpuUs") => median(calls.codex[name].map((call) => call[key]));
      const pairedLatency = (name: CallName) => direct(name, "us") + median(calls.pool[name].map((call, i) => call.us - calls.codex[name][i]!.us));
      return {
        pool: {
          startUs: pairedLatency("start"),
          startCpuUs: direct("start", "cpuUs") + own.start,
          resumeUs: pairedLatency("resume"),
          resumeCpuUs: direct("resume", "cpuUs") + own.resume,
          listUs: pairedLatency("list"),
          listCpuUs: direct("list", "cpuUs") + own.list,
          ownStartUs: own.start,
          ownResumeUs: own.resume,
          ownListUs: own.list,
        },
        codex: {
          startUs: direct("start", "us"),
          startCpuUs: direct("start", "cpuUs"),
          resumeUs: direct("resume", "us"),
          resumeCpuUs: direct("resume", "cpuUs"),
          listUs: direct("list", "us"),
          listCpuUs: direct("list", "cpuUs"),
        },
      };
    } finally {
      await pool.close();
    }
  },
};

/** Each call's wall time and client CPU, the two ways alternating call by call (which goes first alternates too). */
async function pairedCalls(ways: Record<Way, Record<CallName, () => Promise<unknown>>>, count: number) {
  const out: Record<Way, Record<CallName, { us: number; cpuUs: number }[]>> = {
    pool: { start: [], resume: [], list: [] },
    codex: { start: [], resume: [], list: [] },
  };
  for (const name of CALL_NAMES) {
    for (let i = 0; i < count; i++) {
      for (const way of i % 2 === 0 ? (["pool", "codex"] as const) : (["codex", "pool"] as const)) {
        const { ms, cpuUs } = await timed(ways[way][name]);
        out[way][name].push({ us: ms * 1000, cpuUs });
      }
    }
  }
  return out;
}

/**
 * The pool's own CPU per call: the member's client answers at once with answers it gave for real
 * (its calls are replaced on the instance for the section, then restored), so what is left of a
 * call is the pool's work on one side and nothing on the other.
 */
async function ownWork(
  codex: Codex,
  ways: Record<Way, Record<CallName, () => Promise<unknown>>>,
  thread: Thread,
  count: number,
): Promise<Record<CallName, number>> {
  const [listed] = (await codex.threadList({ limit: 1 })).data;
  const page = {
    data: Array.from({ length: LIST_LIMIT }, (_, i) => ({ ...listed!, id: `${listed!.id.slice(0, -3)}${String(i).padStart(3, "0")}`, createdAt: listed!.createdAt - i })),
    nextCursor: null,
  };
  const instance = codex as unknown as Record<string, unknown>;
  Object.assign(instance, { threadStart: async () => thread, threadResume: async () => thread, threadList: async () => page });
  try {
    const own = {} as Record<CallName, number>;
    for (const name of CALL_NAMES) {
      const differences: number[] = [];
      for (let block = 0; block < count / OWN_BLOCK; block++) {
        const cpu = { pool: 0, codex: 0 };
        for (const way of block % 2 === 0 ? (["pool", "codex"] as const) : (["codex", "pool"] as const)) {
          const call = ways[way][name];
          const { cpuUs } = await timed(async () => {
            for (let i = 0; i < OWN_BLOCK; i++) await call();
          });
          cpu[way] = cpuUs / OWN_BLOCK;
        }
        differences.push(cpu.pool - cpu.codex);
      }
      own[name] = Math.max(0, median(differences));
    }
    return own;
  } finally {
    for (const name of ["threadStart", "threadResume", "threadList"]) delete instance[name];
  }
}
