/** The reviewed schema patches, in the order they are applied. */
export declare const SCHEMA_PATCHES: ReadonlyArray<{ id: string; target: string; why: string; apply(definitions: Record<string, unknown>): void }>;
