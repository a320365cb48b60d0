import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const read = (file: string) => readFileSync(join(root, file), "utf8");

/**
 * The headings of the Python SDK's FAQ (`sdk/python/docs/faq.md` in openai/codex), in order: the
 * specification this SDK answers. docs/faq.md keeps each heading's text and answers it for
 * TypeScript, before the questions of its own.
 */
const SPECIFICATION_HEADINGS = [
  "Thread vs turn",
  "run() vs stream()",
  "Sync vs async clients",
  "Public kwargs are snake_case",
  "Why only thread_start(...) and thread_resume(...)?",
  "Why does constructor fail?",
  'Why does a turn "hang"?',
  "How do I retry safely?",
  "Common pitfalls",
];

/** The anchors GitHub gives a markdown file's headings: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-"));
  }
  return anchors;
}

/** Level-2 headings of a markdown file, outside code blocks. */
function headings(markdown: string): string[] {
  let inCode = false;
  const found: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) inCode = !inCode;
    else if (!inCode && line.startsWith("## ")) found.push(line.slice(3).trim());
  }
  return found;
}

describe("docs/faq.md", () => {
  const faq = headings(read("docs/faq.md"));

  it("has every heading of the specification's FAQ, in its order, first", () => {
    expect(faq.slice(0, SPECIFICATION_HEADINGS.length)).toEqual(SPECIFICATION_HEADINGS);
  });

  it("goes on with the questions users of this SDK ask", () => {
    expect(faq.length).toBeGreaterThan(SPECIFICATION_HEADINGS.length + 10);
    expect(new Set(faq).size).toBe(faq.length);
  });
});

describe("links between the documents", () => {
  const docs = ["README.md", "CHANGELOG.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
  const examples = readdirSync(join(root, "examples")).filter((name) => name.endsWith(".ts"));

  it.each(docs)("every relative link of %s points at a file (and heading) that exists", (doc) => {
    const text = read(doc).replace(/```[\s\S]*?```/g, "");
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/i.test(target));
    const broken = targets.filter((target) => {
      const [path, anchor] = target.split("#") as [string, string | undefined];
      const file = path === "" ? doc : normalize(join(dirname(doc), path));
      if (file.startsWith(normalize("docs/api"))) return false; // built by `npm run docs`, not committed
      if (!existsSync(join(root, file))) return true;
      return anchor !== undefined && file.endsWith(".md") && !headingAnchors(read(file)).has(anchor);
    });
    expect(broken).toEqual([]);
  });

  it("the README links the FAQ, the API reference and every example", () => {
    const readme = read("README.md");
    expect(readme).toContain("](docs/faq.md)");
    expect(readme).toContain("npm run docs");
    for (const example of examples) expect(readme).toContain(`examples/${example}`);
  });
});
