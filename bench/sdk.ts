/**
 * The SDK as its users run it: the built package in dist/ (the runner rebuilds it first when a
 * source file is newer), not the TypeScript sources, so build options such as `keepNames` and the
 * lazy chunks are part of what is measured.
 */
import type * as Sdk from "../src/index.js";
import { ensureBuilt } from "./fresh-build.js";

ensureBuilt();
const built = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof Sdk;

/** The built package's `Codex`. */
export const Codex = built.Codex;
/** The built package's `Codex` instance type. */
export type Codex = Sdk.Codex;
/** The built package's `CodexPool`. */
export const CodexPool = built.CodexPool;
/** The built package's `CodexPool` instance type. */
export type CodexPool = Sdk.CodexPool;
/** The `Thread` type of the package. */
export type Thread = Sdk.Thread;
