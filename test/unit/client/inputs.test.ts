import { describe, expect, it } from "vitest";
import {
  audioInput,
  imageInput,
  localAudioInput,
  localImageInput,
  mentionInput,
  normalizeInput,
  skillInput,
  textInput,
} from "../../../src/client/inputs.js";

describe("input helpers", () => {
  it("build the wire items", () => {
    expect(textInput("hi")).toEqual({ type: "text", text: "hi" });
    expect(imageInput("data:image/png;base64,AAAA")).toEqual({ type: "image", url: "data:image/png;base64,AAAA" });
    expect(localImageInput("/tmp/a.png")).toEqual({ type: "localImage", path: "/tmp/a.png" });
    expect(skillInput("lint", "/skills/lint/SKILL.md")).toEqual({ type: "skill", name: "lint", path: "/skills/lint/SKILL.md" });
    expect(mentionInput("main.ts", "/repo/main.ts")).toEqual({ type: "mention", name: "main.ts", path: "/repo/main.ts" });
  });

  it("build audio items", () => {
    expect(audioInput("https://example.com/a.wav")).toEqual({ type: "audio", url: "https://example.com/a.wav" });
    expect(localAudioInput("/tmp/a.wav")).toEqual({ type: "localAudio", path: "/tmp/a.wav" });
  });

  it("reject empty strings, strings that are not URLs where a URL is needed, and lone surrogates", () => {
    expect(() => imageInput("")).toThrow(/imageInput\(\) needs url as a non-empty string/);
    expect(() => imageInput("not a url")).toThrow(/imageInput\(\) needs url as an http\(s\) or data: URL, got string "not a url"/);
    expect(() => imageInput("file:///etc/passwd")).toThrow(TypeError);
    expect(() => audioInput("   ")).toThrow(TypeError);
    expect(() => textInput("")).toThrow(/non-empty/);
    expect(() => textInput("half \ud83d")).toThrow(/lone UTF-16 surrogate/);
    expect(() => localAudioInput("")).toThrow(TypeError);
  });

  it("reject non-string arguments", () => {
    expect(() => textInput(3 as never)).toThrow(/textInput\(\) needs text as a non-empty string, got number 3/);
    expect(() => imageInput(undefined as never)).toThrow(/imageInput\(\) needs url as a non-empty string/);
    expect(() => localImageInput(null as never)).toThrow(/localImageInput\(\) needs path/);
    expect(() => skillInput("a", 1 as never)).toThrow(/skillInput\(\) needs path/);
    expect(() => mentionInput(1 as never, "p")).toThrow(/mentionInput\(\) needs name/);
  });
});

describe("normalizeInput", () => {
  it("turns a string into one text item", () => {
    expect(normalizeInput("hello")).toEqual([{ type: "text", text: "hello" }]);
    expect(() => normalizeInput("")).toThrow(/empty string/);
    expect(() => normalizeInput("broken \ud83d")).toThrow(/lone UTF-16 surrogate/);
  });

  it("wraps one item and copies an array", () => {
    const item = textInput("a");
    expect(normalizeInput(item)).toEqual([item]);
    const list = [textInput("a"), localImageInput("/x.png")];
    const out = normalizeInput(list);
    expect(out).toEqual(list);
    expect(out).not.toBe(list);
  });

  it("accepts every wire item kind, raw", () => {
    expect(
      normalizeInput([
        { type: "text", text: "t", text_elements: [] },
        { type: "image", url: "https://example.com/i.png", detail: "high" },
        { type: "image", fileId: "file_1" },
        { type: "localImage", path: "/p", detail: null },
        { type: "audio", url: "data:audio/wav;base64,AAAA" },
        { type: "localAudio", path: "/a.wav" },
        { type: "skill", name: "n", path: "/p" },
        { type: "mention", name: "n", path: "/p" },
      ]),
    ).toHaveLength(8);
  });

  it("rejects malformed input with a TypeError", () => {
    expect(() => normalizeInput([])).toThrow(/empty array/);
    expect(() => normalizeInput(undefined as never)).toThrow(/Turn input is undefined/);
    expect(() => normalizeInput(42 as never)).toThrow(/must be an input item object or a string, got number 42/);
    expect(() => normalizeInput({ type: "txt", text: "a" } as never)).toThrow(/unknown "type" string "txt"; expected one of text, image/);
    expect(() => normalizeInput({ text: "a" } as never)).toThrow(/unknown "type" undefined/);
    expect(() => normalizeInput({ type: "text" } as never)).toThrow(/needs "text" as a non-empty string, got undefined/);
    expect(() => normalizeInput({ type: "text", text: 1 } as never)).toThrow(/needs "text" as a non-empty string, got number 1/);
    expect(() => normalizeInput({ type: "image" } as never)).toThrow(/needs a "url" \(or a "fileId"\) string/);
    expect(() => normalizeInput({ type: "image", url: 5 } as never)).toThrow(/"url" as a non-empty string/);
    expect(() => normalizeInput({ type: "image", url: "https://example.com/i.png", detail: "max" } as never)).toThrow(/"detail" string "max"/);
    expect(() => normalizeInput({ type: "image", url: "not a url" } as never)).toThrow(/not an http\(s\) or data: URL/);
    expect(() => normalizeInput({ type: "text", text: "" } as never)).toThrow(/non-empty/);
    expect(() => normalizeInput({ type: "skill", name: "n" } as never)).toThrow(/needs "path"/);
    expect(() => normalizeInput([textInput("ok"), "raw string" as never])).toThrow(/Turn input item 1 must be an input item object/);
    expect(() => normalizeInput([textInput("ok"), { type: "mention", path: "/p" } as never])).toThrow(/item 1 needs "name"/);
    expect(() => normalizeInput({ type: "text", text: "a", text_elements: "x" } as never)).toThrow(/text_elements/);
  });
});
