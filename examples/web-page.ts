/**
 * A web page that streams a turn: a small `node:http` server serves one page, and for each prompt
 * the page opens an `EventSource` on `/turn`, where the server runs a turn and forwards its text
 * deltas as server-sent events, then a `done` event with the turn's status. Closing the page (or
 * the connection) aborts the turn. Runs offline: the mock model answers every prompt, word by
 * word; open the printed URL in a browser.
 *
 *   node --import tsx examples/web-page.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Codex } from "codex-app-server-sdk";
import { createOfflineHarness, reply } from "codex-app-server-sdk/testing";

const PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Codex</title>
<style>body { font: 16px system-ui; max-width: 40rem; margin: 2rem auto } #answer { white-space: pre-wrap }</style>
<form id="ask"><input id="prompt" size="50" placeholder="Ask something" required> <button>Ask</button></form>
<p id="answer"></p>
<p id="status"></p>
<script>
  const answer = document.getElementById("answer");
  const status = document.getElementById("status");
  window.deltas = 0;
  document.getElementById("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    answer.textContent = "";
    status.textContent = "running";
    const prompt = document.getElementById("prompt").value;
    const events = new EventSource("/turn?prompt=" + encodeURIComponent(prompt));
    events.addEventListener("delta", (e) => { answer.textContent += JSON.parse(e.data); window.deltas++; });
    events.addEventListener("done", (e) => { status.textContent = JSON.parse(e.data).status; events.close(); });
    events.addEventListener("failure", (e) => { status.textContent = "failed: " + JSON.parse(e.data).message; events.close(); });
    events.onerror = () => { if (status.textContent === "running") status.textContent = "connection lost"; events.close(); };
  });
</script>
</html>
`;

/** One server-sent event. */
function send(response: ServerResponse, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** `/turn?prompt=…`: a turn on a new thread, its deltas streamed as they arrive. */
async function streamTurn(codex: Codex, cwd: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const prompt = new URL(request.url ?? "/", "http://localhost").searchParams.get("prompt") ?? "";
  if (prompt.trim() === "" || !prompt.isWellFormed()) {
    response.writeHead(400).end("Ask something.");
    return;
  }
  response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  const gone = new AbortController(); // the browser went away: stop the turn
  response.on("close", () => gone.abort(new Error("The page closed the connection.")));
  const thread = await codex.threadStart({ cwd, ephemeral: true });
  try {
    const handle = await thread.turn(prompt, { signal: gone.signal });
    for await (const n of handle.stream()) {
      if (n.method === "item/agentMessage/delta") send(response, "delta", n.params.delta);
      if (n.method === "turn/completed") send(response, "done", { status: n.params.turn.status });
    }
  } catch (error) {
    if (!gone.signal.aborted) send(response, "failure", { message: error instanceof Error ? error.message : String(error) });
  } finally {
    response.end();
    await thread.close();
  }
}

/** Starts the page's server on `port` (default: a free one) and resolves with its URL and a `close()`. */
export async function main(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const harness = await createOfflineHarness();
  harness.mock.setHandler((request) => reply.text(`You asked: ${request.lastUserText} Here is the answer, streamed word by word.`, { delayMs: 40 }));
  const codex = await Codex.start(harness.codexOptions);

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (path === "/") response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    else if (path === "/turn") void streamTurn(codex, harness.workspace, request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await codex.close();
    await harness.close();
  };
  return { url, close };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url, close } = await main(Number(process.env.PORT ?? 0));
  console.log(`Open ${url} (Ctrl-C to stop)`);
  process.once("SIGINT", () => void close());
}
