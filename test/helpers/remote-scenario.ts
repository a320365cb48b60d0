import { expect } from "vitest";
import type { Codex, ServerRequestHandlers } from "../../src/index.js";
import type { ServerNotification } from "../../src/types.js";

/** A command that needs approval even in the sandbox: it asks for escalated permissions. */
const ESCALATED_ECHO =
  '[[mock:exec {"cmd":"echo hi","sandbox_permissions":"require_escalated","justification":"needs to run outside the sandbox"}]]';

/** Approval handlers that accept every command and record it in `commands`. */
export function acceptingApprovals(commands: string[]): ServerRequestHandlers {
  return {
    "item/commandExecution/requestApproval": (params) => {
      commands.push(params.command ?? "");
      return { decision: "accept" };
    },
  };
}

/**
 * The scenario every transport must pass, on a client whose `serverRequests` are
 * {@link acceptingApprovals} over `commands`: a streamed answer, an approval round trip through the
 * handler, an interrupt, and `thread/list` showing the threads it made.
 */
export async function runTransportScenario(codex: Codex, commands: string[]): Promise<void> {
  // A streamed answer: every delta, in order, then turn/completed.
  const thread = await codex.threadStart();
  const streamed = await thread.turn("Count. [[mock:stream 20]]");
  const events: ServerNotification[] = [];
  for await (const n of streamed.stream()) events.push(n);
  const deltas = events.filter((n) => n.method === "item/agentMessage/delta");
  expect(deltas).toHaveLength(20);
  expect(events.at(-1)?.method).toBe("turn/completed");
  const text = deltas.map((n) => (n.method === "item/agentMessage/delta" ? n.params.delta : "")).join("");
  expect((await streamed.run()).status).toBe("completed");
  expect(streamed.finalResponse).toBe(text);

  // An approval round trip: the server asks, the handler accepts, the command runs.
  commands.length = 0;
  const asking = await codex.threadStart({ approvalMode: "ask" });
  const approved = await asking.run(`Run echo. ${ESCALATED_ECHO}`);
  expect(commands).toEqual(["/bin/bash -c 'echo hi'"]);
  const command = approved.items.find((item) => item.type === "commandExecution");
  expect(command?.type === "commandExecution" && command.status).toBe("completed");
  expect(command?.type === "commandExecution" && command.aggregatedOutput).toBe("hi\n");

  // An interrupt: the turn ends as interrupted and the thread is free again.
  const long = await thread.turn("Count forever. [[mock:stream 200]] [[mock:delay 20]]");
  for await (const n of long.stream()) {
    if (n.method === "item/agentMessage/delta") await long.interrupt();
  }
  expect((await long.run()).status).toBe("interrupted");
  expect((await thread.run("Again. [[mock:text Back.]]")).status).toBe("completed");

  // thread/list: both threads are stored.
  const page = await codex.threadList({ limit: 50 });
  const ids = page.data.map((t) => t.id);
  expect(ids).toContain(thread.id);
  expect(ids).toContain(asking.id);
}
