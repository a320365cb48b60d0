/** vscode-jsonrpc's platform-neutral entry. */
type JsonRpcModule = typeof import("vscode-jsonrpc");

/** What vscode-jsonrpc asks of its host: timers, a console, UUIDs, byte buffers and JSON coding. */
type RuntimeLayer = ReturnType<JsonRpcModule["RAL"]>;
type BufferEncoding = RuntimeLayer["messageBuffer"] extends { create(encoding: infer E): unknown } ? E : never;

/**
 * Makes vscode-jsonrpc's platform-neutral entry usable: it needs a runtime layer installed before a
 * connection is created. Its Node entry installs one, but that entry is CommonJS requiring Node
 * built-ins at load, which ES module bundles cannot run (`Dynamic require of "util"`). This layer
 * uses only globals every supported runtime has. A layer installed already (an app that also loads
 * `vscode-jsonrpc/node`) is kept.
 */
export function installRuntimeLayer(jsonrpc: JsonRpcModule): void {
  try {
    jsonrpc.RAL();
    return;
  } catch {
    // None installed yet.
  }
  jsonrpc.RAL.install(createRuntimeLayer(jsonrpc));
}

function createRuntimeLayer(jsonrpc: JsonRpcModule): RuntimeLayer {
  const encoder = new TextEncoder();

  class MessageBuffer extends jsonrpc.AbstractMessageBuffer {
    protected emptyBuffer(): Uint8Array {
      return new Uint8Array(0);
    }
    protected fromString(value: string): Uint8Array {
      // UTF-8 covers ASCII, the only other encoding vscode-jsonrpc asks for.
      return encoder.encode(value);
    }
    protected toString(value: Uint8Array, encoding: BufferEncoding): string {
      return new TextDecoder(encoding).decode(value);
    }
    protected asNative(buffer: Uint8Array, length?: number): Uint8Array {
      return length === undefined ? buffer : buffer.subarray(0, length);
    }
    protected allocNative(length: number): Uint8Array {
      return new Uint8Array(length);
    }
  }

  const disposable = (dispose: () => void) => ({ dispose });
  const immediate =
    typeof globalThis.setImmediate === "function"
      ? (callback: (...args: unknown[]) => void, args: unknown[]) => {
          const handle = globalThis.setImmediate(callback, ...args);
          return disposable(() => clearImmediate(handle));
        }
      : (callback: (...args: unknown[]) => void, args: unknown[]) => {
          const handle = setTimeout(callback, 0, ...args);
          return disposable(() => clearTimeout(handle));
        };

  return Object.freeze({
    crypto: { randomUUID: () => globalThis.crypto.randomUUID() },
    console: globalThis.console,
    messageBuffer: { create: (encoding: BufferEncoding) => new MessageBuffer(encoding) },
    applicationJson: {
      encoder: {
        name: "application/json",
        encode: async (message: unknown) => encoder.encode(JSON.stringify(message)),
      },
      decoder: {
        name: "application/json",
        decode: async (buffer: Uint8Array, options: { charset: BufferEncoding }) =>
          JSON.parse(new TextDecoder(options.charset).decode(buffer)) as never,
      },
    },
    timer: {
      setTimeout(callback: (...args: unknown[]) => void, ms: number, ...args: unknown[]) {
        const handle = setTimeout(callback, ms, ...args);
        return disposable(() => clearTimeout(handle));
      },
      setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]) {
        return immediate(callback, args);
      },
      setInterval(callback: (...args: unknown[]) => void, ms: number, ...args: unknown[]) {
        const handle = setInterval(callback, ms, ...args);
        return disposable(() => clearInterval(handle));
      },
    },
  });
}
