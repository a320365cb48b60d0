import type { SchemaDir } from "./runtime-schema.mjs";

/** One method added or removed. */
export interface MethodChange {
  method: string;
  params: string | null;
  stable: boolean;
}

/** Methods of one union added and removed. */
export interface MethodChanges {
  added: MethodChange[];
  removed: MethodChange[];
}

/** What a move between two runtime schemas changes (see schema-diff.mjs). */
export interface SchemaDiffReport {
  from: string;
  to: string;
  counts: { before: Record<string, number>; after: Record<string, number> };
  clientRequests: MethodChanges;
  serverRequests: MethodChanges;
  notifications: MethodChanges;
  clientNotifications: MethodChanges;
  definitions: {
    added: { name: string; stable: boolean }[];
    removed: { name: string; stable: boolean }[];
    changed: { name: string; stable: boolean; changes: string[]; before: string; after: string }[];
  };
  formats: { added: { format: string; usedBy: string[] }[]; removed: string[]; unknown: string[] };
  results: {
    unmapped: { method: string; params: string | null; expected: string | null; candidates: string[] }[];
    shadowing: { method: string; override: string; conventional: string }[];
    staleOverrides: string[];
    missingOverrideTypes: { method: string; type: string }[];
    unboundResponses: string[];
  };
  patches: {
    failing: { id: string; error: string }[];
    snakeCase: { definition: string; variant: string; fields: string[] }[];
  };
}

/** The generator tables the report judges against; each defaults to the generator's own. */
export interface DiffTables {
  resultOverrides?: Readonly<Record<string, string>>;
  patches?: ReadonlyArray<{ id: string; target: string; apply(definitions: Record<string, unknown>): void }>;
  numberFormats?: Readonly<Record<string, unknown>>;
}

/** Compares two schema folders. */
export declare function diffSchemas(before: SchemaDir, after: SchemaDir, tables?: DiffTables): SchemaDiffReport;
/** Whether the protocol did not change. */
export declare function isEmptyDiff(report: SchemaDiffReport): boolean;
/** The edits to make or review by hand, each naming its file. */
export declare function handEdits(report: SchemaDiffReport): string[];
/** The report as text. */
export declare function renderReport(report: SchemaDiffReport): string;
/** A short TypeScript-like rendering of a schema. */
export declare function summarize(schema: unknown, depth?: number): string;
/** What changed from schema `a` to `b`, as short lines. */
export declare function describeChange(a: unknown, b: unknown, where?: string): string[];
