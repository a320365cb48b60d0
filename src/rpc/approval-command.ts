/** The command a command-execution approval asks about, unwrapped from the shell the server runs it in. */
export interface ApprovalCommand {
  /**
   * The command line as the model wrote it: the server's `command` without the shell wrapper it
   * adds (`/bin/bash -lc '…'`), e.g. `git status`.
   */
  readonly text: string;
  /**
   * Its words when it is one simple command (words and quotes only), e.g. `["git", "status"]`;
   * `null` when it uses shell syntax a word list cannot express (pipes, `&&`, `;`, redirections,
   * `$`, globs, backquotes, subshells). A policy that allows by `argv` declines those by design.
   */
  readonly argv: readonly string[] | null;
  /** The command exactly as the server sent it. */
  readonly raw: string;
}

/** `bash -lc <script>`, `/bin/sh -c <script>` and the like: the wrapper the server puts around the model's command. */
const SHELL_WRAPPER = /^(?:\S*\/)?(?:bash|sh|zsh|dash)\s+-l?c\s+([\s\S]+)$/;
const SHELLS = new Set(["bash", "sh", "zsh", "dash"]);
/** Characters that make a command line more than a list of words, unless quoted. */
const SHELL_SYNTAX = new Set([..."|&;<>()$`*?[]{}~!#\n"]);

/** The command of a `item/commandExecution/requestApproval` (a string) or legacy `execCommandApproval` (an argv array). */
export function approvalCommand(command: unknown): ApprovalCommand | null {
  if (typeof command === "string") {
    const wrapped = SHELL_WRAPPER.exec(command.trim());
    const script = wrapped ? shellWords(wrapped[1]!) : null;
    const text = script?.length === 1 ? script[0]! : command;
    return { text, argv: shellWords(text), raw: command };
  }
  if (Array.isArray(command) && command.length > 0 && command.every((word) => typeof word === "string")) {
    const words = command as string[];
    const shell = words[0]!.split("/").at(-1)!;
    if (SHELLS.has(shell) && (words[1] === "-c" || words[1] === "-lc") && words.length === 3) {
      return { text: words[2]!, argv: shellWords(words[2]!), raw: words.join(" ") };
    }
    return { text: words.map(quoteWord).join(" "), argv: words, raw: words.join(" ") };
  }
  return null;
}

/**
 * Splits a command line into words the way a POSIX shell would for a simple command: single
 * quotes, double quotes (with `\` escapes) and backslashes. `null` when it holds unquoted shell
 * syntax or an unterminated quote.
 */
export function shellWords(line: string): string[] | null {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (char === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        else if (line[j] === "$" || line[j] === "`") return null;
        word += line[j];
      }
      if (j >= line.length) return null;
      inWord = true;
      i = j;
    } else if (char === "\\") {
      if (i + 1 >= line.length) return null;
      word += line[++i];
      inWord = true;
    } else if (char === " " || char === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (SHELL_SYNTAX.has(char)) {
      return null;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
