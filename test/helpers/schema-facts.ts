import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Facts read straight from the raw bundles in schema/ (no codegen code involved), so tests can
 * check the generator's counts and lists against the pinned schema instead of numbers typed by hand.
 */

type Flavor = "stable" | "experimental";
type Union = "ClientRequest" | "ServerRequest" | "ServerNotification";
type Schema = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; oneOf?: Schema[] };

/** One variant of a method union: its method and how it declares params. */
export interface RawMethod {
  method: string;
  /** The params definition, or null when there are none. */
  params: string | null;
  /** Params may be omitted (`anyOf: [$ref, null]`). */
  optional: boolean;
}

const SCHEMA_DIR = fileURLToPath(new URL("../../schema", import.meta.url));
const bundles = new Map<string, { definitions: Record<string, Schema> }>();

function bundle(flavor: Flavor, dir: string): { definitions: Record<string, Schema> } {
  const file = path.join(dir, flavor, "codex_app_server_protocol.schemas.json");
  let found = bundles.get(file);
  if (found === undefined) {
    found = JSON.parse(readFileSync(file, "utf8")) as { definitions: Record<string, Schema> };
    bundles.set(file, found);
  }
  return found;
}

const refName = (schema: unknown): string | null => {
  const ref = (schema as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === "string" ? ref.slice(ref.lastIndexOf("/") + 1) : null;
};

/** Every definition name of a bundle (of schema/ or `dir`), top-level and `v2` namespaces merged, sorted. */
export function definitionNames(flavor: Flavor, dir = SCHEMA_DIR): string[] {
  const { v2, ...top } = bundle(flavor, dir).definitions;
  return [...new Set([...Object.keys(top), ...Object.keys((v2 as Record<string, unknown> | undefined) ?? {})])].sort();
}

/** The methods of one union of a bundle (of schema/ or `dir`), in schema order. */
export function methodsOf(flavor: Flavor, union: Union, dir = SCHEMA_DIR): RawMethod[] {
  return (bundle(flavor, dir).definitions[union]!.oneOf ?? []).map((variant) => {
    const method = (variant.properties!.method!.enum as string[])[0]!;
    const params = variant.properties!.params as { anyOf?: unknown[]; type?: unknown } | undefined;
    if (params === undefined || params.type === "null") return { method, params: null, optional: false };
    if (Array.isArray(params.anyOf)) return { method, params: refName(params.anyOf[0]), optional: true };
    return { method, params: refName(params), optional: false };
  });
}

/** Method names of `union` in the experimental bundle that the stable one lacks. */
export function experimentalOnly(union: Union): string[] {
  const stable = new Set(methodsOf("stable", union).map((m) => m.method));
  return methodsOf("experimental", union).map((m) => m.method).filter((m) => !stable.has(m));
}
