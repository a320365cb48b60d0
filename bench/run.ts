/**
 * `npm run bench`: every scenario of the benchmark plan, side by side against the alternatives, on the
 * pinned native runtime and the testing kit's mock model in its own process, fully offline. A full
 * run writes bench/results.json and regenerates BENCHMARKS.md; `--help` lists the options.
 */
import { describeEnvironment } from "./environment.js";
import { ensureBuilt } from "./fresh-build.js";
import { MockHandle } from "./mock-handle.js";
import { writeReport, renderScenario } from "./report.js";
import { mergeResults, readResults, writeResults, type BenchResults, type ScenarioResult } from "./results.js";
import { runScenario } from "./run-scenario.js";
import type { Scenario } from "./scenario.js";
import { loadScenario, SCENARIO_IDS } from "./scenarios/index.js";
import { parseCliOptions, USAGE } from "./cli-options.js";

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const options = parseCliOptions(process.argv.slice(2));
  // Once, before any worker imports the built package.
  if (!options.help) ensureBuilt();
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const all: Scenario[] = [];
  for (const id of SCENARIO_IDS) all.push(await loadScenario(id));
  if (options.list) {
    for (const scenario of all) console.log(`${scenario.id.padEnd(14)} ${scenario.group?.padEnd(8) ?? "".padEnd(8)} ${scenario.title}`);
    return 0;
  }
  const unknown = options.only.filter((name) => !all.some((scenario) => scenario.id === name || scenario.group === name));
  if (unknown.length > 0) throw new Error(`Unknown scenario or group: ${unknown.join(", ")}. Known: ${SCENARIO_IDS.join(", ")}.`);
  const selected = options.only.length === 0 ? all : all.filter((s) => options.only.includes(s.id) || options.only.includes(s.group ?? ""));
  const profiled = (scenario: Scenario) =>
    options.profile === "selected" || options.profile.includes(scenario.id) || options.profile.includes(scenario.group ?? "");

  const started = performance.now();
  const environment = await describeEnvironment();
  const mock = await MockHandle.start();
  const scenarios: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      log(`${scenario.title}`);
      const result = await runScenario(scenario, mock, { reps: options.reps, profile: profiled(scenario), profileRunner: options.profileRunner, log });
      scenarios.push(result);
      console.log(`\n${renderScenario(result)}\n`);
    }
  } finally {
    await mock.close();
  }
  const results: BenchResults = {
    ...environment,
    date: new Date().toISOString(),
    durationS: Math.round((performance.now() - started) / 1000),
    scenarios,
  };
  if (options.write) {
    const written = options.only.length === 0 ? results : mergeResults(readResults(), results, SCENARIO_IDS);
    writeResults(written);
    writeReport(written);
    log(`Wrote bench/results.json and BENCHMARKS.md (${results.durationS} s).`);
  }
  const egress = scenarios.flatMap((scenario) => scenario.egress.proxyAttempts);
  if (egress.length > 0) {
    log(`The egress trap saw ${egress.length} attempts to reach the internet: ${egress.join(", ")}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
