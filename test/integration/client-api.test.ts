import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TokenUsageBreakdown } from "../../generated/protocol.js";
import { Codex, StructuredOutputError, type ServerRequestHandlers } from "../../src/index.js";
import { createOfflineHarness, reply, type OfflineHarness } from "../../src/testing/index.js";
import type { ServerNotification } from "../../src/types.js";
import { childrenNamed, isAlive } from "../helpers/processes.js";

// The shapes a user gets from the client, against the real runtime offline: results with the
// answer and the turn's own usage, handlers per thread and per turn, closing a thread.

const escalated = (cmd: string) =>
  `[[mock:exec ${JSON.stringify({ cmd, sandbox_permissions: "require_escalated", justification: "the suite needs it" })}]]`;

let harness: OfflineHarness;
let codex: Codex;
const clientDecisions: string[] = [];

beforeAll(async () => {
  harness = await createOfflineHarness();
  codex = await Codex.start({
    ...harness.codexOptions,
    serverRequests: {
      "item/commandExecution/requestApproval": (_params, { command }) => {
        clientDecisions.push(`client declines ${command?.text}`);
        return { decision: "decline" };
      },
    },
  });
});

afterAll(async () => {
  await codex?.close();
  harness?.mock.assertNoEgress();
  await harness?.close();
});

const sum = (reports: TokenUsageBreakdown[], field: keyof TokenUsageBreakdown) =>
  reports.reduce((total, report) => total + (report[field] ?? 0), 0);

describe("TurnResult", () => {
  it("carries the answer and the turn's own usage: the sum of its model requests, tool round trip included", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true, approvalMode: "deny_all" });
    await thread.run("Warm up. [[mock:text First.]]");
    const handle = await thread.turn(`Run a command. [[mock:exec {"cmd":"echo usage"}]] [[mock:then Ran it.]]`);
    const perRequest: TokenUsageBreakdown[] = [];
    for await (const n of handle.stream()) {
      if (n.method === "thread/tokenUsage/updated") perRequest.push(n.params.tokenUsage.last);
    }
    const result = await handle.run();
    expect(result.status).toBe("completed");
    expect(result.finalResponse).toBe("Ran it.");
    expect(perRequest).toHaveLength(2);
    expect(result.usage?.totalTokens).toBe(sum(perRequest, "totalTokens"));
    expect(result.usage?.inputTokens).toBe(sum(perRequest, "inputTokens"));
    expect(result.usage?.outputTokens).toBe(sum(perRequest, "outputTokens"));
    // Not just the last request's, and not the thread's whole total.
    expect(result.usage!.totalTokens).toBeGreaterThan(perRequest.at(-1)!.totalTokens);
  });

  it("thread.run(input) gives the answer text in one call, and the server's warnings", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true, model: "no-such-model" });
    const result = await thread.run("Answer. [[mock:text Forty-two.]]");
    expect(result.finalResponse).toBe("Forty-two.");
    expect(result.warnings.some((warning) => /no-such-model/.test(warning))).toBe(true);
  });
});

describe("structured output", () => {
  const schema = {
    type: "object",
    properties: { city: { type: "string" }, population: { type: "integer" } },
    required: ["city", "population"],
    additionalProperties: false,
  } as const;

  it("resolves with output parsed from the answer and checked against the schema", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const result = await thread.run('Which city? [[mock:json {"city":"Lyon","population":522000}]]', { outputSchema: schema });
    expect(result.output).toEqual({ city: "Lyon", population: 522000 });
    const population: number = result.output.population;
    expect(population).toBe(522000);
    const request = harness.mock.requests.at(-1)!;
    expect(request.kind).toBe("outputSchema");
  });

  it("rejects an answer that is not JSON with StructuredOutputError carrying the raw text", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    harness.mock.enqueue(reply.text("Lyon, about half a million people."));
    const error = await thread.run("Which city?", { outputSchema: schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toMatchObject({ reason: "not-json", text: "Lyon, about half a million people." });
  });

  it("rejects an answer that does not match with the schema errors", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const error = await thread.run('Which city? [[mock:json {"city":"Lyon","population":"many"}]]', { outputSchema: schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error).toMatchObject({ reason: "schema-mismatch", text: '{"city":"Lyon","population":"many"}' });
    expect((error as StructuredOutputError).errors).toEqual([expect.objectContaining({ path: "/population" })]);
  });

  it("refuses a schema Ajv cannot compile before anything is sent", async () => {
    const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true });
    const before = harness.mock.requests.length;
    await expect(thread.run("x", { outputSchema: { type: "no-such-type" } })).rejects.toThrow(TypeError);
    expect(harness.mock.requests.length).toBe(before);
  });
});

describe("server-request handlers per thread and per turn", () => {
  it("the turn's handler wins over the thread's, which wins over the client's", async () => {
    const seen: string[] = [];
    const threadHandlers: ServerRequestHandlers = {
      "item/commandExecution/requestApproval": (_params, { command }) => {
        seen.push(`thread declines ${command?.text}`);
        return { decision: "decline" };
      },
    };
    const thread = await codex.threadStart({ approvalMode: "ask", cwd: harness.workspace, ephemeral: true, serverRequests: threadHandlers });
    const declined = await thread.run(`Run it. ${escalated("echo from-thread")}`);
    const accepted = await thread.run(`Run it. ${escalated("echo from-turn")}`, {
      serverRequests: {
        "item/commandExecution/requestApproval": (_params, { command }) => {
          seen.push(`turn accepts ${command?.text}`);
          return { decision: "accept" };
        },
      },
    });
    const other = await codex.threadStart({ approvalMode: "ask", cwd: harness.workspace, ephemeral: true });
    await other.run(`Run it. ${escalated("echo from-client")}`);

    expect(seen).toEqual(["thread declines echo from-thread", "turn accepts echo from-turn"]);
    expect(clientDecisions).toEqual(["client declines echo from-client"]);
    const status = (turn: typeof declined) => turn.items.find((item) => item.type === "commandExecution");
    expect(status(declined)).toMatchObject({ status: "declined" });
    expect(status(accepted)).toMatchObject({ status: "completed", aggregatedOutput: expect.stringContaining("from-turn") });
  });
});

describe("thread.close()", () => {
  it("unsubscribes: no further notifications for the thread reach the client, its state is released, and resume works", async () => {
    const thread = await codex.threadStart({
      cwd: harness.workspace,
      serverRequests: { "item/tool/requestUserInput": () => ({ answers: {} }) },
    });
    await thread.run("Remember the word basil. [[mock:text Noted.]]");
    expect(codex.stats.threads).toBeGreaterThan(0);
    const before = codex.stats;

    await thread.close();
    expect(thread.closed).toBe(true);
    expect(codex.stats.threads).toBeLessThan(before.threads);
    await expect(thread.turn("again")).rejects.toThrow(TypeError);
    await expect(thread.turn("again")).rejects.toThrow(/threadResume/);

    // The server runs a turn on the thread, but sends this client none of its events (it still
    // broadcasts thread state changes, such as thread/status/changed, to every connection).
    const heard: ServerNotification[] = [];
    const subscription = codex.onNotification("*", (n) => {
      const params = n.params as { threadId?: string } | undefined;
      if (params?.threadId === thread.id && /^(turn|item|thread\/tokenUsage)\//.test(n.method)) heard.push(n);
    });
    const requestsBefore = harness.mock.requests.length;
    await codex.request("turn/start", { threadId: thread.id, input: [{ type: "text", text: "Quietly. [[mock:text Shh.]]", text_elements: [] }] });
    await waitFor(() => harness.mock.requests.length > requestsBefore);
    await new Promise((resolve) => setTimeout(resolve, 500));
    subscription.dispose();
    expect(heard).toEqual([]);

    const resumed = await codex.threadResume(thread.id);
    const result = await resumed.run("Which word? [[mock:text Basil.]]");
    expect(result.finalResponse).toBe("Basil.");
  });
});

describe("a program that forgets close()", () => {
  it("still exits once nothing is pending, and leaves no runtime behind", async () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const script = path.join(harness.workspace, "forgetful.mts");
    writeFileSync(
      script,
      `import { Codex } from ${JSON.stringify(path.join(root, "src/index.ts"))};
const codex = await Codex.start(${JSON.stringify({ ...harness.codexOptions, logger: undefined })});
const thread = await codex.threadStart({ ephemeral: true });
const result = await thread.run("Say bye. [[mock:text Bye.]]");
console.log("pid", codex.pid, result.finalResponse);
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { cwd: root, timeout: 30_000 });
    const [, pid, answer] = stdout.trim().split(" ");
    expect(answer).toBe("Bye.");
    await waitFor(() => !isAlive(Number(pid)));
    expect(childrenNamed("codex").includes(Number(pid))).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
