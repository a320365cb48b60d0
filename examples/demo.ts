/**
 * A tour of codex-app-server-sdk: a streamed answer, a multi-turn conversation, a command approval
 * round trip, an interrupted turn and a Turn summary.
 *
 *   npm run demo              offline: the real app-server against the testing kit's mock model
 *   npm run demo -- --live    your own Codex login (or OPENAI_API_KEY) and a real model
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Codex, CodexStartError, TurnHandle, type CodexOptions, type ServerRequestHandlers } from "codex-app-server-sdk";
import type { OfflineHarness } from "codex-app-server-sdk/testing";
import type { Turn } from "codex-app-server-sdk/types";

const live = process.argv.includes("--live");
const color = process.stdout.isTTY === true;
const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[22m` : text);
const bold = (text: string) => (color ? `\x1b[1m${text}\x1b[22m` : text);
const write = (text: string) => process.stdout.write(text);

/** The prompt as sent: offline, the mock model's script rides along in `[[mock:…]]` directives. */
function prompt(text: string, mockScript: string): string {
  return live ? text : `${text} ${mockScript}`;
}

function heading(step: number, title: string): void {
  write(`\n${bold(`${step}) ${title}`)}\n`);
}

/** Prints the turn's agent messages as their deltas arrive; returns the finished Turn. */
async function streamAnswer(handle: TurnHandle): Promise<Turn> {
  let lineOpen = false;
  for await (const n of handle.stream()) {
    if (n.method === "item/agentMessage/delta") {
      if (!lineOpen) write("   codex: ");
      lineOpen = true;
      write(n.params.delta);
    } else if (n.method === "item/completed" && n.params.item.type === "agentMessage" && lineOpen) {
      write("\n");
      lineOpen = false;
    }
  }
  if (lineOpen) write("\n");
  return handle.run();
}

async function main(): Promise<void> {
  let harness: OfflineHarness | undefined;
  let workDir: string | undefined;
  const options: CodexOptions = {};

  if (live) {
    workDir = await mkdtemp(join(tmpdir(), "codex-sdk-demo-"));
    options.cwd = workDir;
    write(bold("codex-app-server-sdk demo (live: your Codex account and a real model)\n"));
    write(dim(`   working directory: ${workDir}\n`));
  } else {
    const { createOfflineHarness } = await import("codex-app-server-sdk/testing");
    harness = await createOfflineHarness();
    Object.assign(options, harness.codexOptions);
    write(bold("codex-app-server-sdk demo (offline: the real app-server against a mock model on 127.0.0.1)\n"));
  }

  const approvals: ServerRequestHandlers = {
    "item/commandExecution/requestApproval": (params) => {
      const inside = workDir === undefined || (params.cwd ?? "").startsWith(workDir);
      const decision = inside ? "accept" : "decline";
      write(`   ${bold("approval requested")}: ${params.command ?? "(command)"}`);
      if (params.reason) write(dim(` (reason: ${params.reason})`));
      write(` -> ${decision}\n`);
      return { decision };
    },
    "item/fileChange/requestApproval": (params) => {
      write(`   ${bold("file change approval requested")}${params.reason ? dim(` (${params.reason})`) : ""} -> accept\n`);
      return { decision: workDir === undefined ? "decline" : "accept" };
    },
  };

  const started = Date.now();
  let codex: Codex | undefined;
  try {
    codex = await Codex.start({ ...options, serverRequests: approvals });
    write(dim(`   app-server ${codex.runtimeVersion} started in ${Date.now() - started} ms\n`));

    if (live) {
      const { account } = await codex.account();
      if (!account) {
        const key = process.env.OPENAI_API_KEY;
        if (!key) {
          write(
            "\nNo Codex login found and OPENAI_API_KEY is not set, so there is nothing to run the live demo with.\n" +
              "Log in with `npx codex login` (ChatGPT account) or set OPENAI_API_KEY, then run `npm run demo -- --live`.\n" +
              "Without --live the demo runs fully offline against a mock model.\n",
          );
          process.exitCode = 1;
          return;
        }
        write(dim("   logging in with OPENAI_API_KEY\n"));
        await codex.loginApiKey(key);
      } else {
        write(dim(`   account: ${account.type === "chatgpt" ? (account.email ?? "ChatGPT") : account.type}\n`));
      }
    }

    // 1. A streamed answer.
    heading(1, "A streamed answer");
    const first = await codex.threadStart({ ephemeral: true });
    const streamed = await first.turn(
      prompt(
        "In two short sentences, what is a streamed response?",
        "[[mock:text A streamed response arrives piece by piece while it is produced. You can show each piece at once instead of waiting for the end.]] [[mock:delay 25]]",
      ),
    );
    write(`   you: In two short sentences, what is a streamed response?\n`);
    await streamAnswer(streamed);

    // 2. A conversation: every turn on the thread sees the ones before.
    heading(2, "A multi-turn conversation on one thread");
    const chat = await codex.threadStart({ ephemeral: true });
    const exchanges: [string, string][] = [
      ["My name is Ada and I like teal.", "[[mock:text Nice to meet you, Ada. Teal is a fine colour.]] [[mock:delay 15]]"],
      ["What is my name, and which colour do I like?", "[[mock:text You are Ada, and you like teal.]] [[mock:delay 15]]"],
    ];
    for (const [text, script] of exchanges) {
      write(`   you: ${text}\n`);
      await streamAnswer(await chat.turn(prompt(text, script)));
    }
    if (harness) {
      const seen = JSON.stringify(harness.mock.lastRequest()?.body.input ?? []);
      write(dim(`   (the model's last request contained the first exchange: ${seen.includes("I like teal")})\n`));
    }

    // 3. A command that needs approval: "ask" sends the request to the serverRequests handler above.
    heading(3, "A command approval round trip");
    const tools = await codex.threadStart({ ephemeral: true, approvalMode: "ask", sandbox: "read-only" });
    const askText = live
      ? "Create a file named hello.txt containing the word hi, using a shell command, then say what you did."
      : "Run `echo hi` outside the sandbox and tell me what it printed.";
    write(`   you: ${askText}\n`);
    const approvalTurn = await tools.turn(
      prompt(
        askText,
        '[[mock:exec {"cmd":"echo hi","sandbox_permissions":"require_escalated","justification":"Run echo outside the sandbox"}]] [[mock:then The command ran and printed hi.]]',
      ),
    );
    for await (const n of approvalTurn.stream()) {
      if (n.method === "serverRequest/resolved") write(dim("   (server: approval request resolved)\n"));
      if (n.method === "item/completed" && n.params.item.type === "commandExecution") {
        const item = n.params.item;
        write(`   command ${item.status}: ${item.command}`);
        if (item.aggregatedOutput) write(dim(` -> ${JSON.stringify(item.aggregatedOutput.trim())}`));
        write("\n");
      }
    }
    write(`   codex: ${approvalTurn.finalResponse ?? "(no answer)"}\n`);

    // 4. Interrupting a running turn.
    heading(4, "An interrupted turn");
    const counting = await codex.threadStart({ ephemeral: true });
    const countText = "Count from 1 to 200, one number per line.";
    write(`   you: ${countText}\n   codex: `);
    const long = await counting.turn(prompt(countText, "[[mock:stream 200]] [[mock:delay 20]]"));
    let deltas = 0;
    for await (const n of long.stream()) {
      if (n.method !== "item/agentMessage/delta") continue;
      write(n.params.delta.replace(/\n/g, " "));
      if (++deltas === 12) {
        write(dim(" … interrupting"));
        await long.interrupt();
      }
    }
    const interrupted = await long.run();
    write(`\n   status: ${bold(interrupted.status)} after ${deltas} deltas\n`);

    // 5. What run() returns.
    heading(5, "The final Turn of step 3");
    const turn = await approvalTurn.run();
    write(`   id: ${turn.id}\n`);
    write(`   status: ${turn.status}, duration: ${turn.durationMs ?? "?"} ms\n`);
    write(`   items: ${turn.items.map((item) => item.type).join(", ")}\n`);
    if (turn.usage) write(`   tokens: ${turn.usage.totalTokens} (${turn.usage.inputTokens} in, ${turn.usage.outputTokens} out)\n`);
    write(`   finalResponse: ${JSON.stringify(turn.finalResponse)}\n`);

    write(dim(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`));
  } finally {
    await codex?.close();
    if (harness) {
      harness.mock.assertNoEgress();
      await harness.close();
    }
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof CodexStartError && live) {
    process.stderr.write(
      "The live demo runs the app-server with your own Codex home (~/.codex or $CODEX_HOME). " +
        "Log in once with `npx codex login` (or set OPENAI_API_KEY), then try again.\n",
    );
  }
  process.exitCode = 1;
});
