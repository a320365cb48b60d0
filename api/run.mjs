// Checks (or, with "update", rewrites) the committed API report of each entry point against the
// built declarations in dist/. A changed public signature fails the check until the report is
// updated with `npm run api:update` and reviewed.
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { fileURLToPath } from "node:url";

const update = process.argv[2] === "update";
let failed = false;
for (const entry of ["index", "types", "testing"]) {
  const config = ExtractorConfig.loadFileAndPrepare(fileURLToPath(new URL(`./${entry}.json`, import.meta.url)));
  const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false, messageCallback: quiet });
  if (result.succeeded && !result.apiReportChanged) continue;
  if (update && result.succeeded) {
    console.log(`api/${entry}.api.md updated: review the change.`);
    continue;
  }
  failed = true;
  console.error(
    result.apiReportChanged
      ? `The public API of the "${entry}" entry changed: run \`npm run api:update\` and review api/${entry}.api.md.`
      : `API Extractor failed for the "${entry}" entry (${result.errorCount} errors, ${result.warningCount} warnings).`,
  );
}
process.exitCode = failed ? 1 : 0;

/** Keeps API Extractor's own banner lines out of the test output. */
function quiet(message) {
  if (message.category === "Console" && message.logLevel !== "error") message.handled = true;
}
