/**
 * An approval policy of your own: `approvalMode: "ask"` sends the server's approval requests to
 * `serverRequests`, and the handler gets the command as the model wrote it (`context.command`,
 * unwrapped from the server's `/bin/bash -lc '…'`). This policy accepts simple commands from an
 * allow-list and declines the rest, shell syntax included; the files on disk show what ran. Runs
 * offline.
 *
 *   node --import tsx examples/approvals.ts
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Codex, type ApprovalCommand } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

/** Programs the agent may run without asking a person. */
const ALLOWED = new Set(["touch", "ls", "git"]);

/** Accept a simple command whose program is allowed; decline everything else. */
function decide(command: ApprovalCommand | null): "accept" | "decline" {
  return command?.argv && ALLOWED.has(command.argv[0] ?? "") ? "accept" : "decline";
}

/** A command the mock model asks to run outside the sandbox, so the server asks for approval. */
const ESCALATED = (cmd: string) =>
  `[[mock:exec ${JSON.stringify({ cmd, sandbox_permissions: "require_escalated", justification: "demo" })}]]`;

export async function main(): Promise<{ decisions: string[]; onDisk: Record<string, boolean> }> {
  await using harness = await createOfflineHarness();
  mkdirSync(path.join(harness.workspace, "build"));
  const decisions: string[] = [];
  await using codex = await Codex.start({
    ...harness.codexOptions,
    serverRequests: {
      "item/commandExecution/requestApproval": (_params, { command }) => {
        const decision = decide(command);
        decisions.push(`${decision}: ${command?.text}`);
        return { decision };
      },
    },
  });
  const thread = await codex.threadStart({ approvalMode: "ask", cwd: harness.workspace, ephemeral: true });
  for (const cmd of ["touch allowed.txt", "rm -rf build", "touch sneaky.txt && rm -rf build"]) {
    const turn = await thread.run(`Run it. ${ESCALATED(cmd)}`);
    const item = turn.items.find((entry) => entry.type === "commandExecution");
    console.log(`${cmd}: ${item?.type === "commandExecution" ? item.status : "not run"}`);
  }
  const onDisk = Object.fromEntries(
    ["allowed.txt", "build", "sneaky.txt"].map((name) => [name, existsSync(path.join(harness.workspace, name))]),
  );
  return { decisions, onDisk };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
