import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

// A consumer project compiles against the built declarations (dist/, resolved through the package's
// `exports`), as ESM and as CommonJS, strictly and without skipLibCheck; its negative cases must fail.

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "sdk-consumer-"));
mkdirSync(path.join(dir, "node_modules"));
symlinkSync(root, path.join(dir, "node_modules", "codex-app-server-sdk"), "dir");
symlinkSync(path.join(root, "node_modules", "@types"), path.join(dir, "node_modules", "@types"), "dir");

const body = (importLine: string) => `${importLine}

async function main(): Promise<void> {
  const harness = await createOfflineHarness();
  const codex = await Codex.start({ ...harness.codexOptions, validate: "warn" });
  const thread = await codex.threadStart({ approvalMode: "deny_all", sandbox: "read-only" });
  const handle = await thread.turn([textInput("hi")], { idleTimeoutMs: 10_000 });
  for await (const n of handle.stream()) {
    if (n.method === "item/agentMessage/delta") {
      const delta: string = n.params.delta;
      void delta;
    }
  }
  const turn: Turn = await handle.run();
  const items: ThreadItem[] = turn.items;
  const page = await retryOnOverload(() => codex.request("thread/list", { limit: 1 }));
  void items; void page.data;
  try {
    await codex.models();
  } catch (error) {
    if (error instanceof CodexStartError) {
      const kind: "runtime-not-found" | "codex-bin-not-found" | string = error.kind;
      void kind;
    }
  }
  // @ts-expect-error unknown method
  await codex.request("no/suchMethod", {});
  // @ts-expect-error wrong params
  await codex.request("thread/start", { sandbox: "everything" });
  // @ts-expect-error unknown approval preset
  await codex.threadStart({ approvalMode: "sometimes" });
  // Threads, handles and logins come only from the client: no constructor reaches its internals.
  // @ts-expect-error the constructor of Thread is private
  new Thread({ connection: { request() {} } }, { id: "t" });
  // @ts-expect-error the constructor of TurnHandle is private
  new TurnHandle({} as never, {} as never, "turn");
  // @ts-expect-error the constructor of ChatgptLoginHandle is private
  new ChatgptLoginHandle({} as never, "id", "url");
  // @ts-expect-error a private constructor has no parameters to reach through
  type Reach = ConstructorParameters<typeof Thread>[0];
  const thread2: Thread = await codex.threadStart();
  // @ts-expect-error the client's internals are private
  void thread2.core;
  await codex.close();
  await harness.close();
}
void main;
`;

writeFileSync(
  path.join(dir, "esm.mts"),
  body(`import { ChatgptLoginHandle, Codex, CodexStartError, Thread, TurnHandle, retryOnOverload, textInput } from "codex-app-server-sdk";
import type { ThreadItem, Turn } from "codex-app-server-sdk/types";
import { createOfflineHarness } from "codex-app-server-sdk/testing";`),
);
writeFileSync(
  path.join(dir, "cjs.cts"),
  body(`import { ChatgptLoginHandle, Codex, CodexStartError, Thread, TurnHandle, retryOnOverload, textInput } from "codex-app-server-sdk";
import type { ThreadItem, Turn } from "codex-app-server-sdk/types";
import { createOfflineHarness } from "codex-app-server-sdk/testing";`),
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compile(file: string): string[] {
  const program = ts.createProgram([path.join(dir, file)], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    types: ["node"],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "";
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("a consumer of the built package", () => {
  it("type-checks as ESM (import conditions, .d.ts)", () => {
    expect(compile("esm.mts")).toEqual([]);
  }, 60_000);

  it("type-checks as CommonJS (require conditions, .d.cts)", () => {
    expect(compile("cjs.cts")).toEqual([]);
  }, 60_000);
});
