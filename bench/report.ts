/**
 * BENCHMARKS.md from bench/results.json (and the hand-written bench/notes.md, if any).
 *
 * `node --import tsx bench/report.ts` regenerates the page from the committed results alone.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { readResults, type BenchResults, type ComparisonResult, type MetricResult, type ScenarioResult } from "./results.js";
import type { Target } from "./scenario.js";

/** Where the page is written. */
export const REPORT_FILE = new URL("../BENCHMARKS.md", import.meta.url);
const NOTES_FILE = new URL("./notes.md", import.meta.url);

const number = (value: number, digits: number) =>
  value.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (value: number) => value.toFixed(2);
const verdict = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "**missed**");
const targetText = (target: Target | undefined) => target?.text ?? "—";

function comparisonName(scenario: ScenarioResult, comparison: ComparisonResult): string {
  return `${scenario.contestants[comparison.of] ?? comparison.of} / ${scenario.contestants[comparison.vs] ?? comparison.vs}`;
}

function metricName(metric: MetricResult): string {
  return `${metric.label} (${metric.unit})`;
}

function targetsTable(results: BenchResults): string {
  const rows: string[] = [];
  for (const scenario of results.scenarios) {
    for (const metric of scenario.metrics) {
      for (const comparison of metric.comparisons.filter((c) => c.target !== undefined)) {
        rows.push(
          `| ${scenario.title} | ${metric.label} | ${comparisonName(scenario, comparison)} | ${ratio(comparison.median)} ` +
            `(${ratio(comparison.min)}–${ratio(comparison.max)}) | ${targetText(comparison.target)} | ${verdict(comparison.met)} |`,
        );
      }
      for (const target of metric.targets) {
        rows.push(
          `| ${scenario.title} | ${metric.label} | ${scenario.contestants[target.contestant] ?? target.contestant} | ` +
            `${number(target.median, metric.digits)} ${metric.unit} | ${target.target.text} | ${verdict(target.met)} |`,
        );
      }
    }
  }
  return ["| scenario | measure | contestant or ratio | median (min–max) | target | |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

function valuesTable(scenario: ScenarioResult): string {
  const contestants = Object.keys(scenario.contestants).filter((name) => scenario.metrics.some((metric) => metric.values[name]));
  const header = `| measure | ${contestants.map((name) => scenario.contestants[name]).join(" | ")} |`;
  const rows = scenario.metrics.map((metric) => {
    const cells = contestants.map((name) => {
      const value = metric.values[name];
      if (value === undefined) return "";
      const d = metric.digits;
      return `${number(value.median, d)} (${number(value.min, d)}–${number(value.max, d)})`;
    });
    return `| ${metricName(metric)} | ${cells.join(" | ")} |`;
  });
  return [header, `|---|${contestants.map(() => "---").join("|")}|`, ...rows].join("\n");
}

function ratiosTable(scenario: ScenarioResult): string | undefined {
  const rows = scenario.metrics.flatMap((metric) =>
    metric.comparisons.map(
      (comparison) =>
        `| ${metric.label}: ${comparisonName(scenario, comparison)} | ${comparison.ratios.map(ratio).join(" ")} | ` +
        `**${ratio(comparison.median)}** | ${targetText(comparison.target)} | ${verdict(comparison.met)} |`,
    ),
  );
  if (rows.length === 0) return undefined;
  return ["| ratio | per repetition | median | target | |", "|---|---|---|---|---|", ...rows].join("\n");
}

function profileSection(scenario: ScenarioResult): string | undefined {
  const profile = scenario.profile;
  if (profile === undefined) return undefined;
  const rows = profile.top.map((entry) => `| ${number(entry.selfMs, 2)} | ${entry.percent.toFixed(1)}% | \`${entry.function}\` | ${entry.location} |`);
  const files = profile.byFile.map((entry) => `| ${number(entry.selfMs, 2)} | ${entry.percent.toFixed(1)}% | ${entry.file} |`);
  return [
    `CPU profile of \`${scenario.contestants[profile.runner] ?? profile.runner}\` in a separate run of the measured section ` +
      `(${number(profile.totalMs, 0)} ms of CPU sampled, idle excluded; \`${profile.file}\`, not committed), functions by self time:`,
    "",
    "| self ms | share | function | where |",
    "|---|---|---|---|",
    ...rows,
    "",
    "The same by file (a dependency as a whole; `(native)` is V8 and libuv code such as pipe writes):",
    "",
    "| self ms | share | file |",
    "|---|---|---|",
    ...files,
  ].join("\n");
}

/** One scenario's section. */
export function renderScenario(scenario: ScenarioResult): string {
  const load = scenario.load;
  const egress = scenario.egress;
  const parts = [
    `## ${scenario.title}`,
    scenario.summary,
    `${scenario.reps} repetitions, ran ${scenario.ranAt.slice(0, 16).replace("T", " ")} UTC for ${scenario.durationS} s; ` +
      `load average ${load.min}–${load.max} (mean ${load.mean}); the mock answered ${egress.modelRequests} model requests` +
      (egress.proxyAttempts.length === 0 ? "; no egress attempts." : `; **${egress.proxyAttempts.length} egress attempts**: ${egress.proxyAttempts.join(", ")}.`),
    "Median (min–max) over the repetitions:",
    valuesTable(scenario),
    ratiosTable(scenario),
    profileSection(scenario),
  ];
  return parts.filter((part) => part !== undefined).join("\n\n");
}

/** The whole page. */
export function renderReport(results: BenchResults, notes?: string): string {
  const { machine, versions } = results;
  const requests = results.scenarios.reduce((sum, scenario) => sum + scenario.egress.modelRequests, 0);
  const attempts = results.scenarios.reduce((sum, scenario) => sum + scenario.egress.proxyAttempts.length, 0);
  const loads = results.scenarios.map((scenario) => scenario.load);
  const header = [
    "# Benchmarks",
    "Generated by `npm run bench` (bench/run.ts) from `bench/results.json`; `node --import tsx bench/report.ts` " +
      "regenerates this page from the results alone.",
    [
      `- Date: ${results.date.slice(0, 16).replace("T", " ")} UTC; the whole run took ${Math.round(results.durationS)} s.`,
      `- Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, ${machine.os}; load average ` +
        `${Math.min(...loads.map((l) => l.min))}–${Math.max(...loads.map((l) => l.max))} during the run (per scenario below).`,
      `- Node ${versions.node}; runtime \`codex\` ${versions.runtime} (the native binary, for every contestant); ` +
        `this SDK ${versions.sdk} (${versions.sdkCommit}); \`@openai/codex-sdk\` ${versions.officialSdk}; vscode-jsonrpc ${versions.vscodeJsonrpc}.`,
      `- Offline: the testing kit's mock model, in its own process, answered ${number(requests, 0)} model requests; its egress trap ` +
        `saw ${attempts} attempts to reach the internet.`,
    ].join("\n"),
    "How to read it: every contestant runs in its own worker process (so CPU time and memory are its own), the " +
      "contestants alternate within each repetition in a rotating order, and a ratio is taken per repetition, between " +
      "runs made moments apart, and then its median is reported. Wall-time ratios move with the load on this kind of " +
      "machine (shown for each scenario; other work on the machine counts), client CPU per message less so. Times are " +
      "lower-is-better, rates higher-is-better.",
    "## Targets",
    targetsTable(results),
  ];
  const sections = results.scenarios.map(renderScenario);
  const footer = notes === undefined ? [] : ["## Notes", notes.trim()];
  return `${[...header, ...sections, ...footer].join("\n\n")}\n`;
}

/** Writes BENCHMARKS.md from `results` and bench/notes.md. */
export function writeReport(results: BenchResults): void {
  const notes = existsSync(NOTES_FILE) ? readFileSync(NOTES_FILE, "utf8") : undefined;
  writeFileSync(REPORT_FILE, renderReport(results, notes));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = readResults();
  if (results === undefined) {
    console.error("bench/results.json does not exist; run npm run bench first.");
    process.exit(1);
  }
  writeReport(results);
  console.log("Wrote BENCHMARKS.md.");
}
