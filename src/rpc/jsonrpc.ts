/** The vscode-jsonrpc module the connection is built on. */
export type JsonRpcModule = typeof import("vscode-jsonrpc/node");

let loading: Promise<JsonRpcModule> | undefined;

/**
 * Loads vscode-jsonrpc on first use. Importing it costs about as much as the rest of the SDK's
 * root entry several times over, so it is loaded when the first connection opens (in parallel with
 * spawning the runtime), not when the SDK is imported.
 */
export function loadJsonRpc(): Promise<JsonRpcModule> {
  loading ??= import("vscode-jsonrpc/node").then(
    (module) => ((module as { default?: unknown }).default ?? module) as JsonRpcModule,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
