/**
 * The testing kit's mock Responses API in a process of its own, so the CPU it spends answering the
 * model requests is not counted as the client's. Prints its URL on the first stdout line. Under
 * `fork()` it also sends {@link MockReady} and answers `{ type: "report" }` with a {@link MockReport}
 * (then forgets what it recorded) and `{ type: "close" }` by closing and exiting.
 *
 * Besides the kit's `[[mock:…]]` directives it answers `[[bench:messages M x N]]` with M assistant
 * messages of N deltas each (`m1w1 `, `m1w2 `, …): one `[[mock:stream N]]` message cannot exceed
 * about 120,000 deltas (the kit builds its SSE steps with a spread that overflows the stack).
 *
 * Standalone: `node --import tsx bench/mock-process.ts` (stops on SIGINT/SIGTERM).
 */
import { startMockResponses, type MockHandler, type MockMessageOutput } from "../src/testing/index.js";

/** Sent once the mock listens. */
export interface MockReady {
  type: "ready";
  /** The provider `base_url`: `http://127.0.0.1:<port>/v1`. */
  url: string;
  /** The environment that routes a server's outbound HTTP(S) through the mock's egress trap. */
  proxyEnv: Record<string, string>;
}

/** What the mock saw since the previous report. */
export interface MockReport {
  type: "report";
  /** Model requests answered. */
  requests: number;
  /** Attempts to reach another host through the egress trap, as `METHOD url`. */
  proxyAttempts: string[];
  /** Requests to other paths or with unreadable bodies. */
  unexpectedRequests: number;
}

const MESSAGES = /\[\[bench:messages (\d+) x (\d+)\]\]/;

const messages: MockHandler = (request) => {
  const match = MESSAGES.exec(request.lastUserText ?? "");
  if (match === null) return undefined;
  const deltas = Number(match[2]);
  const output = Array.from({ length: Number(match[1]) }, (_, m): MockMessageOutput => ({
    type: "message",
    deltas: Array.from({ length: deltas }, (_, i) => (i === deltas - 1 ? `m${m + 1}w${i + 1}` : `m${m + 1}w${i + 1} `)),
  }));
  return { kind: "stream", output };
};

const mock = await startMockResponses({ handler: messages });
process.stdout.write(`${mock.url}\n`);

let closing: Promise<void> | undefined;
const close = () => (closing ??= mock.close().then(() => process.exit(0)));

process.on("SIGINT", close);
process.on("SIGTERM", close);
if (process.send) {
  process.on("disconnect", close);
  process.on("message", (message: { type?: string }) => {
    if (message.type === "close") void close();
    if (message.type === "report") {
      const report: MockReport = {
        type: "report",
        requests: mock.requests.length,
        proxyAttempts: mock.proxyAttempts.map((attempt) => `${attempt.method} ${attempt.target}`),
        unexpectedRequests: mock.unexpectedRequests.length,
      };
      mock.reset();
      process.send!(report);
    }
  });
  const ready: MockReady = { type: "ready", url: mock.url, proxyEnv: mock.proxyEnv() };
  process.send(ready);
}
