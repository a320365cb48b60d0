import { Codex, type CodexOptions } from "../../../src/index.js";
import { closeAfterEach, hostileOptions, hostileStats } from "./hostile.js";
import { RecordingLogger } from "./recording-logger.js";
import { RecordingTransport } from "./recording-transport.js";

/** A started client and a way to count what reached the server. */
export interface CountedClient {
  codex: Codex;
  logger: RecordingLogger;
  /** How many client messages the server has received so far. */
  received(): Promise<number>;
}

/** The two ways a client reaches a server in these tests: a custom `Transport` and the stdio stand-in runtime. */
export const CLIENT_KINDS: { name: string; start(track: ReturnType<typeof closeAfterEach>, options?: CodexOptions): Promise<CountedClient> }[] = [
  {
    name: "a custom Transport",
    async start(track, options = {}) {
      const transport = new RecordingTransport();
      const logger = new RecordingLogger();
      const codex = track(await Codex.start({ transport, logger, ...options }));
      return { codex, logger, received: async () => transport.count };
    },
  },
  {
    name: "the stdio transport",
    async start(track, options = {}) {
      const codexOptions = hostileOptions({}, options);
      const codex = track(await Codex.start(codexOptions));
      const received = async () => {
        const stats = await hostileStats(codex);
        let total = 0;
        for (const [method, count] of Object.entries(stats.received)) if (method !== "hostile/stats") total += count;
        return total;
      };
      return { codex, logger: codexOptions.logger, received };
    },
  },
];
