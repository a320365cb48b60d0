import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, it } from "vitest";

// The package as `npm pack` would publish it (dist/ as built) passes publint without errors.

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("packed package", () => {
  it("passes publint with no errors", async () => {
    const { messages, pkg } = await publint({ pkgDir: root, pack: "npm", level: "error" });
    const errors = messages.filter((m) => m.type === "error").map((m) => formatMessage(m, pkg) ?? m.code);
    expect(errors).toEqual([]);
    expect(pkg.name).toBe("codex-app-server-sdk");
  }, 60_000);
});
