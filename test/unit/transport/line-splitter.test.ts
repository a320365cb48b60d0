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
