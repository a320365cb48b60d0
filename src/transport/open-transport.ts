import type { Logger } from "../logger.js";
import { StdioTransport, type StdioTransportOptions } from "./stdio.js";
import type { Transport } from "./transport.js";

/** Where the app-server runs: `{ kind: "stdio" }` spawns the pinned runtime as a child process. */
export type TransportOptions = { kind: "stdio" };

/** Everything that decides how a client reaches its server. */
export interface TransportChoice extends Pick<StdioTransportOptions, "codexBin" | "cwd" | "env" | "replaceEnv" | "config" | "args" | "maxMessageBytes"> {
  /** A transport kind, or a ready `Transport` object used as it is. Default `{ kind: "stdio" }`. */
  transport?: TransportOptions | Transport;
}

/** True when `transport` is a ready `Transport` object rather than options for one. */
export function isTransport(transport: TransportOptions | Transport): transport is Transport {
  return "attach" in transport;
}

/** Opens the transport the options describe (for stdio: spawns the runtime). */
export async function openTransport(choice: TransportChoice, logger: Logger): Promise<Transport> {
  const { transport } = choice;
  if (transport !== undefined && isTransport(transport)) return transport;
  const { codexBin, cwd, env, replaceEnv, config, args, maxMessageBytes } = choice;
  return StdioTransport.spawn({ codexBin, cwd, env, replaceEnv, config, args, maxMessageBytes, logger });
}
