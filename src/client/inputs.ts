import type { UserInput } from "../../generated/protocol.js";
import { describeValue, isPlainObject as isRecord } from "../internal/values.js";

/**
 * What a turn takes as input: a string (sent as one text item), one `UserInput` wire item, or an
 * array of them. The helpers `textInput`, `imageInput`, `localImageInput`, `skillInput` and
 * `mentionInput` build the items.
 */
export type RunInput = string | UserInput | readonly UserInput[];

/** The `UserInput` text item that `textInput()` builds. */
type TextUserInput = Extract<UserInput, { type: "text" }>;
/** The `UserInput` image-by-URL item that `imageInput()` builds. */
type ImageUserInput = Extract<UserInput, { type: "image"; url: string }>;
/** The `UserInput` local image item that `localImageInput()` builds. */
type LocalImageUserInput = Extract<UserInput, { type: "localImage" }>;
/** The `UserInput` skill item that `skillInput()` builds. */
type SkillUserInput = Extract<UserInput, { type: "skill" }>;
/** The `UserInput` mention item that `mentionInput()` builds. */
type MentionUserInput = Extract<UserInput, { type: "mention" }>;

function requireString(call: string, name: string, value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`${call} needs ${name} as a string, got ${describeValue(value)}.`);
  }
}

/** A text item: `{ type: "text", text }`. */
export function textInput(text: string): TextUserInput {
  requireString("textInput()", "text", text);
  return { type: "text", text };
}

/**
 * An image by URL: `{ type: "image", url }`. Prefer a base64 `data:image/...` URL; for a file on
 * disk use `localImageInput`.
 */
export function imageInput(url: string): ImageUserInput {
  requireString("imageInput()", "url", url);
  return { type: "image", url };
}

/** An image file on the server's machine: `{ type: "localImage", path }`. */
export function localImageInput(path: string): LocalImageUserInput {
  requireString("localImageInput()", "path", path);
  return { type: "localImage", path };
}

/** A skill reference: `{ type: "skill", name, path }`. */
export function skillInput(name: string, path: string): SkillUserInput {
  requireString("skillInput()", "name", name);
  requireString("skillInput()", "path", path);
  return { type: "skill", name, path };
}

/** A mention of a file or resource: `{ type: "mention", name, path }`. */
export function mentionInput(name: string, path: string): MentionUserInput {
  requireString("mentionInput()", "name", name);
  requireString("mentionInput()", "path", path);
  return { type: "mention", name, path };
}

const IMAGE_DETAILS = ["auto", "low", "high", "original"];

const ITEM_TYPES = ["text", "image", "localImage", "audio", "localAudio", "skill", "mention"];

function itemError(where: string, problem: string): TypeError {
  return new TypeError(
    `Turn input ${where} ${problem}. Build items with textInput(), imageInput(), localImageInput(), ` +
      "skillInput() or mentionInput(), or pass a string.",
  );
}

const LONE_SURROGATE =
  "a lone UTF-16 surrogate (half of an emoji or other astral character), which the server cannot read; " +
  "check String.prototype.isWellFormed() or repair it with toWellFormed()";

function fieldIs(item: Record<string, unknown>, where: string, field: string, expected: "string"): void {
  const value = item[field];
  if (typeof value !== expected) {
    throw itemError(where, `needs "${field}" as a ${expected}, got ${describeValue(value)}`);
  }
  if (!(value as string).isWellFormed()) throw itemError(where, `has "${field}" with ${LONE_SURROGATE}`);
}

function checkUrlOrFileId(item: Record<string, unknown>, where: string): void {
  const hasUrl = item.url !== undefined;
  const hasFileId = item.fileId !== undefined;
  if (!hasUrl && !hasFileId) throw itemError(where, 'needs a "url" (or a "fileId") string');
  if (hasUrl) fieldIs(item, where, "url", "string");
  if (hasFileId) fieldIs(item, where, "fileId", "string");
}

function checkDetail(item: Record<string, unknown>, where: string): void {
  const detail = item.detail;
  if (detail === undefined || detail === null) return;
  if (typeof detail !== "string" || !IMAGE_DETAILS.includes(detail)) {
    throw itemError(where, `has "detail" ${describeValue(detail)}; use one of ${IMAGE_DETAILS.join(", ")} or null`);
  }
}

/** Throws a TypeError unless `item` is a well-formed `UserInput` wire item. */
function checkItem(item: unknown, where: string): asserts item is UserInput {
  if (!isRecord(item)) throw itemError(where, `must be an input item object or a string, got ${describeValue(item)}`);
  switch (item.type) {
    case "text":
      fieldIs(item, where, "text", "string");
      if (item.text_elements !== undefined && !Array.isArray(item.text_elements)) {
        throw itemError(where, `has "text_elements" ${describeValue(item.text_elements)}; it must be an array`);
      }
      return;
    case "image":
      checkUrlOrFileId(item, where);
      checkDetail(item, where);
      return;
    case "localImage":
      fieldIs(item, where, "path", "string");
      checkDetail(item, where);
      return;
    case "audio":
      checkUrlOrFileId(item, where);
      return;
    case "localAudio":
      fieldIs(item, where, "path", "string");
      return;
    case "skill":
    case "mention":
      fieldIs(item, where, "name", "string");
      fieldIs(item, where, "path", "string");
      return;
    default:
      throw itemError(
        where,
        `has an unknown "type" ${describeValue(item.type)}; expected one of ${ITEM_TYPES.join(", ")}`,
      );
  }
}

/**
 * Turns a `RunInput` into the `UserInput[]` that `turn/start` and `turn/steer` send. A string
 * becomes one text item. Throws a `TypeError` for an empty array or a malformed item, so nothing is
 * sent.
 */
export function normalizeInput(input: RunInput): UserInput[] {
  if (typeof input === "string") {
    if (!input.isWellFormed()) throw new TypeError(`Turn input text has ${LONE_SURROGATE}.`);
    return [{ type: "text", text: input }];
  }
  if (Array.isArray(input)) {
    if (input.length === 0) {
      throw new TypeError("Turn input is an empty array. Pass a string, an input item, or a non-empty array of items.");
    }
    const items: UserInput[] = new Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const item: unknown = input[i];
      checkItem(item, `item ${i}`);
      items[i] = item;
    }
    return items;
  }
  if (input === undefined || input === null) {
    throw new TypeError(`Turn input is ${describeValue(input)}. Pass a string, an input item, or an array of items.`);
  }
  checkItem(input, "item");
  return [input as UserInput];
}
