/**
 * Approvals routed to your own handler: `approvalMode: "ask"` sends the server's approval requests
 * to `serverRequests`; this handler accepts `echo` and declines everything else. Runs offline.
 *
 *   node --import tsx examples/approvals.ts
 */
import { pathToFileURL } from "node:url";
import { Codex } from "../src/index.js";
import { createOfflineHarness } from "../src/testing/index.js";

const ESCALATED = (cmd: string) =>
  `[[mock:exec ${JSON.stringify({ cmd, sandbox_permissions: "require_escalated", justification: "demo" })}]]`;

export async function main(): Promise<string[]> {
  await using harness = await createOfflineHarness();
  const decisions: string[] = [];
  await using codex = await Codex.start({
    ...harness.codexOptions,
    serverRequests: {
      "item/commandExecution/requestApproval": (params) => {
        const decision = params.command?.includes("echo") ? "accept" : "decline";
        decisions.push(`${decision}: ${params.command}`);
        return { decision };
      },
    },
  });
  const thread = await codex.threadStart({ approvalMode: "ask", cwd: harness.workspace, ephemeral: true });
  for (const cmd of ["echo hi", "rm -rf build"]) {
    const turn = await thread.run(`Run it. ${ESCALATED(cmd)}`);
    const command = turn.items.find((item) => item.type === "commandExecution");
    console.log(`${cmd}: ${command?.type === "commandExecution" ? command.status : "not run"}`);
  }
  return decisions;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
