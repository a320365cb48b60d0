import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../../src/transport/line-splitter.js";

function split(chunks: (string | Buffer)[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return lines;
}

describe("LineSplitter", () => {
  it("splits on \\n and strips a trailing \\r", () => {
    expect(split(["a\nb\r\nc\n"])).toEqual(["a", "b", "c"]);
  });

  it("joins a line spread over many chunks, and flushes an unterminated last line", () => {
    expect(split(["ab", "c", "d\ne", "f"])).toEqual(["abcd", "ef"]);
  });

  it("keeps multi-byte characters split between chunks intact", () => {
    const bytes = Buffer.from("✓é\n");
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(split(chunks)).toEqual(["✓é"]);
  });

  it("emits empty lines (callers skip them)", () => {
    expect(split(["\n\r\n"])).toEqual(["", ""]);
  });

  it("gives the same lines however the bytes are cut into chunks", () => {
    const line = fc.array(fc.constantFrom("a", "é", "✓", "𝄞", "\r", " ", "{}"), { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (lines, cuts) => {
        const bytes = Buffer.from(lines.map((text) => `${text}\n`).join(""));
        const at = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...at, bytes.length].slice(1).map((end, i, ends) => bytes.subarray(i === 0 ? 0 : ends[i - 1]!, end));
        const whole = split([bytes]);
        expect(split(chunks)).toEqual(whole);
        expect(whole).toEqual(lines.map((text) => text.replace(/\r$/, "")));
      }),
    );
  });

  it("stops at a line over the limit inside one chunk, after the lines before it", () => {
    const lines: string[] = [];
    const overflows: number[] = [];
    const splitter = new LineSplitter((text) => lines.push(text), { maxLineBytes: 10, onOverflow: (bytes) => overflows.push(bytes) });
    splitter.push(Buffer.from(`first\nshort\n${"x".repeat(20)}\nnever\n`));
    splitter.push(Buffer.from("after\n"));
    expect(lines).toEqual(["first", "short"]);
    expect(overflows).toEqual([20]);
  });

  it("handles a 16 MB line in 64 KB chunks", () => {
    const size = 16 * 1024 * 1024;
    const big = Buffer.alloc(size + 1, "x");
    big[size] = 0x0a;
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 65536) chunks.push(big.subarray(i, i + 65536));
    const lines = split(chunks);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBe(size);
  });
});
