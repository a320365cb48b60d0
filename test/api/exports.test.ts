import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Locks the runtime export lists of every entry point as built (dist/), for ESM `import`,
// `import * as` and CJS `require` alike, and the type-level export list of the root.
// `npm test` builds before it runs the tests.

const require = createRequire(import.meta.url);
const dist = (file: string) => fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));

const ROOT_VALUES = [
  "ChatgptLoginHandle",
  "Codex",
  "CodexError",
  "CodexPool",
  "CodexStartError",
  "DeviceCodeLoginHandle",
  "InternalRpcError",
  "InvalidParamsError",
  "InvalidRequestError",
  "JsonRpcError",
  "LoginFailedError",
  "MethodNotFoundError",
  "NoHealthyMemberError",
  "ParseError",
  "ProcessExitError",
  "RequestTimeoutError",
  "RetryLimitExceededError",
  "ServerBusyError",
  "StructuredOutputError",
  "Thread",
  "ThreadBusyError",
  "ThreadNotFoundError",
  "TransportClosedError",
  "TurnFailedError",
  "TurnHandle",
  "TurnTimeoutError",
  "audioInput",
  "defineTool",
  "fewestRunningTurns",
  "imageInput",
  "isRetryableError",
  "localAudioInput",
  "localImageInput",
  "mentionInput",
  "retryOnOverload",
  "skillInput",
  "textInput",
];

const ROOT_TYPES = [
  "AccountReadOptions",
  "AppTool",
  "ApprovalCommand",
  "ApprovalMode",
  "AudioUserInput",
  "CodexErrorOptions",
  "CodexMetadata",
  "CodexOptions",
  "CodexPoolOptions",
  "CodexStartErrorKind",
  "CodexStartErrorOptions",
  "CodexStats",
  "CommandApprovalContext",
  "CommandApprovalMethod",
  "ConfigOverrides",
  "ConfigValue",
  "ConnectionChange",
  "ConnectionGapEvent",
  "DaemonTransportOptions",
  "EventLogOptions",
  "FindTurnOptions",
  "FromSchema",
  "GoalChange",
  "GoalOptions",
  "GoalUpdate",
  "ImageUserInput",
  "JsonRpcErrorObject",
  "JsonRpcErrorOptions",
  "JsonRpcId",
  "JsonRpcMessage",
  "JsonRpcNotification",
  "JsonRpcRequest",
  "JsonRpcResponse",
  "JsonSchema",
  "JsonSchemaKeywords",
  "LocalAudioUserInput",
  "LocalImageUserInput",
  "LogLevel",
  "LoggedEvent",
  "Logger",
  "LoginFailedErrorOptions",
  "LoginHandle",
  "LoginWaitOptions",
  "MemberFailure",
  "MentionUserInput",
  "ModelListOptions",
  "NoHealthyMemberErrorOptions",
  "NoParams",
  "PlacementPolicy",
  "PoolMemberChange",
  "PoolMemberInfo",
  "PoolMemberOptions",
  "PoolMemberState",
  "PoolMembers",
  "PoolThreadListPage",
  "ProcessExitErrorOptions",
  "ReconnectOptions",
  "RejoinOptions",
  "RequestArgs",
  "RequestOptions",
  "RequestTimeoutErrorOptions",
  "RetryLimitExceededErrorOptions",
  "RetryOptions",
  "RunInput",
  "Sandbox",
  "SchemaViolation",
  "ServerRequestContext",
  "ServerRequestContextOf",
  "ServerRequestHandler",
  "ServerRequestHandlers",
  "SkillUserInput",
  "StdioTransportOptions",
  "StructuredOutputErrorOptions",
  "StructuredOutputErrorReason",
  "StructuredTurnResult",
  "Subscription",
  "TextUserInput",
  "ThreadBusyErrorOptions",
  "ThreadEventsOptions",
  "ThreadForkOptions",
  "ThreadListOptions",
  "ThreadLocator",
  "ThreadNotFoundErrorOptions",
  "ThreadReadOptions",
  "ThreadResumeOptions",
  "ThreadSearchBatch",
  "ThreadSearchOptions",
  "ThreadStartOptions",
  "TokenSource",
  "ToolCallContext",
  "ToolContent",
  "ToolDefinition",
  "ToolNamespace",
  "ToolResult",
  "Transport",
  "TransportChoice",
  "TransportClosedErrorOptions",
  "TransportOptions",
  "TransportSink",
  "TurnEvent",
  "TurnFailedErrorOptions",
  "TurnOptions",
  "TurnResult",
  "TurnResultOf",
  "TurnStreamOptions",
  "TurnTimeoutErrorOptions",
  "UnixTransportOptions",
  "ValidationMode",
  "WebSocketTransportOptions",
];

const TESTING_VALUES = [
  "createOfflineHarness",
  "isReviewRequest",
  "lastUserMessageText",
  "mockProviderConfig",
  "reply",
  "startMockResponses",
];

const TESTING_TYPES = [
  "ExecOptions",
  "HarnessApprovalPolicy",
  "HarnessSandboxMode",
  "JsonSchemaObject",
  "MockCustomToolCallOutput",
  "MockDirective",
  "MockEnding",
  "MockFailedReply",
  "MockFunctionCallOutput",
  "MockHandler",
  "MockHttpReply",
  "MockJson",
  "MockMessageOutput",
  "MockOutput",
  "MockReasoningOutput",
  "MockReply",
  "MockReplySource",
  "MockRequest",
  "MockRequestKind",
  "MockResponses",
  "MockResponsesOptions",
  "MockStreamReply",
  "MockToolOutput",
  "MockUsage",
  "OfflineHarness",
  "OfflineHarnessOptions",
  "OutputJsonOption",
  "PatchChange",
  "ProxyAttempt",
  "ResponsesCustomToolCallItem",
  "ResponsesCustomToolCallOutputItem",
  "ResponsesFunctionCallItem",
  "ResponsesFunctionCallOutputItem",
  "ResponsesInputItem",
  "ResponsesMessageItem",
  "ResponsesRequestBody",
  "ResponsesTextFormat",
  "ReviewOptions",
  "ReviewVerdict",
  "StreamOptions",
  "ToolCallOptions",
  "UnexpectedRequest",
];

const runtimeKeys = (module: object) => Object.keys(module).filter((key) => key !== "default" && key !== "__esModule").sort();

async function importBoth(file: string) {
  const esm = await import(/* @vite-ignore */ dist(`${file}.js`));
  const cjs = require(dist(`${file}.cjs`));
  return { esm, cjs };
}

/** The names a built declaration file exports, types and values alike. */
function declaredExports(file: string): string[] {
  const program = ts.createProgram([dist(file)], { skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dist(file));
  if (!source) throw new Error(`missing ${file}`);
  const symbol = checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(symbol).map((s) => s.getName()).sort();
}

describe("root entry", () => {
  it("exports exactly the curated runtime values, in ESM and CJS", async () => {
    const { esm, cjs } = await importBoth("index");
    expect(runtimeKeys(esm)).toEqual([...ROOT_VALUES].sort());
    expect(runtimeKeys(cjs)).toEqual([...ROOT_VALUES].sort());
    const star = await import(/* @vite-ignore */ dist("index.js"));
    expect(runtimeKeys({ ...star })).toEqual([...ROOT_VALUES].sort());
  });

  it("declares exactly the curated values and option types, in .d.ts and .d.cts", () => {
    const expected = [...ROOT_VALUES, ...ROOT_TYPES].sort();
    expect(declaredExports("index.d.ts")).toEqual(expected);
    expect(declaredExports("index.d.cts")).toEqual(expected);
  });

  it("gives every exported class and function its own name, in ESM and CJS", async () => {
    for (const file of ["index", "testing"]) {
      const { esm, cjs } = await importBoth(file);
      for (const module of [esm, cjs]) {
        for (const key of runtimeKeys(module)) {
          const value = (module as Record<string, unknown>)[key];
          if (typeof value === "function") expect({ export: key, name: value.name }).toEqual({ export: key, name: key });
        }
      }
    }
  });

  it("exports no generated protocol type by name", () => {
    // `Thread` is both a protocol type and the SDK's Thread class; the root's is the class.
    const protocol = declaredExports("types.d.ts");
    const rootTypes = new Set(declaredExports("index.d.ts").filter((name) => !ROOT_VALUES.includes(name)));
    expect(protocol.filter((name) => rootTypes.has(name))).toEqual([]);
  });

  it("shares error classes across the ESM and CJS copies (brand-checked instanceof)", async () => {
    const { esm, cjs } = await importBoth("index");
    const fromCjs = new cjs.ServerBusyError("busy", {});
    expect(fromCjs).toBeInstanceOf(esm.ServerBusyError);
    expect(fromCjs).toBeInstanceOf(esm.JsonRpcError);
    expect(fromCjs).toBeInstanceOf(esm.CodexError);
    expect(fromCjs).not.toBeInstanceOf(esm.TransportClosedError);
  });
});

/** The bundle files a built ESM file loads statically (not through `import()`), transitively. */
function staticImportClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(dist(file), "utf8");
  for (const match of code.matchAll(/^(?:import|export)\b[^;]*?from\s*"\.\/([^"]+)"|^import\s*"\.\/([^"]+)"/gms)) {
    staticImportClosure((match[1] ?? match[2])!, seen);
  }
  return seen;
}

describe("root entry weight", () => {
  it("does not load the testing kit or the validator when imported", () => {
    const closure = [...staticImportClosure("index.js")];
    const code = closure.map((file) => readFileSync(dist(file), "utf8")).join("\n");
    expect(closure.some((file) => file.startsWith("testing") || file.startsWith("validator"))).toBe(false);
    expect(code).not.toContain("startMockResponses");
    expect(code).not.toMatch(/from "ajv"/);
    // Ajv is bundled into the lazily loaded chunks only (its error text marks its code).
    expect(code).not.toContain("CodeGen: name must be a valid identifier");
    // The validator is reachable only through a dynamic import.
    expect(code).toMatch(/import\("\.\/validator-[\w-]+\.js"\)/);
  });

  it("does not load ws or the remote transports until one is opened", () => {
    const closure = [...staticImportClosure("index.js")];
    const code = closure.map((file) => readFileSync(dist(file), "utf8")).join("\n");
    expect(code).not.toMatch(/from "ws"|import\("ws"\)/);
    expect(code).toMatch(/import\("\.\/websocket-[\w-]+\.js"\)/);
    expect(code).toMatch(/import\("\.\/daemon-[\w-]+\.js"\)/);
  });

  it("imports neither child_process nor net at the top (they load when a runtime is spawned or a socket opened)", () => {
    const closure = [...staticImportClosure("index.js")];
    const code = closure.map((file) => readFileSync(dist(file), "utf8")).join("\n");
    expect(code).not.toMatch(/^import [^;]* from "(node:)?(child_process|net)";/m);
    expect(code).toMatch(/import\("(node:)?child_process"\)/);
  });
});

describe("./types entry", () => {
  it("has no runtime exports", async () => {
    const { esm, cjs } = await importBoth("types");
    expect(runtimeKeys(esm)).toEqual([]);
    expect(runtimeKeys(cjs)).toEqual([]);
  });

  it("loads no code at all: no import, no require, no statement (a browser bundle of it pulls in nothing)", () => {
    for (const file of ["types.js", "types.cjs"]) {
      const code = readFileSync(dist(file), "utf8")
        .replace(/\/\/# sourceMappingURL=\S+/g, "")
        .replace(/^"use strict";/, "")
        .trim();
      expect({ file, code }).toEqual({ file, code: "" });
    }
  });

  it("declares the protocol types and method maps", () => {
    const names = declaredExports("types.d.ts");
    for (const name of ["Turn", "ThreadItem", "ServerNotification", "ClientRequestMap", "ServerRequestMap", "ServerNotificationMap", "UserInput", "JsonValue"]) {
      expect(names).toContain(name);
    }
    expect(declaredExports("types.d.cts")).toEqual(names);
  });
});

describe("./testing entry", () => {
  it("exports exactly the kit's runtime values, in ESM and CJS", async () => {
    const { esm, cjs } = await importBoth("testing");
    expect(runtimeKeys(esm)).toEqual([...TESTING_VALUES].sort());
    expect(runtimeKeys(cjs)).toEqual([...TESTING_VALUES].sort());
    const star = await import(/* @vite-ignore */ dist("testing.js"));
    expect(runtimeKeys({ ...star })).toEqual([...TESTING_VALUES].sort());
  });

  it("declares exactly the kit's values and types, in .d.ts and .d.cts", () => {
    const expected = [...TESTING_VALUES, ...TESTING_TYPES].sort();
    expect(declaredExports("testing.d.ts")).toEqual(expected);
    expect(declaredExports("testing.d.cts")).toEqual(expected);
  });
});
