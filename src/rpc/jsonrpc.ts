import { installRuntimeLayer } from "./jsonrpc-runtime.js";

/** The vscode-jsonrpc module the connection is built on: its platform-neutral entry. */
export type JsonRpcModule = typeof import("vscode-jsonrpc");

let loading: Promise<JsonRpcModule> | undefined;

/**
 * Loads vscode-jsonrpc on first use. Importing it costs about as much as the rest of the SDK's
 * root entry several times over, so it is loaded when the first connection opens (in parallel with
 * spawning the runtime), not when the SDK is imported. The platform-neutral entry requires no Node
 * built-in, so it runs inside any bundle; the SDK installs the runtime layer it needs.
 */
export function loadJsonRpc(): Promise<JsonRpcModule> {
  loading ??= import("vscode-jsonrpc").then(
    (module) => {
      const jsonrpc = ((module as { default?: unknown }).default ?? module) as JsonRpcModule;
      installRuntimeLayer(jsonrpc);
      return jsonrpc;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
