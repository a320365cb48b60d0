import { beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../../src/index.js";
import { useOfflineCodex } from "../helpers/offline-codex.js";

// Live traffic of the real runtime checked against the pinned schema: with validate "strict", every
// incoming response, notification and server request of these turns validates (no warning), and
// outgoing params that do not match are refused before they are sent.

const ESCALATED_ECHO =
  '[[mock:exec {"cmd":"echo checked","sandbox_permissions":"require_escalated","justification":"validation"}]]';

describe("schema validation of live traffic", () => {
  const warnings: string[] = [];
  // The SDK's own warnings; the runtime's (forwarded as "The app-server warns…") depend on the host, such as a missing bubblewrap.
  const own = (message: string) => void (message.startsWith("The app-server warns") || warnings.push(message));
  const logger: Logger = { warn: own, error: (message) => warnings.push(message) };
  const suite = useOfflineCodex({
    codex: {
      validate: "strict",
      logger,
      serverRequests: { "item/commandExecution/requestApproval": () => ({ decision: "accept" }) },
    },
  });
  let seen = 0;

  beforeAll(() => {
    suite.codex.onNotification("*", () => seen++);
  });

  it("finds nothing wrong in streamed, reasoning, approved-command and failed turns", async () => {
    const thread = await suite.codex.threadStart({ approvalMode: "ask", cwd: suite.harness.workspace, ephemeral: true });
    const streamed = await thread.run("[[mock:reasoning thinking hard]] [[mock:text validated words streamed]]");
    expect(streamed.status).toBe("completed");
    const command = await thread.run(`Run it. ${ESCALATED_ECHO}`);
    expect(command.items.some((item) => item.type === "commandExecution" && item.status === "completed")).toBe(true);
    await expect(thread.run("[[mock:fail the model broke]]")).rejects.toThrow(/the model broke/);
    await suite.codex.threadList({ limit: 5 });
    await suite.codex.models();
    await thread.read({ includeTurns: false });

    expect(seen).toBeGreaterThan(20);
    expect(warnings).toEqual([]);
  });

  it("refuses outgoing params that do not match the schema, before sending", async () => {
    // The server answers bad params with -32600 (InvalidRequestError); a TypeError means the SDK refused them.
    const bad = suite.codex.request("thread/list", { limit: "ten" as unknown as number });
    await expect(bad).rejects.toBeInstanceOf(TypeError);
    await expect(bad).rejects.toThrow(/thread\/list/);
    await expect(suite.codex.request("turn/start", { threadId: "t" } as never)).rejects.toThrow(/input/);
    // The connection is still usable afterwards.
    await expect(suite.codex.threadList({ limit: 1 })).resolves.toHaveProperty("data");
  });
});
