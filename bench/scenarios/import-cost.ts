import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createConsumerApp, EMPTY_PACKAGE } from "../consumer-app.js";
import { ensureBuilt } from "../fresh-build.js";
import type { RunSamples, Scenario } from "../scenario.js";
import { median } from "../stats.js";

const LAUNCHES = 7;
// Prints how long one dynamic import() of BENCH_IMPORT takes in a fresh Node process.
const PROBE = "const started = performance.now(); await import(process.env.BENCH_IMPORT); process.stdout.write(String(performance.now() - started));";

const ENTRIES: Record<string, string> = {
  empty: EMPTY_PACKAGE,
  root: "codex-app-server-sdk",
  types: "codex-app-server-sdk/types",
  testing: "codex-app-server-sdk/testing",
  official: "@openai/codex-sdk",
  vscodeJsonrpc: "vscode-jsonrpc",
};

async function importMs(app: string, specifier: string): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", PROBE], {
    cwd: app,
    env: { ...process.env, BENCH_IMPORT: specifier, NODE_OPTIONS: "" },
  });
  return Number(stdout);
}

/** Scenario 8a: the cost of loading each entry point. */
export const importCost: Scenario = {
  id: "import",
  group: "cost",
  title: "8a. Import cost",
  summary:
    "`import()` of each package entry in a fresh `node` process, resolved by name from a temporary app that has the " +
    "built `dist/` (rebuilt first if stale), `@openai/codex-sdk` and an empty ESM package installed, against importing " +
    `the empty package: the median of ${LAUNCHES} interleaved launches per entry in each repetition. Added = entry ` +
    "minus empty, in the same repetition.",
  reps: 3,
  runners: ["import"],
  contestants: {
    empty: "empty package",
    root: "`codex-app-server-sdk`",
    types: "`codex-app-server-sdk/types`",
    testing: "`codex-app-server-sdk/testing`",
    official: "`@openai/codex-sdk`",
    vscodeJsonrpc: "`vscode-jsonrpc` (loaded when the first connection opens, not by the import)",
  },
  runTimeoutMs: 180_000,
  metrics: [
    { key: "importMs", label: "import()", unit: "ms", digits: 1 },
    {
      key: "addedMs",
      label: "added over an empty package",
      unit: "ms",
      digits: 1,
      targets: [
        { contestant: "root", max: 15, text: "at most 15 ms" },
        { contestant: "types", max: 1, text: "nothing (under 1 ms)" },
      ],
    },
  ],
  async run(_runner, context) {
    ensureBuilt();
    const app = await createConsumerApp();
    try {
      const launches = context.warmup ? 1 : LAUNCHES;
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(ENTRIES).map((name) => [name, []]));
      await context.measured(async () => {
        for (let launch = 0; launch < launches; launch++) {
          for (const [name, specifier] of Object.entries(ENTRIES)) times[name]!.push(await importMs(app.dir, specifier));
        }
      });
      const emptyMs = median(times.empty!);
      const samples: RunSamples = {};
      for (const [name, values] of Object.entries(times)) {
        const ms = median(values);
        samples[name] = { importMs: ms, addedMs: ms - emptyMs };
      }
      return samples;
    } finally {
      await app.dispose();
    }
  },
};
