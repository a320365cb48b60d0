/** What one pipeline run measured and decided (see pipeline.mjs). */
export interface PipelineStats {
  runtimeVersion: string;
  /** The oldest runtime the SDK supports (runtime-version.json `oldestSupported`). */
  oldestSupportedVersion: string;
  definitions: number;
  stableDefinitions: number;
  /** Every exported name of protocol.ts, sorted. */
  exports: string[];
  /** Ids of the schema patches applied, in order. */
  patches: string[];
  /** The \`format\` keywords the schema uses, sorted. */
  formats: string[];
  clientMethods: number;
  stableClientMethods: number;
  serverRequests: number;
  stableServerRequests: number;
  notifications: number;
  experimentalClientMethods: string[];
  experimentalServerRequests: string[];
  experimentalDefinitions: string[];
  experimentalProperties: string[];
  experimentalVariants: string[];
  /** Result types shared by several client methods. */
  sharedResults: string[];
  /** Client method -> result definition name. */
  results: Record<string, string>;
}

/** The repository root. */
export declare const REPO_ROOT: string;

/** Runs the code generation in memory: file name (in generated/) -> contents. */
export declare function runPipeline(schemaDir?: string): Promise<{ files: Record<string, string>; stats: PipelineStats }>;
