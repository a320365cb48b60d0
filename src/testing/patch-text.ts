/**
 * One file change of an `apply_patch` call:
 * - `add`: creates the file `path` with `content`;
 * - `delete`: deletes the file `path`;
 * - `update`: replaces the lines `oldText` (which the file must contain) with `newText`, and renames
 *   the file to `moveTo` if given.
 *
 * Paths are relative to the thread's `cwd` (absolute paths work too). Text is split into lines; a
 * trailing newline adds no extra line, and the runtime writes every line with a newline.
 */
export type PatchChange =
  | {
      /** Create a file. */
      type: "add";
      /** The file to create. */
      path: string;
      /** Its text. */
      content: string;
    }
  | {
      /** Delete a file. */
      type: "delete";
      /** The file to delete. */
      path: string;
    }
  | {
      /** Change a file. */
      type: "update";
      /** The file to change. */
      path: string;
      /** The lines to replace, which the file must contain. */
      oldText: string;
      /** The lines to put in their place. */
      newText: string;
      /** A new path to move the file to, if given. */
      moveTo?: string;
    };

function lines(text: string): string[] {
  if (text === "") return [];
  const split = text.split("\n");
  if (split[split.length - 1] === "") split.pop();
  return split;
}

function hunk(change: PatchChange): string[] {
  switch (change.type) {
    case "add":
      return [`*** Add File: ${change.path}`, ...lines(change.content).map((line) => `+${line}`)];
    case "delete":
      return [`*** Delete File: ${change.path}`];
    case "update":
      return [
        `*** Update File: ${change.path}`,
        ...(change.moveTo !== undefined ? [`*** Move to: ${change.moveTo}`] : []),
        "@@",
        ...lines(change.oldText).map((line) => `-${line}`),
        ...lines(change.newText).map((line) => `+${line}`),
      ];
  }
}

/** The `apply_patch` input (`*** Begin Patch` … `*** End Patch`) that makes `changes`, in order. */
export function patchText(changes: readonly PatchChange[]): string {
  return ["*** Begin Patch", ...changes.flatMap(hunk), "*** End Patch"].join("\n");
}
