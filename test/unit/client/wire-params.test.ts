import { describe, expect, it } from "vitest";
import {
  sandboxPolicyFor,
  threadForkParams,
  threadListParams,
  threadResumeParams,
  threadStartParams,
  toolSetOf,
  turnStartParams,
} from "../../../src/client/wire-params.js";
import { defineTool } from "../../../src/client/tools.js";
import type { ThreadStartOptions, TurnOptions } from "../../../src/client/options.js";

describe("threadStartParams", () => {
  it("defaults to the auto_review preset", () => {
    expect(threadStartParams()).toEqual({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" });
    expect(threadStartParams({})).toEqual({ approvalPolicy: "on-request", approvalsReviewer: "auto_review" });
  });

  it("maps each approval preset", () => {
    expect(threadStartParams({ approvalMode: "auto_review" })).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
    expect(threadStartParams({ approvalMode: "deny_all" })).toEqual({ approvalPolicy: "never" });
    expect(threadStartParams({ approvalMode: "ask" })).toEqual({ approvalPolicy: "on-request", approvalsReviewer: "user" });
  });

  it("lets explicit approvalPolicy / approvalsReviewer win over the preset", () => {
    expect(threadStartParams({ approvalMode: "ask", approvalPolicy: "untrusted" })).toEqual({
      approvalPolicy: "untrusted",
      approvalsReviewer: "user",
    });
    expect(threadStartParams({ approvalMode: "auto_review", approvalsReviewer: "user" })).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
    });
    expect(threadStartParams({ approvalPolicy: "never" })).toEqual({
      approvalPolicy: "never",
      approvalsReviewer: "auto_review",
    });
    const granular = { granular: { mcp_elicitations: true, rules: true, sandbox_approval: false } };
    expect(threadStartParams({ approvalMode: "deny_all", approvalPolicy: granular }).approvalPolicy).toEqual(granular);
    expect(threadStartParams({ approvalPolicy: null, approvalsReviewer: null })).toEqual({
      approvalPolicy: null,
      approvalsReviewer: null,
    });
  });

  it("sends sandbox and the other wire options as they are, dropping undefined", () => {
    const params = threadStartParams({
      sandbox: "workspace-write",
      model: "gpt-5.5",
      cwd: "/repo",
      ephemeral: true,
      config: { "features.plugins": false },
      developerInstructions: undefined,
    });
    expect(params).toEqual({
      sandbox: "workspace-write",
      model: "gpt-5.5",
      cwd: "/repo",
      ephemeral: true,
      config: { "features.plugins": false },
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
    expect("developerInstructions" in params).toBe(false);
    expect("approvalMode" in params).toBe(false);
  });

  it("does not mutate the options", () => {
    const options: ThreadStartOptions = { approvalMode: "ask", model: "m" };
    threadStartParams(options);
    expect(options).toEqual({ approvalMode: "ask", model: "m" });
  });

  it("rejects bad options with a TypeError naming the option", () => {
    expect(() => threadStartParams({ approvalMode: "yolo" as never })).toThrow(
      /threadStart\(\) option "approvalMode" must be one of "auto_review", "deny_all", "ask"/,
    );
    expect(() => threadStartParams({ sandbox: "read_only" as never })).toThrow(
      /option "sandbox" must be one of "read-only", "workspace-write", "danger-full-access"/,
    );
    expect(() => threadStartParams({ model: 5 as never })).toThrow(/option "model" must be a string or null, got number 5/);
    expect(() => threadStartParams({ ephemeral: "yes" as never })).toThrow(/"ephemeral" must be a boolean or null/);
    expect(() => threadStartParams({ approvalPolicy: "sometimes" as never })).toThrow(/"approvalPolicy" must be one of/);
    expect(() => threadStartParams({ approvalsReviewer: "robot" as never })).toThrow(/"approvalsReviewer" must be one of/);
    expect(() => threadStartParams({ sandboxMode: "read-only" } as never)).toThrow(
      /unknown option "sandboxMode". Known options: .*sandbox/,
    );
    expect(() => threadStartParams("gpt" as never)).toThrow(/threadStart\(\) options must be an object, got string/);
    expect(() => threadStartParams([] as never)).toThrow(TypeError);
  });
});

describe("threadResumeParams / threadForkParams", () => {
  it("send nothing but the id by default", () => {
    expect(threadResumeParams("thr_1")).toEqual({ threadId: "thr_1" });
    expect(threadResumeParams("thr_1", {})).toEqual({ threadId: "thr_1" });
    expect(threadForkParams("thr_1")).toEqual({ threadId: "thr_1" });
  });

  it("apply a preset only when asked, and sandbox as `sandbox`", () => {
    expect(threadResumeParams("thr_1", { approvalMode: "deny_all", sandbox: "read-only" })).toEqual({
      threadId: "thr_1",
      approvalPolicy: "never",
      sandbox: "read-only",
    });
    expect(threadForkParams("thr_1", { approvalMode: "ask", ephemeral: true })).toEqual({
      threadId: "thr_1",
      approvalPolicy: "on-request",
      approvalsReviewer: "user",
      ephemeral: true,
    });
  });

  it("reject a threadId in the options (the argument names the thread)", () => {
    expect(() => threadResumeParams("thr_1", { threadId: "other" } as never)).toThrow(/unknown option "threadId"/);
  });

  it("reject non-string or empty ids", () => {
    expect(() => threadResumeParams(42 as never)).toThrow(/threadResume\(\) needs a thread id string \(a Thread's `id`\), got number 42/);
    expect(() => threadForkParams("")).toThrow(/threadFork\(\) needs a thread id string/);
    expect(() => threadForkParams(undefined as never)).toThrow(TypeError);
  });
});

describe("threadListParams", () => {
  it("passes filters through and checks them", () => {
    expect(threadListParams()).toEqual({});
    expect(threadListParams({ limit: 10, cursor: "c", cwd: ["/a", "/b"], archived: false })).toEqual({
      limit: 10,
      cursor: "c",
      cwd: ["/a", "/b"],
      archived: false,
    });
    expect(() => threadListParams({ limit: -1 })).toThrow(/"limit" must be a non-negative integer/);
    expect(() => threadListParams({ cwd: 3 as never })).toThrow(/"cwd" must be a string, an array of strings or null/);
    expect(() => threadListParams({ approvalMode: "ask" } as never)).toThrow(/unknown option "approvalMode"/);
  });
});

describe("turnStartParams", () => {
  it("sends only the thread id and input by default", () => {
    expect(turnStartParams("thr_1", "hi")).toEqual({ threadId: "thr_1", input: [{ type: "text", text: "hi" }] });
  });

  it("maps approvalMode and turns sandbox into a sandboxPolicy object", () => {
    expect(turnStartParams("thr_1", "hi", { approvalMode: "deny_all", sandbox: "read-only" })).toEqual({
      threadId: "thr_1",
      input: [{ type: "text", text: "hi" }],
      approvalPolicy: "never",
      sandboxPolicy: { type: "readOnly" },
    });
    expect(turnStartParams("t", "x", { sandbox: "workspace-write" }).sandboxPolicy).toEqual({ type: "workspaceWrite" });
    expect(turnStartParams("t", "x", { sandbox: "danger-full-access" }).sandboxPolicy).toEqual({ type: "dangerFullAccess" });
    expect(turnStartParams("t", "x", { approvalMode: "auto_review" })).toMatchObject({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
  });

  it("lets an explicit sandboxPolicy and approvalPolicy win", () => {
    const policy = { type: "workspaceWrite" as const, networkAccess: true };
    const params = turnStartParams("t", "x", { sandbox: "read-only", sandboxPolicy: policy, approvalMode: "ask", approvalPolicy: "never" });
    expect(params.sandboxPolicy).toEqual(policy);
    expect(params.approvalPolicy).toBe("never");
    expect(params.approvalsReviewer).toBe("user");
  });

  it("keeps signal and idleTimeoutMs local and passes the other options", () => {
    const controller = new AbortController();
    const options: TurnOptions = {
      signal: controller.signal,
      idleTimeoutMs: 1000,
      model: "gpt-5.5",
      effort: "high",
      outputSchema: { type: "object" },
    };
    expect(turnStartParams("t", "x", options)).toEqual({
      threadId: "t",
      input: [{ type: "text", text: "x" }],
      model: "gpt-5.5",
      effort: "high",
      outputSchema: { type: "object" },
    });
  });

  it("rejects bad options and input before anything is built", () => {
    expect(() => turnStartParams("t", "x", { sandbox: "full_access" as never })).toThrow(/turn\(\) option "sandbox"/);
    expect(() => turnStartParams("t", "x", { approvalMode: "never" as never })).toThrow(/"approvalMode" must be one of/);
    expect(() => turnStartParams("t", "x", { idleTimeoutMs: 0 })).toThrow(/"idleTimeoutMs" must be a positive number/);
    expect(() => turnStartParams("t", "x", { signal: {} as never })).toThrow(/"signal" must be an AbortSignal/);
    expect(() => turnStartParams("t", [])).toThrow(/empty array/);
    expect(() => turnStartParams(1 as never, "x")).toThrow(/turn\(\) needs a thread id string/);
  });

  it("builds each sandbox policy fresh", () => {
    const a = sandboxPolicyFor("read-only");
    const b = sandboxPolicyFor("read-only");
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });
});

describe('approvalMode "inherit"', () => {
  it("sends neither approval field, on threads and turns, so the server's configuration (or the thread's settings) decides", () => {
    expect(threadStartParams({ approvalMode: "inherit" })).toEqual({});
    expect(threadStartParams({ approvalMode: "inherit", approvalPolicy: "untrusted" })).toEqual({ approvalPolicy: "untrusted" });
    expect(threadResumeParams("thr_1", { approvalMode: "inherit" })).toEqual({ threadId: "thr_1" });
    expect(threadForkParams("thr_1", { approvalMode: "inherit" })).toEqual({ threadId: "thr_1" });
    expect(turnStartParams("thr_1", "hi", { approvalMode: "inherit" })).toEqual({
      threadId: "thr_1",
      input: [{ type: "text", text: "hi" }],
    });
  });
});

describe("tools on threads", () => {
  const weather = defineTool({ name: "lookup_weather", description: "Weather.", inputSchema: { type: "object" }, execute: () => "" });
  const find = defineTool({ name: "find", namespace: { name: "crm", description: "CRM." }, description: "Find.", inputSchema: {}, execute: () => "" });

  it("are sent as dynamicTools on threadStart, and never on resume or fork", () => {
    expect(threadStartParams({ tools: [weather, find], approvalMode: "inherit" })).toEqual({
      dynamicTools: [
        { type: "function", name: "lookup_weather", description: "Weather.", inputSchema: { type: "object" } },
        { type: "namespace", name: "crm", description: "CRM.", tools: [{ type: "function", name: "find", description: "Find.", inputSchema: {} }] },
      ],
    });
    expect(threadStartParams({ tools: [], approvalMode: "inherit" })).toEqual({});
    expect(threadResumeParams("thr_1", { tools: [weather] })).toEqual({ threadId: "thr_1" });
    expect(threadForkParams("thr_1", { tools: [weather] })).toEqual({ threadId: "thr_1" });
    expect(toolSetOf([weather, find], "threadResume()")?.find("crm", "find")).toBe(find);
  });

  it("are checked: an array of defineTool() tools, and not together with dynamicTools", () => {
    expect(() => threadStartParams({ tools: weather as never })).toThrow('threadStart() option "tools" must be an array of tools made by defineTool()');
    expect(() => threadStartParams({ tools: [{ name: "x" }] as never })).toThrow('threadStart() option "tools"[0] must be a tool made by defineTool()');
    expect(() => threadStartParams({ tools: [weather], dynamicTools: [] })).toThrow(/got both tools and dynamicTools/);
    expect(() => threadResumeParams("thr_1", { tools: "x" as never })).toThrow('threadResume() option "tools" must be an array, got string "x".');
  });
});
