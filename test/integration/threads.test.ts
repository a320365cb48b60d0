import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Codex, TurnFailedError, type ServerRequestHandlers } from "../../src/index.js";
import { createOfflineHarness, type OfflineHarness } from "../../src/testing/index.js";
import type { ServerNotification } from "../../src/types.js";
import type { ThreadItem, Turn } from "../../generated/protocol.js";

/** A command that needs approval even in the sandbox: it asks for escalated permissions. */
const ESCALATED_ECHO =
  '[[mock:exec {"cmd":"echo hi","sandbox_permissions":"require_escalated","justification":"needs to run outside the sandbox"}]]';

type CommandItem = Extract<ThreadItem, { type: "commandExecution" }>;

function commandOf(turn: Turn): CommandItem | undefined {
  return turn.items.find((item): item is CommandItem => item.type === "commandExecution");
}

function textOf(events: readonly ServerNotification[]): string {
  let text = "";
  for (const n of events) if (n.method === "item/agentMessage/delta") text += n.params.delta;
  return text;
}

function userTexts(turn: Turn): string[] {
  const texts: string[] = [];
  for (const item of turn.items) {
    if (item.type !== "userMessage") continue;
    for (const part of item.content) if (part.type === "text") texts.push(part.text);
  }
  return texts;
}

let harness: OfflineHarness;
let codex: Codex;
let approvals: string[] = [];
let approve: ServerRequestHandlers["item/commandExecution/requestApproval"];

beforeAll(async () => {
  harness = await createOfflineHarness();
  codex = await Codex.start({
    ...harness.codexOptions,
    serverRequests: {
      "item/commandExecution/requestApproval": (params, context) => {
        approvals.push(params.command ?? "");
        if (!approve) throw new Error("no approval expected in this test");
        return approve(params, context);
      },
    },
  });
});

afterEach(() => {
  harness.mock.assertNoEgress();
});

afterAll(async () => {
  await codex?.close();
  harness?.mock.assertNoEgress();
  await harness?.close();
});

describe("threads and turns against the real app-server", () => {
  it("keeps the context of earlier turns on one thread", async () => {
    const thread = await codex.threadStart();
    const first = await thread.run("My name is Ada. [[mock:text Nice to meet you, Ada.]]");
    const second = await thread.run("What is my name? [[mock:text Your name is Ada.]]");
    expect(first.status).toBe("completed");
    expect(second.status).toBe("completed");
    const request = harness.mock.lastRequest();
    const input = JSON.stringify(request?.body.input);
    expect(input).toContain("My name is Ada.");
    expect(input).toContain("Nice to meet you, Ada.");
    expect(request?.threadId).toBe(thread.id);
  });

  it("run() returns the Turn with the final agent message in its items", async () => {
    const thread = await codex.threadStart();
    const handle = await thread.turn("Greet me. [[mock:text Hello there, friend.]]");
    const turn = await handle.run();
    expect(turn.id).toBe(handle.id);
    expect(turn.status).toBe("completed");
    expect(turn.items.map((item) => item.type)).toEqual(["userMessage", "agentMessage"]);
    const last = turn.items.at(-1);
    expect(last?.type === "agentMessage" && last.text).toBe("Hello there, friend.");
    expect(handle.finalResponse).toBe("Hello there, friend.");
    expect(handle.usage?.totalTokens).toBeGreaterThan(0);
    expect(turn.usage).toEqual(handle.usage);
    expect(turn.finalResponse).toBe("Hello there, friend.");
  });

  it("stream() yields the deltas in order, then ends after turn/completed", async () => {
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count. [[mock:stream 20]]");
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) events.push(n);
    const last = events.at(-1);
    expect(last?.method).toBe("turn/completed");
    expect(events.filter((n) => n.method === "item/agentMessage/delta")).toHaveLength(20);
    const turn = await handle.run();
    const message = turn.items.find((item) => item.type === "agentMessage");
    expect(message?.type === "agentMessage" && message.text).toBe(textOf(events));
  });

  it("steer() lands in the running turn", async () => {
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count slowly. [[mock:stream 40]] [[mock:delay 30]]");
    let steered: string | undefined;
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta" && steered === undefined) {
        steered = (await handle.steer("Stop counting. [[mock:text Stopped as asked.]]")).turnId;
      }
    }
    expect(steered).toBe(handle.id);
    const turn = await handle.run();
    expect(turn.status).toBe("completed");
    expect(userTexts(turn)).toEqual([
      "Count slowly. [[mock:stream 40]] [[mock:delay 30]]",
      "Stop counting. [[mock:text Stopped as asked.]]",
    ]);
    expect(handle.finalResponse).toBe("Stopped as asked.");
  });

  it("interrupt() ends the turn as interrupted; a turn started meanwhile is refused", async () => {
    const thread = await codex.threadStart();
    const handle = await thread.turn("Count forever. [[mock:stream 200]] [[mock:delay 20]]");
    await expect(thread.turn("Another one")).rejects.toMatchObject({ name: "ThreadBusyError", activeTurnId: handle.id });
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta") await handle.interrupt();
    }
    const turn = await handle.run();
    expect(turn.status).toBe("interrupted");
    await handle.interrupt(); // already over
    // The thread is free again.
    const next = await thread.run("Again. [[mock:text Back.]]");
    expect(next.status).toBe("completed");
  });

  it("routes the events of 8 concurrent turns on 8 threads to the right handles", async () => {
    const threads = await Promise.all(Array.from({ length: 8 }, () => codex.threadStart()));
    const handles = await Promise.all(
      threads.map((thread, i) => thread.turn(`Thread ${i}. [[mock:text answer ${i} from thread number ${i} done]] [[mock:delay 5]]`)),
    );
    const results = await Promise.all(
      handles.map(async (handle) => {
        const events: ServerNotification[] = [];
        for await (const n of handle.stream()) events.push(n);
        return events;
      }),
    );
    expect(new Set(handles.map((handle) => handle.id)).size).toBe(8);
    results.forEach((events, i) => {
      const handle = handles[i];
      expect(textOf(events)).toBe(`answer ${i} from thread number ${i} done`);
      for (const n of events) {
        const params = n.params as { threadId?: string; turnId?: string; turn?: { id: string }; thread?: { id: string } };
        expect(params.threadId ?? params.thread?.id).toBe(handle.threadId);
        const turnId = params.turnId ?? params.turn?.id;
        if (turnId !== undefined) expect(turnId).toBe(handle.id);
      }
      expect(events.at(-1)?.method).toBe("turn/completed");
    });
    for (const [i, handle] of handles.entries()) expect(handle.finalResponse).toBe(`answer ${i} from thread number ${i} done`);
  });

  it("runs a command that needs approval when the handler accepts it", async () => {
    approvals = [];
    approve = () => ({ decision: "accept" });
    try {
      const thread = await codex.threadStart({ approvalMode: "ask" });
      const turn = await thread.run(`Run echo. ${ESCALATED_ECHO}`);
      expect(approvals).toEqual(["/bin/bash -c 'echo hi'"]);
      const command = commandOf(turn);
      expect(command?.status).toBe("completed");
      expect(command?.aggregatedOutput).toBe("hi\n");
    } finally {
      approve = undefined;
    }
  });

  it("neither asks nor runs under deny_all", async () => {
    approvals = [];
    const thread = await codex.threadStart({ approvalMode: "deny_all" });
    const handle = await thread.turn(`Run echo. ${ESCALATED_ECHO}`);
    const turn = await handle.run();
    expect(approvals).toEqual([]);
    expect(commandOf(turn)).toBeUndefined();
    expect(handle.finalResponse).toMatch(/approval policy is Never/);
  });

  it("applies approvalMode and sandbox given on a turn", async () => {
    approvals = [];
    const thread = await codex.threadStart({ approvalMode: "ask" });
    const turn = await thread.run(`Run echo. ${ESCALATED_ECHO}`, { approvalMode: "deny_all", sandbox: "read-only" });
    expect(turn.status).toBe("completed");
    expect(approvals).toEqual([]);
    expect(commandOf(turn)).toBeUndefined();
    const roomy = await thread.run("Fine. [[mock:text ok]]", { sandbox: "workspace-write" });
    expect(roomy.status).toBe("completed");
  });

  it("runs a command on an auto_review thread when the review allows it", async () => {
    approvals = [];
    const reviewsBefore = harness.mock.requests.filter((r) => r.kind === "review").length;
    const thread = await codex.threadStart(); // auto_review is the default
    const turn = await thread.run(`Run echo. ${ESCALATED_ECHO} [[mock:review allow]]`);
    expect(approvals).toEqual([]);
    expect(harness.mock.requests.filter((r) => r.kind === "review").length).toBeGreaterThan(reviewsBefore);
    const command = commandOf(turn);
    expect(command?.status).toBe("completed");
    expect(command?.aggregatedOutput).toBe("hi\n");
  });

  it("rejects a failed turn with TurnFailedError", async () => {
    const thread = await codex.threadStart();
    const error = await thread.run("Fail please. [[mock:fail model exploded]]").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TurnFailedError);
    const failed = error as TurnFailedError;
    expect(failed.turn.status).toBe("failed");
    expect(failed.turnError?.message).toMatch(/model exploded/);
  });
});

describe("with a separate client", () => {
  it("declines approvals by default when no handler is set", async () => {
    await using plain = await Codex.start(harness.codexOptions);
    const thread = await plain.threadStart({ approvalMode: "ask" });
    const turn = await thread.run(`Run echo. ${ESCALATED_ECHO}`);
    expect(commandOf(turn)?.status).toBe("declined");
    expect(turn.status).toBe("completed");
  });

  it("resumes a thread with a new client after close()", async () => {
    const first = await Codex.start(harness.codexOptions);
    const thread = await first.threadStart();
    await thread.run("Remember the word kiwi. [[mock:text Noted: kiwi.]]");
    await first.close();

    await using second = await Codex.start(harness.codexOptions);
    const resumed = await second.threadResume(thread.id);
    expect(resumed.id).toBe(thread.id);
    const turn = await resumed.run("Which word? [[mock:text The word was kiwi.]]");
    expect(turn.status).toBe("completed");
    const input = JSON.stringify(harness.mock.lastRequest()?.body.input);
    expect(input).toContain("Remember the word kiwi.");
    expect(input).toContain("Noted: kiwi.");
  });
});
