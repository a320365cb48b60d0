import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { nextOldestSupported, writeDeployVersions, writeReadmeVersions } from "../../codegen/bump-runtime.mjs";
import { readSchemaDir } from "../../codegen/runtime-schema.mjs";
import { describeChange, diffSchemas, handEdits, isEmptyDiff, renderReport } from "../../codegen/schema-diff.mjs";
import { OLDEST, PINNED } from "../helpers/runtime-versions.js";

// The bump report on a pair of small recorded schemas (test/fixtures/schema-diff): a runtime 1.0.0
// and a 1.1.0 that adds, removes and reshapes one of each kind of thing.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/schema-diff");
const before = readSchemaDir(path.join(fixtures, "before"));
const after = readSchemaDir(path.join(fixtures, "after"));

const tables = {
  resultOverrides: { "account/logout": "LogoutAccountResponse", "thing/old": "ThingOldResponse" },
  patches: [
    { id: "Realtime.started.camelCase", target: "Realtime", apply() {} },
    {
      id: "Gone.values",
      target: "Gone",
      apply() {
        throw new Error("schema patch precondition failed: Gone is an object");
      },
    },
  ],
};

describe("the runtime bump report", () => {
  const report = diffSchemas(before, after, tables);

  it("lists methods, server requests and notifications added and removed, stable or not", () => {
    expect([report.from, report.to]).toEqual(["1.0.0", "1.1.0"]);
    expect(report.clientRequests).toEqual({
      added: [
        { method: "thing/write", params: "ThingWriteParams", stable: true },
        { method: "thing/search", params: "ThingSearchParams", stable: false },
      ],
      removed: [{ method: "thing/old", params: "ThingOldParams", stable: true }],
    });
    expect(report.serverRequests).toEqual({ added: [], removed: [{ method: "time/read", params: "TimeReadParams", stable: false }] });
    expect(report.notifications).toEqual({
      added: [{ method: "thing/searchPartial", params: "ThingSearchPartialNotification", stable: true }],
      removed: [],
    });
    expect(report.clientNotifications).toEqual({ added: [], removed: [] });
    expect(report.counts.before).toMatchObject({ clientRequests: 4, stableClientRequests: 4, serverRequests: 2, notifications: 1 });
    expect(report.counts.after).toMatchObject({ clientRequests: 5, stableClientRequests: 4, serverRequests: 1, notifications: 2 });
  });

  it("lists types added and removed, and how each changed type changed, old and new", () => {
    expect(report.definitions.added.map((d) => d.name)).toEqual([
      "ThingSavedResponse",
      "ThingSearchParams",
      "ThingSearchPartialNotification",
      "ThingSearchResponse",
      "ThingWriteParams",
    ]);
    expect(report.definitions.removed).toEqual([
      { name: "ThingOldParams", stable: true },
      { name: "ThingOldResponse", stable: true },
      { name: "TimeReadParams", stable: false },
      { name: "TimeReadResponse", stable: false },
    ]);
    const changed = Object.fromEntries(report.definitions.changed.map((d) => [d.name, d]));
    expect(Object.keys(changed)).toEqual(["Display", "ErrorKind", "Realtime", "Thing"]);
    expect(changed["Thing"]).toEqual({
      name: "Thing",
      stable: true,
      changes: ["+tags?: string[]", "-position"],
      before: "{ id: string; label?: string | null; position: integer<int64> }",
      after: "{ id: string; label?: string | null; tags?: string[] }",
    });
    expect(changed["Display"]!.changes).toEqual(["reshaped (see old and new)"]);
    expect(changed["Display"]!.before).toBe("{ action: string }");
    expect(changed["Display"]!.after).toBe('({ mode: "show"; version: integer<uint8> } | { mode: "hide"; replacement: string })');
    expect(changed["ErrorKind"]!.changes).toEqual(['+"bioPolicy"']);
    expect(changed["Realtime"]!.changes).toEqual(['+variant type="inputSaved": { input_item_id: string; type: "inputSaved" }']);
  });

  it("names new formats, and flags the ones the validator does not know", () => {
    expect(report.formats.added).toEqual([
      { format: "uint128", usedBy: ["ThingSearchPartialNotification"] },
      { format: "uint8", usedBy: ["Display"] },
    ]);
    expect(report.formats.unknown).toEqual(["uint128"]);
  });

  it("names results the generator cannot bind, stale overrides, failing patches and snake_case fields", () => {
    expect(report.results.unmapped).toEqual([
      { method: "thing/write", params: "ThingWriteParams", expected: "ThingWriteResponse", candidates: ["ThingSavedResponse"] },
    ]);
    expect(report.results.staleOverrides).toEqual(["thing/old"]);
    expect(report.patches.failing).toEqual([{ id: "Gone.values", error: "schema patch precondition failed: Gone is an object" }]);
    expect(report.patches.snakeCase).toEqual([{ definition: "Realtime", variant: 'type="inputSaved"', fields: ["input_item_id"] }]);
  });

  it("turns the report into hand edits that name the file to change", () => {
    expect(handEdits(report)).toEqual([
      'codegen/methods.mjs: client method thing/write has params ThingWriteParams, but no ThingWriteResponse in the schema; add "thing/write": <one of ThingSavedResponse> to RESULT_OVERRIDES.',
      "codegen/methods.mjs: remove the RESULT_OVERRIDES entry of thing/old (the method is gone).",
      "codegen/patches.mjs: patch Gone.values no longer applies (schema patch precondition failed: Gone is an object); revise or remove it.",
      'codegen/patches.mjs: Realtime variant type="inputSaved" declares snake_case fields input_item_id; add a camelCase patch if the wire spells them in camelCase.',
      'codegen/formats.mjs: add the new format "uint128" to NUMBER_FORMATS.',
      "src/rpc/server-requests.ts: drop the case of the removed server request time/read from failClosedAnswer().",
      "CHANGELOG.md: name the protocol changes of 1.1.0 listed above.",
    ]);
  });

  it("renders every section as text", () => {
    const text = renderReport(report);
    expect(text).toMatch(/^Protocol schema 1\.0\.0 -> 1\.1\.0\n {2}definitions 21 -> 22 \(stable 19 -> 20\), client requests 4 -> 5 \(stable 4\), server requests 2 -> 1, notifications 1 -> 2/);
    for (const line of [
      "Client requests added (2):\n  thing/write (stable) ThingWriteParams\n  thing/search (experimental) ThingSearchParams",
      "Server requests removed (1):\n  time/read (experimental) TimeReadParams",
      "Server notifications added (1):\n  thing/searchPartial (stable) ThingSearchPartialNotification",
      "  Thing (stable)\n    +tags?: string[]\n    -position\n    old: { id: string; label?: string | null; position: integer<int64> }",
      "  uint128 (unknown to codegen/formats.mjs) in ThingSearchPartialNotification",
      "Client results the generator cannot bind (1):\n  thing/write (params ThingWriteParams; no ThingWriteResponse)",
      "Schema patches that no longer apply (1):\n  Gone.values: schema patch precondition failed: Gone is an object",
      "Client notifications added: none",
    ]) {
      expect(text).toContain(line);
    }
  });

  it("is empty between a schema and itself", () => {
    const same = diffSchemas(after, after, tables);
    expect(isEmptyDiff(same)).toBe(true);
    expect(isEmptyDiff(report)).toBe(false);
    expect(handEdits(same).some((edit) => edit.startsWith("CHANGELOG.md"))).toBe(false);
  });

  it("describes nested changes with their path", () => {
    const a = { type: "object", properties: { inner: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] } }, required: [] };
    const b = { type: "object", properties: { inner: { type: "object", properties: { n: { type: "integer", format: "uint8" } } } }, required: ["inner"] };
    expect(describeChange(a, b)).toEqual(["inner is now required", "inner: n is now optional", "inner.n: format: (none) -> \"uint8\""]);
  });
});

describe("the oldest supported runtime across bumps", () => {
  const pinned = { version: "2.4.0", oldestSupported: "2.2.0" };

  it("becomes the previous pin when moving to a newer runtime", () => {
    expect(nextOldestSupported(pinned, { version: "2.5.0" })).toBe("2.4.0");
    expect(nextOldestSupported(pinned, { version: "3.0.0-alpha.1" })).toBe("2.4.0");
  });

  it("stays when re-pinning or moving back within the range, and follows a move below it", () => {
    expect(nextOldestSupported(pinned, { version: "2.4.0" })).toBe("2.2.0");
    expect(nextOldestSupported(pinned, { version: "2.2.0" })).toBe("2.2.0");
    expect(nextOldestSupported(pinned, { version: "2.1.0" })).toBe("2.1.0");
  });

  it("round-trips: back to the oldest, then forward to the pin, restores the range", () => {
    const back = { version: "2.2.0", oldestSupported: nextOldestSupported(pinned, { version: "2.2.0" }) };
    expect(nextOldestSupported(back, { version: pinned.version })).toBe(pinned.oldestSupported);
  });
});

describe("the README's runtime versions", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

  it("state the pinned and oldest supported runtimes", () => {
    expect(writeReadmeVersions(readme, PINNED, OLDEST)).toBe(readme);
    expect(readme).toContain(`Supported runtimes: \`${OLDEST}\` (the oldest) to \`${PINNED}\` (the pin)`);
  });

  it("are rewritten by a bump, and a bump refuses a README without them", () => {
    const bumped = writeReadmeVersions(readme, "9.9.9", "9.8.0");
    expect(bumped).toContain("pinned to exactly `9.9.9`");
    expect(bumped).toContain("Supported runtimes: `9.8.0` (the oldest) to `9.9.9` (the pin)");
    expect(writeReadmeVersions(bumped, PINNED, OLDEST)).toBe(readme);
    expect(() => writeReadmeVersions("# A README", PINNED, OLDEST)).toThrow(/README\.md has no sentence/);
  });
});

describe("the deployment files' runtime version", () => {
  const files = ["docs/deploy/Dockerfile", "docs/deploy/app-server.yaml", "docs/deploy/pool.yaml", "docs/remote.md"];

  it("is the pin, and a bump rewrites it everywhere it is named", () => {
    for (const file of files) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
      expect(writeDeployVersions(text, PINNED)).toBe(text);
      const bumped = writeDeployVersions(text, "9.9.9");
      expect(bumped).not.toContain(`@openai/codex@${PINNED}`);
      expect(bumped).not.toContain(`codex-app-server:${PINNED}`);
      expect(bumped).toMatch(/@openai\/codex@9\.9\.9|codex-app-server:9\.9\.9/);
      expect(writeDeployVersions(bumped, PINNED)).toBe(text);
    }
  });
});
