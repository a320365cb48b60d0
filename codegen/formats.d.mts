/** The number formats the validator knows, with the values each accepts. */
export declare const NUMBER_FORMATS: Readonly<Record<string, { integer: boolean; minimum?: number; maximum?: number }>>;
/** Every format used in the definitions: format -> definitions using it. */
export declare function collectFormats(definitions: Record<string, unknown>): Map<string, string[]>;
/** Throws on a format NUMBER_FORMATS lacks; returns the formats used. */
export declare function assertKnownFormats(definitions: Record<string, unknown>): string[];
