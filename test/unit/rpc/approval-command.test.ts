import { describe, expect, it } from "vitest";
import { approvalCommand, shellWords } from "../../../src/rpc/approval-command.js";

describe("approvalCommand", () => {
  it("unwraps the server's shell wrapper and splits a simple command into words", () => {
    expect(approvalCommand("/bin/bash -lc 'git status'")).toEqual({ text: "git status", argv: ["git", "status"], raw: "/bin/bash -lc 'git status'" });
    expect(approvalCommand("/bin/bash -c 'touch a.txt'")).toMatchObject({ text: "touch a.txt", argv: ["touch", "a.txt"] });
    expect(approvalCommand(`bash -lc 'git commit -m '"'"'a b'"'"''`)).toMatchObject({ argv: ["git", "commit", "-m", "a b"] });
  });

  it("keeps the text but gives no argv for shell syntax, so an allow-list by argv declines it", () => {
    for (const script of ["echo hi > out.txt", "touch a && rm -rf b", "ls | wc -l", "echo $HOME", "rm *.txt", "cat `which sh`", "(cd x; ls)"]) {
      const wrapped = `/bin/bash -lc '${script}'`;
      expect(approvalCommand(wrapped)).toEqual({ text: script, argv: null, raw: wrapped });
    }
  });

  it("reads the legacy argv form and a command without a wrapper", () => {
    expect(approvalCommand(["bash", "-lc", "git diff"])).toMatchObject({ text: "git diff", argv: ["git", "diff"] });
    expect(approvalCommand(["git", "log", "--oneline"])).toMatchObject({ text: "git log --oneline", argv: ["git", "log", "--oneline"] });
    expect(approvalCommand("git status")).toMatchObject({ text: "git status", argv: ["git", "status"] });
    expect(approvalCommand(undefined)).toBeNull();
    expect(approvalCommand([])).toBeNull();
  });
});

describe("shellWords", () => {
  it("follows POSIX quoting for a simple command", () => {
    expect(shellWords(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(["a", "b c", 'd "e"', "f g"]);
    expect(shellWords("  spaced   out  ")).toEqual(["spaced", "out"]);
    expect(shellWords("''")).toEqual([""]);
  });

  it("gives up on unterminated quotes and expansions inside double quotes", () => {
    expect(shellWords("'open")).toBeNull();
    expect(shellWords('"open')).toBeNull();
    expect(shellWords('"$HOME"')).toBeNull();
    expect(shellWords("trailing\\")).toBeNull();
  });
});
