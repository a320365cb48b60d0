import type { Logger } from "../logger.js";
import type { DaemonTransportOptions, UnixTransportOptions, WebSocketTransportOptions } from "./remote-options.js";
import { StdioTransport, type StdioTransportOptions } from "./stdio.js";
import type { Transport } from "./transport.js";

/**
 * Where the app-server runs and how to reach it:
 * - `{ kind: "stdio" }` (the default) spawns the pinned runtime as a child process;
 * - `{ kind: "websocket", url, token?, ... }` connects to a server listening on a WebSocket;
 * - `{ kind: "unix", path }` connects to a server listening on a unix socket;
 * - `{ kind: "daemon", codexBin?, start? }` attaches to the local app-server daemon.
 */
export type TransportOptions =
  | {
      /** Spawn the runtime and talk to it over its stdin and stdout. */
      kind: "stdio";
    }
  | WebSocketTransportOptions
  | UnixTransportOptions
  | DaemonTransportOptions;

/** Everything that decides how a client reaches its server. */
export interface TransportChoice extends Pick<StdioTransportOptions, "codexBin" | "cwd" | "env" | "replaceEnv" | "config" | "args" | "maxMessageBytes"> {
  /** A transport kind, or a ready `Transport` object used as it is. Default `{ kind: "stdio" }`. */
  transport?: TransportOptions | Transport;
}

/** True when `transport` is a ready `Transport` object rather than options for one. */
export function isTransport(transport: TransportOptions | Transport): transport is Transport {
  return "attach" in transport;
}

/**
 * Opens the transport the options describe: spawns the runtime (stdio), or connects (the remote
 * kinds, whose code and the `ws` package load only then).
 */
export async function openTransport(choice: TransportChoice, logger: Logger): Promise<Transport> {
  const { transport, maxMessageBytes } = choice;
  if (transport !== undefined && isTransport(transport)) return transport;
  switch (transport?.kind) {
    case "websocket": {
      const { connectWebSocket } = await import("./websocket.js");
      return connectWebSocket(transport, { maxMessageBytes, logger });
    }
    case "unix": {
      const { connectUnixSocket } = await import("./unix.js");
      return connectUnixSocket(transport, { maxMessageBytes, logger });
    }
    case "daemon": {
      const { attachToDaemon } = await import("./daemon.js");
      const { env, replaceEnv, cwd } = choice;
      return attachToDaemon(transport, { env, replaceEnv, cwd, maxMessageBytes, logger });
    }
    default: {
      const { codexBin, cwd, env, replaceEnv, config, args } = choice;
      return StdioTransport.spawn({ codexBin, cwd, env, replaceEnv, config, args, maxMessageBytes, logger });
    }
  }
}
