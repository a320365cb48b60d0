// Writes dist/THIRD-PARTY-NOTICES.md: the license of every package the build inlined into dist/
// (Ajv and its dependencies), as their licenses ask of copies. The packages come from the esbuild
// metafiles tsup writes (dist/metafile-*.json), which are removed afterwards so they are not published.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const metafiles = readdirSync(dist).filter((file) => /^metafile-\w+\.json$/.test(file));
if (metafiles.length === 0) throw new Error("No dist/metafile-*.json: run tsup (with metafile: true) first.");

/** The package directory (`node_modules/<name>`) of every bundled input. */
const packages = new Map();
for (const file of metafiles) {
  const { inputs } = JSON.parse(readFileSync(path.join(dist, file), "utf8"));
  for (const input of Object.keys(inputs)) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (match) packages.set(match[2], path.join(root, match[1]));
  }
}

const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const licenseFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
  if (licenseFile === undefined) throw new Error(`${name} is bundled into dist/ but has no license file to reproduce.`);
  const text = readFileSync(path.join(dir, licenseFile), "utf8").trim();
  return `## ${name} ${manifest.version} (${manifest.license})\n\n\`\`\`\n${text}\n\`\`\``;
});

writeFileSync(
  path.join(dist, "THIRD-PARTY-NOTICES.md"),
  "# Third-party notices\n\n" +
    "dist/ includes code of these packages, bundled into the SDK's own files. Their licenses follow.\n\n" +
    sections.join("\n\n") +
    "\n",
);
for (const file of metafiles) rmSync(path.join(dist, file));
console.log(`dist/THIRD-PARTY-NOTICES.md: ${[...packages.keys()].sort().join(", ")}`);
