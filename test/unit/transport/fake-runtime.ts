import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A stand-in for the codex binary: a Node script that speaks JSON lines on stdio. It reports its
 * argv, cwd and environment on stderr and answers a few test methods.
 */
const FAKE_SERVER = String.raw`
const write = (text) => process.stdout.write(text);
const send = (message) => write(JSON.stringify(message) + "\n");
process.stderr.write("argv " + JSON.stringify(process.argv.slice(2)) + "\n");
let pending = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  let end;
  while ((end = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    handle(JSON.parse(line));
  }
});
process.stdin.on("end", () => {
  if (process.env.FAKE_IGNORE_EOF !== "1") process.exit(0);
});
if (process.env.FAKE_IGNORE_TERM === "1") process.on("SIGTERM", () => process.stderr.write("ignoring SIGTERM\n"));
if (process.env.FAKE_IGNORE_EOF === "1") setInterval(() => {}, 1000);
function handle(message) {
  const { id, method, params } = message;
  switch (method) {
    case "echo":
      send({ id, result: { params, cwd: process.cwd(), env: { FOO: process.env.FOO ?? null, HAS_PATH: "PATH" in process.env } } });
      break;
    case "garbage":
      write("this is not json\n{\"broken\": \n\n   \n[1,2,3]\n");
      send({ method: "after/garbage", params: {} });
      send({ id, result: "ok" });
      break;
    case "split": {
      const text = JSON.stringify({ method: "split/note", params: { text: "héllo wörld ✓" } }) + "\r\n" + JSON.stringify({ id, result: { done: true } }) + "\r\n";
      const bytes = Buffer.from(text);
      let offset = 0;
      const step = () => {
        if (offset >= bytes.length) return;
        process.stdout.write(bytes.subarray(offset, offset + 7));
        offset += 7;
        setTimeout(step, 1);
      };
      step();
      break;
    }
    case "big":
      send({ id, result: { text: "x".repeat(params.size) } });
      break;
    case "stderr":
      for (let i = 0; i < params.lines; i++) process.stderr.write("line " + i + "\n");
      send({ id, result: "written" });
      break;
    case "hang":
      break;
    case "ansi":
      process.stderr.write("\u001b[2m2026-12-01T00:00:00Z\u001b[0m \u001b[31mERROR\u001b[0m codex: colourful\n");
      send({ id, result: "written" });
      break;
    case "closeStdout":
      send({ id, result: "closing" });
      process.stdout.end();
      setInterval(() => {}, 1000);
      break;
    case "hugeLine":
      // One line of params.bytes bytes, without its newline yet.
      process.stdout.write('{"method":"huge","params":{"text":"' + "x".repeat(params.bytes) + '"}}');
      break;
    case "stopReading":
      // Stops reading stdin, so the client's writes back up in the pipe.
      process.stdin.pause();
      send({ id, result: "paused" });
      setInterval(() => {}, 1000);
      break;
    case "closeStdin":
      // Closed before the answer, so whatever the client writes next finds it closed.
      process.stdin.destroy();
      require("node:fs").closeSync(0);
      send({ id, result: "closed" });
      setInterval(() => {}, 1000);
      break;
    case "stopReadingThenExit":
      // Stops reading stdin, then exits while the client's writes are backed up in the pipe.
      process.stdin.pause();
      send({ id, result: "paused" });
      setTimeout(() => {
        process.stderr.write("fatal: bye\n");
        process.exit(params.code);
      }, params.afterMs);
      break;
    case "exit":
      process.stderr.write("fatal: bye\n");
      process.exit(params.code);
      break;
    default:
      send({ id, error: { code: -32600, message: "unknown " + method } });
  }
}
`;

/** A directory holding fake runtimes; remove it with `cleanup()`. */
export interface FakeRuntimeDir {
  /** An executable fake `codex` (see above). */
  server: string;
  /** A file that exists but is not executable. */
  notExecutable: string;
  dir: string;
  cleanup(): void;
}

export function makeFakeRuntimes(): FakeRuntimeDir {
  const dir = mkdtempSync(path.join(tmpdir(), "codex-sdk-fake-runtime-"));
  const server = path.join(dir, "codex");
  writeFileSync(server, `#!${process.execPath}\n${FAKE_SERVER}`);
  chmodSync(server, 0o755);
  const notExecutable = path.join(dir, "codex-no-exec");
  writeFileSync(notExecutable, "#!/bin/sh\n");
  chmodSync(notExecutable, 0o644);
  return { server, notExecutable, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
