// The consumer programs the TypeScript-setup tests compile against the built declarations: the same
// uses of every entry, written as an ES module and as a CommonJS module (`import x = require(...)`,
// which `verbatimModuleSyntax` requires there).

const body = `
const SCHEMA = {
  type: "object",
  properties: { city: { type: "string" }, population: { type: "integer" } },
  required: ["city"],
  additionalProperties: false,
} as const;

async function main(extra: CodexOptions): Promise<string | null> {
  const harness: OfflineHarness = await createOfflineHarness({ sandbox: "read-only" });
  harness.mock.enqueue(reply.text("Hello"), reply.json({ city: "Lisbon" }));
  const options: CodexOptions = { ...harness.codexOptions, ...extra, logLevel: "warn", trace: false };
  const codex = await Codex.start(options);
  // The declarations bring Symbol.asyncDispose and the Disposable interfaces with them.
  const closer: AsyncDisposable = codex;
  const subscription: Subscription = codex.onNotification("turn/completed", (notification) => {
    const turn: Turn = notification.params.turn;
    void turn.status;
  });
  const disposer: Disposable = subscription;
  try {
    const thread: Thread = await codex.threadStart({ approvalMode: "deny_all", sandbox: "read-only" });
    const result: TurnResult = await thread.run([textInput("Say hello")], { idleTimeoutMs: 10_000 });
    const items: ThreadItem[] = result.items;
    const structured = await thread.run("Name a city", { outputSchema: SCHEMA });
    const city: string = structured.output.city;
    const population: number | undefined = structured.output.population;
    const data: ThreadData = (await thread.read()).thread;
    void items; void city; void population; void data.id;
    // Typed for real: these fail to compile (and an unused @ts-expect-error would fail too).
    // @ts-expect-error an unknown method
    await codex.request("no/suchMethod", {});
    // @ts-expect-error an unknown approval preset
    await codex.threadStart({ approvalMode: "sometimes" });
    // @ts-expect-error the schema has no such property
    void structured.output.country;
    return result.finalResponse;
  } catch (error) {
    if (error instanceof CodexStartError) {
      const kind: CodexStartErrorKind = error.kind;
      return kind;
    }
    if (error instanceof JsonRpcError) return String(error.code);
    throw error;
  } finally {
    disposer[Symbol.dispose]();
    await closer[Symbol.asyncDispose]();
    await harness.close();
  }
}

function methodOf(notification: ServerNotification): string {
  return notification.method;
}

const level: LogLevel = "debug";
const retry = (): Promise<number> => retryOnOverload(async () => 1, { maxAttempts: 2 });
`;

/** The consumer as an ES module (`.mts`, or `.ts` under bundler resolution). */
export const ESM_CONSUMER = `import {
  Codex,
  CodexStartError,
  JsonRpcError,
  retryOnOverload,
  textInput,
  type CodexOptions,
  type CodexStartErrorKind,
  type LogLevel,
  type Subscription,
  type Thread,
  type TurnResult,
} from "codex-app-server-sdk";
import type { ServerNotification, Thread as ThreadData, ThreadItem, Turn } from "codex-app-server-sdk/types";
import { createOfflineHarness, reply, type OfflineHarness } from "codex-app-server-sdk/testing";
${body}
export { level, main, methodOf, retry };
`;

/** The consumer as a CommonJS module (`.cts`, or `.ts` under node10 resolution). */
export const CJS_CONSUMER = `import sdk = require("codex-app-server-sdk");
import testing = require("codex-app-server-sdk/testing");
import type { ServerNotification, Thread as ThreadData, ThreadItem, Turn } from "codex-app-server-sdk/types";

const { Codex, CodexStartError, JsonRpcError, retryOnOverload, textInput } = sdk;
const { createOfflineHarness, reply } = testing;
type CodexOptions = sdk.CodexOptions;
type CodexStartErrorKind = sdk.CodexStartErrorKind;
type LogLevel = sdk.LogLevel;
type Subscription = sdk.Subscription;
type Thread = sdk.Thread;
type TurnResult = sdk.TurnResult;
type OfflineHarness = testing.OfflineHarness;
${body}
export = { level, main, methodOf, retry };
`;
