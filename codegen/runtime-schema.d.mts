/** A schema folder as read back: the versions of runtime-version.json and both raw bundles. */
export interface SchemaDir {
  version: string;
  oldestSupported?: string;
  stable: unknown;
  experimental: unknown;
}

export declare const BUNDLE: string;
export declare const FLAVORS: readonly string[];
export declare const RUNTIME_PACKAGE: string;
/** The devDependency alias under which the oldest supported runtime is installed. */
export declare const OLDEST_RUNTIME_ALIAS: string;

/** `major.minor.patch[-pre]` comparison, like a sort comparator. */
export declare function compareVersions(a: string, b: string): number;
/** Whether `text` is a `major.minor.patch[-pre]` version. */
export declare function isVersion(text: unknown): boolean;
/** Dumps the schema of the runtime package at `packageDir` into `outDir`. */
export declare function dumpSchema(
  packageDir: string,
  outDir: string,
  options?: { oldestSupported?: string },
): { version: string; codexVersion: string };
/** Reads a schema folder. */
export declare function readSchemaDir(dir: string): SchemaDir;
