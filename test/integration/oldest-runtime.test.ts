import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, type Logger } from "../../src/index.js";
import { createOfflineHarness, type OfflineHarness } from "../../src/testing/index.js";
import type { ServerNotification } from "../../src/types.js";
import { OLDEST, PINNED, oldestRuntimeBinary } from "../helpers/runtime-versions.js";

// The smoke subset of the integration suite against the oldest supported runtime (installed from
// the lockfile under its devDependency alias), through `codexBin`: start, a streamed turn, an
// approval round trip, an interrupt and thread/list, with every message validated.

const ESCALATED_ECHO =
  '[[mock:exec {"cmd":"echo old","sandbox_permissions":"require_escalated","justification":"oldest runtime"}]]';

describe(`the oldest supported runtime (${OLDEST}) through codexBin`, () => {
  let harness: OfflineHarness;
  let codex: Codex;
  const warnings: string[] = [];
  const approvals: string[] = [];
  // The SDK's own warnings; the runtime's (forwarded as "The app-server warns…") depend on the host, such as a missing bubblewrap.
  const own = (message: string) => void (message.startsWith("The app-server warns") || warnings.push(message));
  const logger: Logger = { warn: own, error: (message) => warnings.push(message) };

  beforeAll(async () => {
    harness = await createOfflineHarness();
    codex = await Codex.start({
      ...harness.codexOptions,
      codexBin: oldestRuntimeBinary(),
      validate: "warn",
      logger,
      serverRequests: {
        "item/commandExecution/requestApproval": (params) => {
          approvals.push(params.command ?? "");
          return { decision: "accept" };
        },
      },
    });
  });

  afterAll(async () => {
    await codex?.close();
    harness?.mock.assertNoEgress();
    await harness?.close();
  });

  it("starts and reports both versions", () => {
    expect(codex.runtimeVersion).toBe(OLDEST);
    expect(codex.metadata).toMatchObject({ runtimeVersion: OLDEST, pinnedRuntimeVersion: PINNED });
  });

  it("streams a turn", async () => {
    const thread = await codex.threadStart({ ephemeral: true });
    const handle = await thread.turn("Count. [[mock:stream 12]]");
    const events: ServerNotification[] = [];
    for await (const n of handle.stream()) events.push(n);
    expect(events.filter((n) => n.method === "item/agentMessage/delta")).toHaveLength(12);
    expect(events.at(-1)?.method).toBe("turn/completed");
    expect((await handle.run()).status).toBe("completed");
  });

  it("round-trips an approval", async () => {
    const thread = await codex.threadStart({ approvalMode: "ask", ephemeral: true });
    const turn = await thread.run(`Run echo. ${ESCALATED_ECHO}`);
    expect(approvals).toEqual(["/bin/bash -c 'echo old'"]);
    const command = turn.items.find((item) => item.type === "commandExecution");
    expect(command?.type === "commandExecution" && command.aggregatedOutput).toBe("old\n");
  });

  it("interrupts a running turn", async () => {
    const thread = await codex.threadStart({ ephemeral: true });
    const handle = await thread.turn("Count forever. [[mock:stream 200]] [[mock:delay 20]]");
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta") await handle.interrupt();
    }
    expect((await handle.run()).status).toBe("interrupted");
  });

  it("lists threads, and nothing it sent failed validation against the pinned schema", async () => {
    const stored = await codex.threadStart();
    await stored.run("Keep me. [[mock:text kept]]");
    const page = await codex.threadList({ limit: 10 });
    expect(page.data.map((t) => t.id)).toContain(stored.id);
    expect(warnings).toEqual([]);
  });
});
