import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The source keeps its architecture visible: no import cycles (type-only imports included), and
// none of the side doors the core once had.

const src = fileURLToPath(new URL("../../../src", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every file under src/ and the src/ files it imports (relative imports only), as paths relative to src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (!specifier.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts"));
      if (target.startsWith(src)) targets.push(path.relative(src, target));
    }
    graph.set(path.relative(src, file), targets);
  }
  return graph;
}

/** The import cycles of a graph (Tarjan's strongly connected components of more than one file, or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

describe("source structure", () => {
  it("finds the imports it is meant to check", () => {
    const graph = importGraph();
    expect(graph.get("client/thread.ts")).toContain("client/turn-stream.ts");
    expect(graph.get("rpc/connection.ts")).toContain("rpc/validator.ts"); // the lazy import() counts too
  });

  it("has no import cycle in src/, type-only imports included", () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it("detects a cycle when there is one", () => {
    expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
  });

  it("keeps rpc/ and transport/ free of client/, and transport/ free of rpc/", () => {
    for (const [file, targets] of importGraph()) {
      if (file.startsWith("rpc/") || file.startsWith("transport/")) {
        expect({ file, client: targets.filter((t) => t.startsWith("client/")) }).toEqual({ file, client: [] });
      }
      if (file.startsWith("transport/")) expect({ file, rpc: targets.filter((t) => t.startsWith("rpc/")) }).toEqual({ file, rpc: [] });
    }
  });

  it("has no static initialisation blocks or module-level side doors in client/, and no write-error side channel in rpc/", () => {
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, "utf8");
      const relative = path.relative(src, file);
      if (relative.startsWith("client/")) {
        expect({ relative, staticBlock: /\bstatic\s*\{/.test(text) }).toEqual({ relative, staticBlock: false });
        expect({ relative, sideDoor: /^let\s+\w+\s*:/m.test(text) }).toEqual({ relative, sideDoor: false });
      }
      if (relative.startsWith("rpc/")) expect({ relative, takeThrown: /takeThrown|lastThrown/.test(text) }).toEqual({ relative, takeThrown: false });
    }
  });
});
