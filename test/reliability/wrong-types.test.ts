import fc from "fast-check";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Codex,
  imageInput,
  isRetryableError,
  localImageInput,
  mentionInput,
  retryOnOverload,
  skillInput,
  textInput,
  type Thread,
  type TurnHandle,
} from "../../src/index.js";
import {
  createOfflineHarness,
  isReviewRequest,
  lastUserMessageText,
  mockProviderConfig,
  reply,
  startMockResponses,
} from "../../src/testing/index.js";
import { trapHostErrors } from "./support/host-trap.js";
import { describeSettled, settleWithin } from "./support/outcome.js";
import { RecordingLogger } from "./support/recording-logger.js";
import { RecordingTransport } from "./support/recording-transport.js";
import { RUNTIME_FAULT, scenario } from "./support/results.js";
import { STRESS, sized } from "./support/scale.js";
import {
  type Kind,
  anyValue,
  illFormedString,
  notAnObject,
  wrongFor,
  wrongInput,
  wrongOptions,
} from "./support/wrong-values.js";

// Property-based checks of every public entry point with arguments of the wrong type: each call
// throws (or rejects with) a TypeError before anything is written, and the client stays healthy.

trapHostErrors();

const RUNS = sized(40, 400);
/** A fixed seed keeps `npm test` deterministic; the stress run explores new values each time. */
const SEED = process.env.RELIABILITY_SEED !== undefined ? Number(process.env.RELIABILITY_SEED) : STRESS ? undefined : 19_190;
const RUN_OPTIONS = { numRuns: RUNS, endOnFailure: true, ...(SEED === undefined ? {} : { seed: SEED }) };

const APPROVAL_MODE: Kind = { oneOf: ["auto_review", "deny_all", "ask"] };
const SANDBOX: Kind = { oneOf: ["read-only", "workspace-write", "danger-full-access"], nullable: true };
const REVIEWER: Kind = { oneOf: ["user", "auto_review", "guardian_subagent"], nullable: true };

const CODEX_OPTIONS: Record<string, Kind> = {
  codexBin: "nonEmptyString",
  cwd: "nonEmptyString",
  env: "record",
  replaceEnv: "boolean",
  config: "record",
  args: "stringArray",
  clientInfo: "record",
  experimentalApi: "boolean",
  optOutNotificationMethods: "stringArray",
  requestTimeoutMs: "timeout",
  maxInFlight: "inFlight",
  maxMessageBytes: "inFlight",
  serverRequests: "record",
  validate: { oneOf: ["off", "warn", "strict"] },
  requireAuth: "boolean",
  logger: "record",
};

const THREAD_START: Record<string, Kind> = {
  approvalMode: APPROVAL_MODE,
  allowProviderModelFallback: "boolean",
  approvalPolicy: "approvalPolicy",
  approvalsReviewer: REVIEWER,
  baseInstructions: "stringOrNull",
  config: "recordOrNull",
  cwd: "stringOrNull",
  daybreakEnabled: "booleanOrNull",
  developerInstructions: "stringOrNull",
  dynamicTools: "arrayOrNull",
  environments: "arrayOrNull",
  ephemeral: "booleanOrNull",
  experimentalRawEvents: "boolean",
  historyMode: "stringOrNull",
  model: "stringOrNull",
  modelProvider: "stringOrNull",
  multiAgentMode: "stringOrRecordOrNull",
  permissions: "stringOrNull",
  personality: "stringOrNull",
  projectId: "stringOrNull",
  runtimeWorkspaceRoots: "stringArrayOrNull",
  sandbox: SANDBOX,
  selectedCapabilityRoots: "arrayOrNull",
  serviceName: "stringOrNull",
  serviceTier: "stringOrNull",
  sessionStartSource: "stringOrNull",
  threadSource: "stringOrNull",
};

const THREAD_RESUME: Record<string, Kind> = {
  approvalMode: APPROVAL_MODE,
  approvalPolicy: "approvalPolicy",
  approvalsReviewer: REVIEWER,
  baseInstructions: "stringOrNull",
  config: "recordOrNull",
  cwd: "stringOrNull",
  developerInstructions: "stringOrNull",
  excludeTurns: "boolean",
  history: "arrayOrNull",
  initialTurnsPage: "recordOrNull",
  model: "stringOrNull",
  modelProvider: "stringOrNull",
  path: "stringOrNull",
  permissions: "stringOrNull",
  personality: "stringOrNull",
  runtimeWorkspaceRoots: "stringArrayOrNull",
  sandbox: SANDBOX,
  serviceTier: "stringOrNull",
};

const THREAD_FORK: Record<string, Kind> = {
  approvalMode: APPROVAL_MODE,
  approvalPolicy: "approvalPolicy",
  approvalsReviewer: REVIEWER,
  attachToSource: "boolean",
  baseInstructions: "stringOrNull",
  beforeTurnId: "stringOrNull",
  config: "recordOrNull",
  cwd: "stringOrNull",
  deferGoalContinuation: "boolean",
  developerInstructions: "stringOrNull",
  ephemeral: "boolean",
  excludeTurns: "boolean",
  lastTurnId: "stringOrNull",
  model: "stringOrNull",
  modelProvider: "stringOrNull",
  path: "stringOrNull",
  permissions: "stringOrNull",
  runtimeWorkspaceRoots: "stringArrayOrNull",
  sandbox: SANDBOX,
  serviceTier: "stringOrNull",
  threadSource: "stringOrNull",
};

const THREAD_LIST: Record<string, Kind> = {
  ancestorThreadId: "stringOrNull",
  archived: "booleanOrNull",
  attachedToThreadId: "stringOrNull",
  currentAccountOnly: "boolean",
  cursor: "stringOrNull",
  cwd: "stringOrStringArrayOrNull",
  excludedThreadIds: "stringArrayOrNull",
  includeAttachedThreads: "boolean",
  limit: "countOrNull",
  modelProviders: "stringArrayOrNull",
  originators: "stringArrayOrNull",
  parentThreadId: "stringOrNull",
  projectId: "stringOrNull",
  searchTerm: "stringOrNull",
  sectionId: "stringOrNull",
  sortDirection: "stringOrNull",
  sortKey: "stringOrNull",
  sourceKinds: "stringArrayOrNull",
  useStateDbOnly: "boolean",
};

const TURN: Record<string, Kind> = {
  approvalMode: APPROVAL_MODE,
  serverRequests: "record",
  cyberAccessProgram: "stringOrNull",
  responsesapiClientMetadataPatch: "recordOrNull",
  serviceTierForTurn: "stringOrNull",
  sandbox: { oneOf: ["read-only", "workspace-write", "danger-full-access"] },
  signal: "signal",
  idleTimeoutMs: "positiveMs",
  additionalContext: "recordOrNull",
  approvalPolicy: "approvalPolicy",
  approvalsReviewer: REVIEWER,
  clientUserMessageId: "stringOrNull",
  collaborationMode: "recordOrNull",
  cwd: "stringOrNull",
  disabledPluginIds: "stringArrayOrNull",
  effort: "stringOrNull",
  environments: "arrayOrNull",
  model: "stringOrNull",
  multiAgentMode: "stringOrRecordOrNull",
  outputSchema: "json",
  parentTurnId: "stringOrNull",
  permissions: "stringOrNull",
  personality: "stringOrNull",
  responsesapiClientMetadata: "recordOrNull",
  rootTurnId: "stringOrNull",
  runtimeWorkspaceRoots: "stringArrayOrNull",
  sandboxPolicy: "recordOrNull",
  serviceTier: "stringOrNull",
  summary: "stringOrNull",
  toolOutput: "recordOrNull",
  turnTrigger: "stringOrNull",
};

const MODELS: Record<string, Kind> = { cursor: "stringOrNull", includeHidden: "booleanOrNull", limit: "countOrNull", modelProvider: "stringOrNull" };
const ACCOUNT: Record<string, Kind> = { refreshToken: "boolean" };
const READ: Record<string, Kind> = { includeTurns: "boolean" };
const REQUEST_OPTIONS: Record<string, Kind> = { signal: "signal", timeoutMs: "timeout" };
const WAIT_OPTIONS: Record<string, Kind> = { signal: "signal" };
const RETRY_OPTIONS: Record<string, Kind> = {
  maxAttempts: "positiveInt",
  initialDelayMs: "nonNegativeMs",
  maxDelayMs: "nonNegativeMs",
  jitter: "boolean",
  signal: "signal",
};
const MOCK_OPTIONS: Record<string, Kind> = {
  reviewVerdict: { oneOf: ["allow", "deny"] },
  defaultText: "string",
  handler: "function",
  port: "port",
};
const HARNESS_OPTIONS: Record<string, Kind> = {
  mockOptions: "record",
  model: "string",
  approvalPolicy: { oneOf: ["never", "on-request", "on-failure"] },
  sandbox: { oneOf: ["read-only", "workspace-write", "danger-full-access"] },
  config: "record",
  env: "record",
  egressTrap: "boolean",
  strictConfig: "boolean",
  parentDir: "string",
};

/** Every call that takes the trailing `{ signal, timeoutMs }`, given wrong ones. */
const PER_CALL: [string, (on: { codex: Codex; thread: Thread; handle: TurnHandle }, options: unknown) => unknown][] = [
  ["threadStart()", ({ codex }, o) => codex.threadStart({}, o as never)],
  ["threadResume()", ({ codex }, o) => codex.threadResume("thr-1", {}, o as never)],
  ["threadFork()", ({ codex }, o) => codex.threadFork("thr-1", {}, o as never)],
  ["threadArchive()", ({ codex }, o) => codex.threadArchive("thr-1", o as never)],
  ["threadUnarchive()", ({ codex }, o) => codex.threadUnarchive("thr-1", o as never)],
  ["threadList()", ({ codex }, o) => codex.threadList({}, o as never)],
  ["models()", ({ codex }, o) => codex.models({}, o as never)],
  ["account()", ({ codex }, o) => codex.account({}, o as never)],
  ["rateLimits()", ({ codex }, o) => codex.rateLimits(o as never)],
  ["loginApiKey()", ({ codex }, o) => codex.loginApiKey("sk-not-sent", o as never)],
  ["loginChatgpt()", ({ codex }, o) => codex.loginChatgpt(o as never)],
  ["loginChatgptDeviceCode()", ({ codex }, o) => codex.loginChatgptDeviceCode(o as never)],
  ["logout()", ({ codex }, o) => codex.logout(o as never)],
  ["thread.read()", ({ thread }, o) => thread.read({}, o as never)],
  ["thread.setName()", ({ thread }, o) => thread.setName("name", o as never)],
  ["thread.compact()", ({ thread }, o) => thread.compact(o as never)],
  ["thread.close()", ({ thread }, o) => thread.close(o as never)],
  ["handle.steer()", ({ handle }, o) => handle.steer("more", o as never)],
  ["handle.interrupt() of an ended turn", ({ handle }, o) => handle.interrupt(o as never)],
];

/** Wrong values inside otherwise well-typed `Codex` option objects. */
const wrongCodexFields: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  wrongFor("string").map((value) => ({ env: { SOME_VARIABLE: value } })),
  anyValue.filter((value) => typeof value !== "function").map((value) => ({ serverRequests: { "item/commandExecution/requestApproval": value } })),
  fc.constantFrom("debug", "info", "warn", "error").chain((level) =>
    anyValue.filter((value) => typeof value !== "function").map((value) => ({ logger: { [level]: value } })),
  ),
  wrongFor("string").map((name) => ({ clientInfo: { name, version: "1.0.0" } })),
  wrongFor("string").map((version) => ({ clientInfo: { name: "app", version } })),
  wrongFor("stringOrNull").map((title) => ({ clientInfo: { name: "app", version: "1.0.0", title } })),
  fc.constantFrom<unknown>(5, "stdio", {}, { kind: "websocket" }, { send() {} }, [], () => undefined).map((transport) => ({ transport })),
);

/**
 * The outcome of calling `call`, which must fail with a TypeError at once: the error, or a
 * description of what happened instead (still an Error, never a TypeError).
 */
async function failureOf(call: () => unknown): Promise<unknown> {
  let returned: unknown;
  try {
    returned = call();
  } catch (error) {
    return error;
  }
  if (!(returned instanceof Promise)) return new Error(`returned ${String(returned)} instead of throwing`);
  const result = await settleWithin(returned, 1_000);
  if (result.settled && !result.ok) return result.error;
  const value = result.settled && result.ok ? result.value : undefined;
  if (value && typeof (value as { close?: unknown }).close === "function") await (value as { close(): Promise<void> }).close();
  return new Error(`the call was ${describeSettled(result)}`);
}

/** A generated value as an assertion message shows it; never throws (symbols and BigInts inside arrays included). */
function describeValue(value: unknown): string {
  return inspect(value, { depth: 3, breakLength: Infinity });
}

describe("Codex options of the wrong type", () => {
  it("new Codex() throws a TypeError before anything is written", async () => {
    await scenario(
      {
        id: "wrong-types-codex-options",
        group: "input",
        fault: `${RUNS} generated Codex option objects, each with one option of the wrong type or an unknown option name.`,
        promise: "The constructor throws a TypeError and nothing is written to the transport.",
      },
      async () => {
        await fc.assert(
          fc.asyncProperty(fc.oneof(wrongOptions(CODEX_OPTIONS), wrongCodexFields), async (options) => {
            const transport = new RecordingTransport();
            const base = typeof options === "object" && options !== null && !Array.isArray(options) ? { transport, ...options } : options;
            const error = await failureOf(() => new Codex(base as never));
            expect(error, `new Codex(${describeValue(options)})`).toBeInstanceOf(TypeError);
            expect(transport.count).toBe(0);
          }),
          RUN_OPTIONS,
        );
        return { runs: RUNS };
      },
    );
  });

  it("Codex.start() rejects with a TypeError before anything is written", async () => {
    const startable = fc.oneof(wrongOptions(CODEX_OPTIONS), wrongCodexFields).filter(
      (options) => !(typeof options === "object" && options !== null && "transport" in options),
    );
    await fc.assert(
      fc.asyncProperty(startable, async (options) => {
        const transport = new RecordingTransport();
        const base = typeof options === "object" && options !== null && !Array.isArray(options) ? { transport, ...options } : options;
        const error = await failureOf(() => Codex.start(base as never));
        expect(error, `Codex.start(${describeValue(options)})`).toBeInstanceOf(TypeError);
        expect(transport.count).toBe(0);
      }),
      RUN_OPTIONS,
    );
  });
});

describe("calls of a started client with arguments of the wrong type", () => {
  let transport: RecordingTransport;
  let codex: Codex;
  let thread: Thread;
  let handle: TurnHandle;

  beforeAll(async () => {
    transport = new RecordingTransport();
    codex = await Codex.start({ transport, logger: new RecordingLogger() });
    thread = await codex.threadStart();
    handle = await thread.turn("hello");
    await handle.run();
  });

  afterAll(async () => {
    await codex?.close();
  });

  /** Checks that every generated argument is refused with a TypeError, nothing written, and the client still works. */
  async function refusesAll<T>(name: string, arbitrary: fc.Arbitrary<T>, call: (value: T) => unknown): Promise<void> {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const before = transport.count;
        const error = await failureOf(() => call(value));
        expect(error, `${name} with ${describeValue(value)}`).toBeInstanceOf(TypeError);
        expect(transport.methodsSince(before), `${name} with ${describeValue(value)} wrote to the transport`).toEqual([]);
      }),
      RUN_OPTIONS,
    );
    await expect(codex.models()).resolves.toMatchObject({ data: [] });
    await expect(thread.run("still healthy")).resolves.toMatchObject({ status: "completed" });
  }

  const idArgument = wrongFor("nonEmptyString");
  let login: { wait(options?: unknown): Promise<unknown> };
  beforeAll(async () => {
    login = await codex.loginChatgpt();
  });

  /** Every call of the client and its handles, with the arguments it must refuse. */
  const CALLS: [string, fc.Arbitrary<unknown>, (value: unknown) => unknown][] = [
    ["request(method)", wrongFor("string"), (method) => codex.request(method as never, {} as never)],
    ["request(method, params)", notAnObject, (params) => codex.request("thread/list", params as never)],
    ["request(method, params, options)", wrongOptions(REQUEST_OPTIONS), (options) => codex.request("thread/list", {}, options as never)],
    ["onNotification(method)", wrongFor("string"), (method) => codex.onNotification(method as never, () => undefined)],
    ["onNotification(method, listener)", wrongFor("function"), (listener) => codex.onNotification("turn/completed", listener as never)],
    ["threadStart(options)", wrongOptions(THREAD_START), (options) => codex.threadStart(options as never)],
    ["threadResume(id)", idArgument, (id) => codex.threadResume(id as never)],
    ["threadResume(id, options)", wrongOptions(THREAD_RESUME), (options) => codex.threadResume("thr-1", options as never)],
    ["threadFork(id)", idArgument, (id) => codex.threadFork(id as never)],
    ["threadFork(id, options)", wrongOptions(THREAD_FORK), (options) => codex.threadFork("thr-1", options as never)],
    ["threadArchive(id)", idArgument, (id) => codex.threadArchive(id as never)],
    ["threadUnarchive(id)", idArgument, (id) => codex.threadUnarchive(id as never)],
    ["threadList(options)", wrongOptions(THREAD_LIST), (options) => codex.threadList(options as never)],
    ["models(params)", wrongOptions(MODELS), (params) => codex.models(params as never)],
    ["account(params)", wrongOptions(ACCOUNT), (params) => codex.account(params as never)],
    ["loginApiKey(key)", wrongFor("nonEmptyString"), (key) => codex.loginApiKey(key as never)],
    ["thread.run(input)", wrongInput, (input) => thread.run(input as never)],
    ["thread.turn(input)", wrongInput, (input) => thread.turn(input as never)],
    ["thread.run(input, options)", wrongOptions(TURN), (options) => thread.run("hi", options as never)],
    ["thread.turn(input, options)", wrongOptions(TURN), (options) => thread.turn("hi", options as never)],
    ["thread.read(options)", wrongOptions(READ), (options) => thread.read(options as never)],
    ["thread.setName(name)", wrongFor("string"), (name) => thread.setName(name as never)],
    ["handle.steer(input)", wrongInput, (input) => handle.steer(input as never)],
    ["loginHandle.wait(options)", wrongOptions(WAIT_OPTIONS), (options) => login.wait(options as never)],
    ...PER_CALL.map(([name, call]): [string, fc.Arbitrary<unknown>, (value: unknown) => unknown] => [
      `${name} per-call options`,
      wrongOptions(REQUEST_OPTIONS),
      (options) => call({ codex, thread, handle }, options),
    ]),
  ];

  for (const [name, arbitrary, call] of CALLS) {
    it(`${name} refuses wrong types with a TypeError, writes nothing, and the client stays healthy`, async () => {
      await refusesAll(name, arbitrary, call);
    });
  }

  /** Calls that put a string on the wire, with strings that are not well-formed UTF-16. */
  const STRING_CALLS: [string, (text: string) => unknown][] = [
    ["thread.run(text)", (text) => thread.run(text)],
    ["thread.setName(name)", (name) => thread.setName(name)],
    ["threadStart({ model })", (model) => codex.threadStart({ model })],
    ["threadList({ searchTerm })", (searchTerm) => codex.threadList({ searchTerm })],
    ["loginApiKey(key)", (key) => codex.loginApiKey(key)],
  ];

  for (const [name, call] of STRING_CALLS) {
    it(`${name} refuses a string with a lone surrogate with a TypeError before sending it`, async () => {
      await scenario(
        {
          id: `ill-formed-string-${name.replace(/[^a-zA-Z]+/g, "-").replace(/-+$/, "").toLowerCase()}`,
          group: "input",
          fault: `${name} is given ${RUNS} generated strings that each hold a lone surrogate.`,
          promise: "A TypeError before anything is sent: the runtime would drop the whole message and never answer.",
          covers: [RUNTIME_FAULT.silentOnMalformed],
        },
        async () => {
          await refusesAll(name, illFormedString, (text) => call(text as string));
          return { runs: RUNS };
        },
      );
    });
  }
});

describe("calls of a client that has not started yet, with per-call options of the wrong type", () => {
  const LAZY_CALLS: [string, (codex: Codex, options: unknown) => unknown][] = [
    ["request()", (codex, o) => codex.request("model/list", {}, o as never)],
    ...PER_CALL.filter(([name]) => !name.startsWith("thread.") && !name.startsWith("handle.")).map(
      ([name, call]): [string, (codex: Codex, options: unknown) => unknown] => [name, (codex, o) => call({ codex } as never, o)],
    ),
  ];
  for (const [name, call] of LAZY_CALLS) {
    it(`${name} rejects them with a TypeError without starting the client`, async () => {
      await fc.assert(
        fc.asyncProperty(wrongOptions(REQUEST_OPTIONS), async (options) => {
          const transport = new RecordingTransport();
          const codex = new Codex({ transport, logger: new RecordingLogger() });
          const error = await failureOf(() => call(codex, options));
          expect(error, `${name} with ${describeValue(options)}`).toBeInstanceOf(TypeError);
          expect(transport.attached, `${name} with ${describeValue(options)} started the client`).toBe(false);
          await codex.close();
        }),
        { ...RUN_OPTIONS, numRuns: Math.min(RUNS, 20) },
      );
    });
  }

  it("request() rejects a method that is not a string with a TypeError without starting the client", async () => {
    await fc.assert(
      fc.asyncProperty(wrongFor("nonEmptyString"), async (method) => {
        const transport = new RecordingTransport();
        const codex = new Codex({ transport, logger: new RecordingLogger() });
        const error = await failureOf(() => codex.request(method as never, {} as never));
        expect(error, `request(${describeValue(method)})`).toBeInstanceOf(TypeError);
        expect(transport.attached).toBe(false);
        await codex.close();
      }),
      { ...RUN_OPTIONS, numRuns: Math.min(RUNS, 20) },
    );
  });
});

describe("helpers of the wrong type", () => {
  for (const [name, call] of [
      ["textInput", (v: unknown) => textInput(v as never)],
      ["imageInput", (v: unknown) => imageInput(v as never)],
      ["localImageInput", (v: unknown) => localImageInput(v as never)],
      ["skillInput(name)", (v: unknown) => skillInput(v as never, "/p")],
      ["skillInput(path)", (v: unknown) => skillInput("s", v as never)],
      ["mentionInput(name)", (v: unknown) => mentionInput(v as never, "/p")],
      ["mentionInput(path)", (v: unknown) => mentionInput("m", v as never)],
  ] as const) {
    it(`${name}() throws a TypeError for a value that is not a string`, async () => {
      await fc.assert(
        fc.asyncProperty(wrongFor("string"), async (value) => {
          expect(await failureOf(() => call(value)), `${name}(${describeValue(value)})`).toBeInstanceOf(TypeError);
        }),
        RUN_OPTIONS,
      );
    });
  }

  it("retryOnOverload(fn) rejects a value that is not a function with a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(wrongFor("function"), async (value) => {
        expect(await failureOf(() => retryOnOverload(value as never)), `retryOnOverload(${describeValue(value)})`).toBeInstanceOf(TypeError);
      }),
      RUN_OPTIONS,
    );
  });

  it("retryOnOverload(fn, options) rejects wrong options with a TypeError without calling fn", async () => {
    let calls = 0;
    const fn = async () => {
      calls++;
      return 1;
    };
    await fc.assert(
      fc.asyncProperty(wrongOptions(RETRY_OPTIONS), async (options) => {
        expect(await failureOf(() => retryOnOverload(fn, options as never)), `retryOnOverload(fn, ${describeValue(options)})`).toBeInstanceOf(TypeError);
      }),
      RUN_OPTIONS,
    );
    expect(calls).toBe(0);
  });

  it("isRetryableError() answers a boolean for any value", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(typeof isRetryableError(value)).toBe("boolean");
      }),
      RUN_OPTIONS,
    );
  });
});

describe("the testing kit with arguments of the wrong type", () => {
  it("startMockResponses() rejects wrong options with a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(wrongOptions(MOCK_OPTIONS), async (options) => {
        expect(await failureOf(() => startMockResponses(options as never)), `startMockResponses(${describeValue(options)})`).toBeInstanceOf(TypeError);
      }),
      { ...RUN_OPTIONS, numRuns: Math.min(RUNS, 25) },
    );
  });

  it("createOfflineHarness() rejects wrong options with a TypeError", async () => {
    await fc.assert(
      fc.asyncProperty(wrongOptions(HARNESS_OPTIONS), async (options) => {
        expect(await failureOf(() => createOfflineHarness(options as never)), `createOfflineHarness(${describeValue(options)})`).toBeInstanceOf(TypeError);
      }),
      { ...RUN_OPTIONS, numRuns: Math.min(RUNS, 25) },
    );
  });

  for (const [name, arbitrary, call] of [
      ["reply.text", wrongFor("string").filter((v) => !Array.isArray(v) || v.some((x) => typeof x !== "string")), (v: unknown) => reply.text(v as never)],
      ["reply.stream", wrongFor("count"), (v: unknown) => reply.stream(v as never)],
      ["reply.exec", wrongFor("string"), (v: unknown) => reply.exec(v as never)],
      ["reply.http", wrongFor("httpStatus"), (v: unknown) => reply.http(v as never)],
      ["reply.review", wrongFor({ oneOf: ["allow", "deny"] }), (v: unknown) => reply.review(v as never)],
      ["reply.toolCall", wrongFor("nonEmptyString"), (v: unknown) => reply.toolCall(v as never, {})],
      ["reply.failed", wrongFor("string"), (v: unknown) => reply.failed(v as never)],
      ["reply.stall", wrongFor("string"), (v: unknown) => reply.stall(v as never)],
      ["reply.text(text, options)", wrongOptions({ delayMs: "nonNegativeMs", reasoning: "string" }), (v: unknown) => reply.text("hi", v as never)],
      ["mockProviderConfig", anyValue.filter((v) => typeof (v as { url?: unknown } | null)?.url !== "string"), (v: unknown) => mockProviderConfig(v as never)],
  ] as const) {
    it(`${name}() throws a TypeError for an argument of the wrong type`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary as fc.Arbitrary<unknown>, async (value) => {
          expect(await failureOf(() => call(value)), `${name}(${describeValue(value)})`).toBeInstanceOf(TypeError);
        }),
        RUN_OPTIONS,
      );
    });
  }

  it("isReviewRequest() and lastUserMessageText() answer or throw a TypeError for any value", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        for (const call of [() => isReviewRequest(value as never), () => lastUserMessageText(value as never)]) {
          try {
            call();
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
          }
        }
      }),
      RUN_OPTIONS,
    );
  });
});
