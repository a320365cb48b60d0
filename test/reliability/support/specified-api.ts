import type { CodexOptions, TurnHandle } from "../../../src/index.js";
import type { ServerNotification } from "../../../src/types.js";

/**
 * Options and calls that the SDK's reliability guarantees name, reached through loose types so the
 * suite compiles whether or not the declarations list them yet:
 * - `TurnHandle.stream({ highWaterMark })`: the bound of a stream's buffer, past which consecutive
 *   text deltas of one item are merged;
 * - the `maxLineBytes` option of `Codex`: the longest stdout line the stdio transport accepts
 *   (default {@link DEFAULT_MAX_LINE_BYTES}).
 */

/** Options of `TurnHandle.stream()`. */
export interface StreamOptions {
  /** Events buffered for a slow reader before text deltas are merged. */
  highWaterMark?: number;
}

/** `handle.stream(options)`. */
export function streamOf(handle: TurnHandle, options: StreamOptions): AsyncIterableIterator<ServerNotification> {
  const stream = handle.stream as (this: TurnHandle, options?: StreamOptions) => AsyncIterableIterator<ServerNotification>;
  return stream.call(handle, options);
}

/** The name of the line-length option of `Codex`. */
export const MAX_LINE_BYTES_OPTION = "maxLineBytes";

/** The documented default of the line-length cap: 64 MiB. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** `options` with the line-length cap set to `bytes`. */
export function withMaxLineBytes(options: CodexOptions, bytes: number): CodexOptions {
  return { ...options, [MAX_LINE_BYTES_OPTION]: bytes } as CodexOptions;
}
