/** One method of a union, with its bound types. */
export interface MethodEntry {
  method: string;
  /** Params definition name; null when the method takes none. */
  params: string | null;
  /** Params may be omitted or null. */
  optional: boolean;
  doc: string;
  deprecated: boolean;
  /** Result definition name (requests only). */
  result?: string;
}

/** The method table of one bundle. */
export interface MethodTable {
  client: MethodEntry[];
  serverRequests: MethodEntry[];
  notifications: MethodEntry[];
  sharedResults: string[];
  methods: Set<string>;
}

/** Client methods whose result type does not follow the `XParams -> XResponse` rule. */
export declare const RESULT_OVERRIDES: Readonly<Record<string, string>>;

/** Builds and checks the method table of flattened definitions; throws on any inconsistency. */
export declare function buildMethodTable(definitions: Record<string, unknown>): MethodTable;

/** Fails if an override names a method the table does not have. */
export declare function assertNoStaleOverrides(table: MethodTable): void;
