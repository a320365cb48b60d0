/**
 * One way to run turns over the three contestants, so the turn scenarios (multi-turn, concurrency,
 * memory) measure each with the same code: this SDK, the raw JSONL client, and `@openai/codex-sdk`
 * (which spawns `codex exec` for every turn, so it has no client to start). Each contestant's code is
 * loaded only when it starts, so a worker holds nothing of the others (memory figures depend on it).
 */
import type { Codex as OfficialCodex } from "@openai/codex-sdk";
import type { Codex } from "../src/index.js";
import type { OfflineSetup } from "./offline-setup.js";
import type { RawClient } from "./raw-client.js";

/** The contestants that run turns. */
export type TurnContestant = "sdk" | "raw" | "official";

/** A started client. */
export interface TurnClient {
  startThread(): Promise<TurnThread>;
  close(): Promise<void>;
}

/** A thread on which turns run one after another. */
export interface TurnThread {
  /** Runs one turn to completion; rejects unless it completed. */
  run(text: string): Promise<void>;
}

/** Starts `contestant`'s client (spawn and initialize, except for the official SDK) on `setup`. */
export async function startTurnClient(contestant: TurnContestant, setup: OfflineSetup): Promise<TurnClient> {
  switch (contestant) {
    case "sdk": {
      const { Codex } = await import("../src/index.js");
      return sdkClient(await Codex.start(setup.sdk));
    }
    case "raw": {
      const { RawClient } = await import("./raw-client.js");
      return rawClient(await RawClient.start(setup.raw));
    }
    case "official": {
      const { Codex } = await import("@openai/codex-sdk");
      return officialClient(new Codex(setup.official), setup);
    }
  }
}

function sdkClient(codex: Codex): TurnClient {
  return {
    async startThread() {
      const thread = await codex.threadStart();
      return {
        async run(text) {
          const turn = await thread.run(text);
          if (turn.status !== "completed") throw new Error(`A turn ended ${turn.status}.`);
        },
      };
    },
    close: () => codex.close(),
  };
}

interface TurnCompleted {
  threadId: string;
  turn: { status: string };
}

function rawClient(client: RawClient): TurnClient {
  const waiting = new Map<string, (status: string) => void>();
  client.onNotification((message) => {
    if (message.method !== "turn/completed") return;
    const { threadId, turn } = message.params as TurnCompleted;
    waiting.get(threadId)?.(turn.status);
  });
  return {
    async startThread() {
      const { thread } = (await client.request("thread/start", {})) as { thread: { id: string } };
      return {
        async run(text) {
          const completed = new Promise<string>((resolve) => waiting.set(thread.id, resolve));
          await client.request("turn/start", { threadId: thread.id, input: [{ type: "text", text }] });
          const status = await completed;
          waiting.delete(thread.id);
          if (status !== "completed") throw new Error(`A turn ended ${status}.`);
        },
      };
    },
    close: () => client.close(),
  };
}

function officialClient(codex: OfficialCodex, setup: OfflineSetup): TurnClient {
  return {
    async startThread() {
      const thread = codex.startThread(setup.officialThread);
      return {
        async run(text) {
          await thread.run(text);
        },
      };
    },
    close: async () => undefined,
  };
}
