import { Codex } from "../sdk.js";
import { workerSetup, type OfflineSetup } from "../offline-setup.js";
import { RawClient } from "../raw-client.js";
import type { Comparison, Scenario } from "../scenario.js";
import { median } from "../stats.js";
import { timed } from "../timing.js";
import { CONTESTANT_NAMES } from "./contestants.js";

const REQUESTS = 200;
/** Each repetition's figure is the median of its batches', so one burst of load on the machine moves it less. */
const BATCHES = 4;
/**
 * Enough for the JIT to compile both clients' request paths: after 20, the SDK's far larger path
 * still ran partly interpreted, and its CPU per request kept falling for another thousand.
 */
const WARMUP_REQUESTS = 1_000;
const PROFILED_REQUESTS = 2_000;
const METHODS = ["model/list", "thread/list"] as const;
type Method = (typeof METHODS)[number];

interface Requester {
  request(method: Method): Promise<unknown>;
  close(): Promise<void>;
}

const requesters: Record<string, (setup: OfflineSetup) => Promise<Requester>> = {
  async sdk(setup) {
    const codex = await Codex.start(setup.sdk);
    return { request: (method) => codex.request(method, {}), close: () => codex.close() };
  },
  async raw(setup) {
    const client = await RawClient.start(setup.raw);
    return { request: (method) => client.request(method, {}), close: () => client.close() };
  },
};

const latency: Comparison[] = [{ of: "sdk", vs: "raw", target: { max: 1.05, text: "within 5%" } }];
const cpu: Comparison[] = [{ of: "sdk", vs: "raw", target: { max: 1.25, text: "within 25%" } }];

/** Scenario 2: sequential requests, latency and client CPU per request. */
export const roundTrip: Scenario = {
  id: "roundtrip",
  title: "2. Round trip",
  summary:
    `${REQUESTS} sequential \`model/list\` and then ${REQUESTS} sequential \`thread/list\` requests on one started client ` +
    `(after ${WARMUP_REQUESTS.toLocaleString("en")} unmeasured ones of each, so both run JIT-compiled code: the steady state ` +
    `of a long-running client): wall time and client CPU (\`process.cpuUsage()\` of the ` +
    `contestant's own process) per request, against the raw client; a repetition's figure is the median of its ` +
    `${BATCHES} batches of ${REQUESTS / BATCHES}. The profile run makes ${PROFILED_REQUESTS.toLocaleString("en")} requests of each.`,
  reps: 7,
  runners: ["sdk", "raw"],
  contestants: { sdk: CONTESTANT_NAMES.sdk, raw: CONTESTANT_NAMES.raw },
  runTimeoutMs: 60_000,
  profileRunner: "sdk",
  metrics: [
    { key: "modelListUs", label: "`model/list` latency", unit: "us", digits: 0, comparisons: latency },
    { key: "modelListCpuUs", label: "`model/list` client CPU", unit: "us", digits: 0, comparisons: cpu },
    { key: "threadListUs", label: "`thread/list` latency", unit: "us", digits: 0, comparisons: latency },
    { key: "threadListCpuUs", label: "`thread/list` client CPU", unit: "us", digits: 0, comparisons: cpu },
  ],
  async run(runner, context) {
    const setup = await workerSetup(context.mock);
    const client = await requesters[runner]!(setup);
    try {
      for (const method of METHODS) for (let i = 0; i < WARMUP_REQUESTS; i++) await client.request(method);
      const count = context.warmup ? REQUESTS : context.profiling ? PROFILED_REQUESTS : REQUESTS;
      const batch = count / BATCHES;
      const batches = await context.measured(async () => {
        const measured: Record<Method, { us: number; cpuUs: number }[]> = { "model/list": [], "thread/list": [] };
        for (const method of METHODS) {
          for (let b = 0; b < BATCHES; b++) {
            const { ms, cpuUs } = await timed(async () => {
              for (let i = 0; i < batch; i++) await client.request(method);
            });
            measured[method].push({ us: (ms * 1000) / batch, cpuUs: cpuUs / batch });
          }
        }
        return measured;
      });
      const perRequest = (method: Method, key: "us" | "cpuUs") => median(batches[method].map((b) => b[key]));
      return {
        [runner]: {
          modelListUs: perRequest("model/list", "us"),
          modelListCpuUs: perRequest("model/list", "cpuUs"),
          threadListUs: perRequest("thread/list", "us"),
          threadListCpuUs: perRequest("thread/list", "cpuUs"),
        },
      };
    } finally {
      await client.close();
    }
  },
};
