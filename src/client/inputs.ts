import type { UserInput } from "../../generated/protocol.js";
import { describeValue, isPlainObject as isRecord } from "../internal/values.js";

/**
 * What a turn takes as input: a string (sent as one text item), one `UserInput` wire item, or an
 * array of them. The helpers `textInput`, `imageInput`, `localImageInput`, `skillInput` and
 * `mentionInput` build the items.
 */
export type RunInput = string | UserInput | readonly UserInput[];

/** The `UserInput` text item that `textInput()` builds. */
export type TextUserInput = Extract<UserInput, { type: "text" }>;
/** The `UserInput` image-by-URL item that `imageInput()` builds. */
export type ImageUserInput = Extract<UserInput, { type: "image"; url: string }>;
/** The `UserInput` local image item that `localImageInput()` builds. */
export type LocalImageUserInput = Extract<UserInput, { type: "localImage" }>;
/** The `UserInput` skill item that `skillInput()` builds. */
export type SkillUserInput = Extract<UserInput, { type: "skill" }>;
/** The `UserInput` mention item that `mentionInput()` builds. */
export type MentionUserInput = Extract<UserInput, { type: "mention" }>;

/** The `UserInput` audio-by-URL item that `audioInput()` builds. */
export type AudioUserInput = Extract<UserInput, { type: "audio"; url: string }>;
/** The `UserInput` local audio item that `localAudioInput()` builds. */
export type LocalAudioUserInput = Extract<UserInput, { type: "localAudio" }>;

const LONE_SURROGATE =
  "a lone UTF-16 surrogate (half of an emoji or other astral character), which the server cannot read; " +
  "check String.prototype.isWellFormed() or repair it with toWellFormed()";

/** URL schemes an image or audio input may use. */
const MEDIA_URL_SCHEMES = ["http:", "https:", "data:"];

/** Checks a helper's argument: a non-empty, well-formed string (and, for `url`, an http(s) or data URL). */
function requireText(call: string, name: string, value: unknown, kind: "text" | "url" = "text"): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${call} needs ${name} as a non-empty string, got ${describeValue(value)}.`);
  }
  if (!value.isWellFormed()) throw new TypeError(`${call} got ${name} with ${LONE_SURROGATE}.`);
  if (kind === "url" && !isMediaUrl(value)) {
    throw new TypeError(
      `${call} needs ${name} as an http(s) or data: URL, got ${describeValue(value)}. For a file on the server's machine use the local variant.`,
    );
  }
}

function isMediaUrl(value: string): boolean {
  try {
    return MEDIA_URL_SCHEMES.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A text item: `{ type: "text", text }`. */
export function textInput(text: string): TextUserInput {
  requireText("textInput()", "text", text);
  return { type: "text", text };
}

/**
 * An image by URL: `{ type: "image", url }` (an http(s) or base64 `data:image/...` URL); for a
 * file on disk use `localImageInput`.
 */
export function imageInput(url: string): ImageUserInput {
  requireText("imageInput()", "url", url, "url");
  return { type: "image", url };
}

/** An image file on the server's machine: `{ type: "localImage", path }`. */
export function localImageInput(path: string): LocalImageUserInput {
  requireText("localImageInput()", "path", path);
  return { type: "localImage", path };
}

/** Audio by URL: `{ type: "audio", url }` (an http(s) or base64 `data:audio/...` URL); for a file on disk use `localAudioInput`. */
export function audioInput(url: string): AudioUserInput {
  requireText("audioInput()", "url", url, "url");
  return { type: "audio", url };
}

/** An audio file on the server's machine: `{ type: "localAudio", path }`. */
export function localAudioInput(path: string): LocalAudioUserInput {
  requireText("localAudioInput()", "path", path);
  return { type: "localAudio", path };
}

/** A skill reference: `{ type: "skill", name, path }`. */
export function skillInput(name: string, path: string): SkillUserInput {
  requireText("skillInput()", "name", name);
  requireText("skillInput()", "path", path);
  return { type: "skill", name, path };
}

/** A mention of a file or resource: `{ type: "mention", name, path }`. */
export function mentionInput(name: string, path: string): MentionUserInput {
  requireText("mentionInput()", "name", name);
  requireText("mentionInput()", "path", path);
  return { type: "mention", name, path };
}

const IMAGE_DETAILS = ["auto", "low", "high", "original"];

const ITEM_TYPES = ["text", "image", "localImage", "audio", "localAudio", "skill", "mention"];

function itemError(where: string, problem: string): TypeError {
  return new TypeError(
    `Turn input ${where} ${problem}. Build items with textInput(), imageInput(), localImageInput(), audioInput(), ` +
      "localAudioInput(), skillInput() or mentionInput(), or pass a string.",
  );
}

function fieldIs(item: Record<string, unknown>, where: string, field: string, expected: "string"): void {
  const value = item[field];
  if (typeof value !== expected || (value as string).trim() === "") {
    throw itemError(where, `needs "${field}" as a non-empty ${expected}, got ${describeValue(value)}`);
  }
  if (!(value as string).isWellFormed()) throw itemError(where, `has "${field}" with ${LONE_SURROGATE}`);
}

function checkUrlOrFileId(item: Record<string, unknown>, where: string): void {
  const hasUrl = item.url !== undefined;
  const hasFileId = item.fileId !== undefined;
  if (!hasUrl && !hasFileId) throw itemError(where, 'needs a "url" (or a "fileId") string');
  if (hasUrl) {
    fieldIs(item, where, "url", "string");
    if (!isMediaUrl(item.url as string)) throw itemError(where, `has "url" ${describeValue(item.url)}, which is not an http(s) or data: URL`);
  }
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
    if (input.trim() === "") throw new TypeError("Turn input is an empty string. Pass the text of the prompt, or input items.");
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
