#!/usr/bin/env node
// A scriptable stand-in for `codex app-server` that misbehaves on purpose. It answers `initialize`
// the way the real server does (the user agent carries the pinned runtime version, read from
// schema/runtime-version.json) and then follows its script.
//
// Connection-level behaviour comes from environment variables:
//   HOSTILE_MODE          healthy (default) | garbage | duplicate-replies | unknown-id-replies |
//                         malformed-reply | initialize-result | mute | frozen | close-stdout |
//                         huge-line | huge-reply | flood
//   HOSTILE_EXIT_ON       spawn | initialize | initialized | <client method>: exit when it arrives
//   HOSTILE_EXIT_AFTER_MS exit this long after starting
//   HOSTILE_EXIT_CODE     exit code of those exits (default 7); each exit writes
//                         "exiting at <stage> (t=<Date.now()>)" to stderr
//   HOSTILE_NEVER_ANSWER  comma-separated client methods that never get a reply
//   HOSTILE_DELAY_MS      delay before every reply
//   HOSTILE_REPLY_SHAPE   malformed-reply: error-string | error-number | error-null | error-no-code |
//                         error-no-message | no-result | id-object
//   HOSTILE_REPLY_METHOD  malformed-reply: the method answered that way (default model/list)
//   HOSTILE_INITIALIZE    initialize-result: the JSON of the initialize result
//   HOSTILE_LINE_BYTES    huge-line / huge-reply: bytes of the line written for model/list
//   HOSTILE_FLOOD         flood: server requests sent right after `initialized`
//   HOSTILE_FLOOD_METHOD  flood: their method (default item/commandExecution/requestApproval)
//   HOSTILE_NOTIFY_FLOOD  flood: notifications sent right after `initialized`
//
// Turns follow `[[hostile:…]]` directives in their text input:
//   deltas N                  answer with N deltas ("w1 w2 …"); default 3
//   hang                      start the turn, then send nothing until it is interrupted
//   freeze                    start the turn, then never answer or send anything again
//   approval                  ask for a command approval, then answer with the decision
//   exit-after N              send N deltas, then exit
//   exit-on-approval          ask for a command approval, then exit before its answer
//   close-stdout-after N      send N deltas, then close stdout and keep running
//   malformed-with-reply      send the turn/start reply, a malformed turn/completed and a valid
//                             turn/completed in one write
//
// `hostile/stats` answers with what the runtime saw; `hostile/echo` echoes its params.

import { closeSync, readFileSync } from "node:fs";

const env = process.env;
const runtimeVersion = JSON.parse(readFileSync(new URL("../../schema/runtime-version.json", import.meta.url), "utf8")).version;
const mode = env.HOSTILE_MODE ?? "healthy";
const exitOn = env.HOSTILE_EXIT_ON;
const exitCode = Number(env.HOSTILE_EXIT_CODE ?? 7);
const neverAnswer = new Set((env.HOSTILE_NEVER_ANSWER ?? "").split(",").filter(Boolean));
const delayMs = Number(env.HOSTILE_DELAY_MS ?? 0);

const stats = { received: {}, serverRequestAnswers: 0, unknownAnswers: 0, duplicateAnswers: 0 };
let frozen = false;
let stdoutClosed = false;
let nextServerRequestId = 0;
/** Server requests waiting for the client's answer: id -> callback. */
const awaitingAnswer = new Map();
const answeredIds = new Set();
/** Running turns: turnId -> { threadId, finish(status) }. */
const runningTurns = new Map();
let threadCount = 0;
let turnCount = 0;

function exitNow(stage) {
  process.stderr.write(`hostile runtime: exiting at ${stage} (t=${Date.now()})\n`);
  process.exit(exitCode);
}

if (exitOn === "spawn") exitNow("spawn");
if (env.HOSTILE_EXIT_AFTER_MS !== undefined) setTimeout(() => exitNow("timer"), Number(env.HOSTILE_EXIT_AFTER_MS));

function write(text) {
  if (stdoutClosed) return true;
  return process.stdout.write(text);
}

function send(message) {
  return write(`${JSON.stringify(message)}\n`);
}

function drain() {
  return new Promise((resolve) => process.stdout.once("drain", resolve));
}

function reply(id, result) {
  send({ id, result });
}

function fail(id, code, message) {
  send({ id, error: { code, message } });
}

function notify(method, params) {
  return send({ method, params, emittedAtMs: Date.now() });
}

function serverRequest(method, params) {
  const id = nextServerRequestId++;
  send({ id, method, params });
  return id;
}

function closeStdout() {
  stdoutClosed = true;
  closeSync(1);
  // Keep running (and reading stdin) with stdout gone.
  setInterval(() => {}, 1 << 30);
}

function freeze() {
  frozen = true;
  setInterval(() => {}, 1 << 30);
}

// ---- reading the client ----------------------------------------------------------------------

let pending = "";
function onData(chunk) {
  pending += chunk;
  let end;
  while ((end = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    if (line.trim() === "") continue;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      process.stderr.write("hostile runtime: the client sent a line that is not JSON\n");
      continue;
    }
    receive(message);
  }
}
process.stdin.setEncoding("utf8");
process.stdin.on("data", onData);
// Even a frozen runtime ends when its stdin closes, except in `frozen` mode, which stops reading.
process.stdin.on("end", () => process.exit(0));

function receive(message) {
  const { id, method, params } = message;
  if (typeof method !== "string") {
    onAnswer(message);
    return;
  }
  stats.received[method] = (stats.received[method] ?? 0) + 1;
  if (exitOn === method) exitNow(method);
  if (id === undefined) {
    if (method === "initialized") onInitialized();
    return;
  }
  if (frozen || neverAnswer.has(method)) return;
  if (method === "initialize") {
    onInitialize(id, params);
    return;
  }
  if (mode === "mute") return;
  const respond = () => handleRequest(id, method, params ?? {});
  if (delayMs > 0) setTimeout(respond, delayMs);
  else respond();
}

function onAnswer(message) {
  const { id } = message;
  const callback = awaitingAnswer.get(id);
  if (callback !== undefined) {
    awaitingAnswer.delete(id);
    answeredIds.add(id);
    stats.serverRequestAnswers++;
    callback(message);
  } else if (answeredIds.has(id)) {
    stats.duplicateAnswers++;
  } else if (id !== undefined && id < nextServerRequestId) {
    answeredIds.add(id);
    stats.serverRequestAnswers++;
  } else {
    stats.unknownAnswers++;
  }
}

// ---- the handshake -----------------------------------------------------------------------------

function onInitialize(id, params) {
  if (exitOn === "initialize") exitNow("initialize");
  const name = params?.clientInfo?.name ?? "unknown_client";
  const clientVersion = params?.clientInfo?.version ?? "0.0.0";
  const result = {
    userAgent: `${name}/${runtimeVersion} (Debian 12.0.0; x86_64) xterm (${name}; ${clientVersion})`,
    codexHome: "/nonexistent/hostile-home",
    platformFamily: "unix",
    platformOs: "linux",
  };
  if (mode === "initialize-result") {
    reply(id, JSON.parse(env.HOSTILE_INITIALIZE ?? "null"));
    return;
  }
  reply(id, result);
}

function onInitialized() {
  if (exitOn === "initialized") {
    setTimeout(() => exitNow("initialized"), 20);
    return;
  }
  if (mode === "frozen") {
    process.stdin.off("data", onData);
    process.stdin.pause();
    freeze();
    return;
  }
  if (mode === "close-stdout") {
    setTimeout(closeStdout, 20);
    return;
  }
  if (mode === "flood") void flood();
}

async function flood() {
  const requests = Number(env.HOSTILE_FLOOD ?? 0);
  const method = env.HOSTILE_FLOOD_METHOD ?? "item/commandExecution/requestApproval";
  for (let i = 0; i < requests; i++) {
    const ok = send({ id: nextServerRequestId++, method, params: approvalParams("thr-flood", "turn-flood", `call-${i}`) });
    if (!ok) await drain();
  }
  const notifications = Number(env.HOSTILE_NOTIFY_FLOOD ?? 0);
  for (let i = 0; i < notifications; i++) {
    const ok = notify("item/agentMessage/delta", { threadId: "thr-nobody", turnId: "turn-nobody", itemId: "msg", delta: `d${i} ` });
    if (!ok) await drain();
  }
}

// ---- requests -----------------------------------------------------------------------------------

function handleRequest(id, method, params) {
  if (frozen) return;
  if (mode === "malformed-reply" && method === (env.HOSTILE_REPLY_METHOD ?? "model/list")) {
    sendMalformedReply(id);
    return;
  }
  if ((mode === "huge-line" || mode === "huge-reply") && method === "model/list") {
    void sendHugeLine(id, mode === "huge-reply");
    return;
  }
  if (mode === "unknown-id-replies") {
    send({ id: 900_000 + turnCount + threadCount, result: { stray: true } });
    send({ id: "not-a-client-id", error: { code: -32603, message: "stray error" } });
    send({ id: null, error: { code: -32600, message: "reply to nothing" } });
  }
  const answer = answerFor(id, method, params);
  if (answer === undefined) return;
  const messages = "error" in answer ? [{ id, error: answer.error }] : [{ id, result: answer.result }];
  for (const message of messages) send(message);
  if (mode === "duplicate-replies") {
    send(messages[0]);
    send({ id, result: { duplicate: "a different second reply" } });
    send({ id, error: { code: -32603, message: "a late error for an answered request" } });
  }
  if (mode === "garbage") sendGarbage();
  answer.after?.();
}

function answerFor(id, method, params) {
  switch (method) {
    case "model/list":
      return { result: { data: [{ id: "hostile-model", model: "hostile-model", displayName: "Hostile" }], nextCursor: null } };
    case "thread/list":
      return { result: { data: [], nextCursor: null } };
    case "account/read":
      return { result: { account: null, requiresOpenaiAuth: false } };
    case "thread/start":
      return { result: { thread: threadObject(`thr-${++threadCount}`) } };
    case "thread/resume":
    case "thread/fork":
    case "thread/unarchive":
      return { result: { thread: threadObject(params.threadId ?? `thr-${++threadCount}`) } };
    case "thread/archive":
    case "thread/name/set":
    case "thread/compact/start":
    case "account/logout":
      return { result: {} };
    case "thread/read":
      return { result: { thread: threadObject(params.threadId) } };
    case "turn/start":
      return startTurn(id, params);
    case "turn/interrupt":
      return interruptTurn(params);
    case "turn/steer":
      return { result: { turnId: params.expectedTurnId } };
    case "account/login/start":
      return loginStart(params);
    case "account/login/cancel":
      return { result: { status: "canceled" } };
    case "hostile/stats":
      return { result: stats };
    case "hostile/echo":
      return { result: { params } };
    case "hostile/loginCompletedNull":
      return { result: {}, after: () => send({ method: "account/login/completed", params: null }) };
    default:
      return { error: { code: -32600, message: `Invalid request: unknown variant \`${method}\`` } };
  }
}

function threadObject(id) {
  return { id, preview: "", modelProvider: "hostile", createdAt: 0, updatedAt: 0, status: { type: "idle" }, turns: [] };
}

function loginStart(params) {
  if (params.type === "apiKey") return { result: { type: "apiKey" } };
  if (params.type === "chatgpt") {
    return { result: { type: "chatgpt", loginId: "login-hostile", authUrl: "http://127.0.0.1:9/auth" } };
  }
  return {
    result: { type: "chatgptDeviceCode", loginId: "login-hostile", verificationUrl: "http://127.0.0.1:9/device", userCode: "ABCD" },
  };
}

function sendMalformedReply(id) {
  switch (env.HOSTILE_REPLY_SHAPE) {
    case "error-string":
      send({ id, error: "the hostile runtime failed this request" });
      break;
    case "error-number":
      send({ id, error: 500 });
      break;
    case "error-null":
      send({ id, error: null });
      break;
    case "error-no-code":
      send({ id, error: { message: "an error without a code" } });
      break;
    case "error-no-message":
      send({ id, error: { code: -32603 } });
      break;
    case "no-result":
      send({ id });
      break;
    case "id-object":
      send({ id: { id }, result: {} });
      break;
    default:
      throw new Error(`unknown HOSTILE_REPLY_SHAPE ${env.HOSTILE_REPLY_SHAPE}`);
  }
}

/** Writes one line of `HOSTILE_LINE_BYTES` bytes: with a newline (a valid reply) or without (never ends). */
async function sendHugeLine(id, complete) {
  const total = Number(env.HOSTILE_LINE_BYTES ?? 80 * 1024 * 1024);
  const head = `{"id":${id},"result":{"data":[],"nextCursor":null,"pad":"`;
  const tail = `"}}\n`;
  const chunk = "x".repeat(1024 * 1024);
  let remaining = total - head.length - (complete ? tail.length : 0);
  if (!write(head)) await drain();
  while (remaining > 0) {
    const piece = remaining >= chunk.length ? chunk : chunk.slice(0, remaining);
    remaining -= piece.length;
    if (!write(piece)) await drain();
  }
  if (complete) write(tail);
  else process.stderr.write(`hostile runtime: wrote ${total} bytes without a newline\n`);
}

function sendGarbage() {
  write("this is not json\n");
  write("{\"broken\": \n");
  write("[1,2,3]\n\"a string\"\nnull\n42\ntrue\n");
  write("{\"foo\":\"bar\"}\n");
  write("{\"method\":5,\"params\":{}}\n");
  write("{\"id\":{\"nested\":1},\"method\":\"item/commandExecution/requestApproval\",\"params\":{}}\n");
  write("{\"id\":1.5,\"result\":{}}\n");
  process.stdout.write(Buffer.from([0xff, 0xfe, 0x00, 0x0a]));
  write("\r\n   \n\n");
  for (const method of ["item/agentMessage/delta", "turn/completed", "turn/started", "item/completed", "serverRequest/resolved", "thread/tokenUsage/updated"]) {
    send({ method, params: null });
    send({ method, params: "not an object" });
  }
  send({ method: "turn/completed", params: { threadId: "thr-1", turn: null } });
  send({ method: "item/completed", params: { threadId: "thr-1", turnId: "nope", item: null } });
}

// ---- turns ---------------------------------------------------------------------------------------

function directive(params) {
  const text = (params.input ?? []).map((part) => (typeof part?.text === "string" ? part.text : "")).join(" ");
  const match = /\[\[hostile:([a-z-]+)(?:\s+(\d+))?\]\]/.exec(text);
  return match ? { name: match[1], count: match[2] === undefined ? undefined : Number(match[2]) } : { name: "deltas", count: 3 };
}

function turnObject(id, status) {
  return { id, items: [], itemsView: "notLoaded", status, error: status === "failed" ? { message: "failed" } : null };
}

function startTurn(id, params) {
  const threadId = params.threadId;
  const turnId = `turn-${++turnCount}`;
  const script = directive(params);
  if (script.name === "malformed-with-reply") {
    const lines = [
      { id, result: { turn: turnObject(turnId, "inProgress") } },
      { method: "turn/started", params: { threadId, turn: turnObject(turnId, "inProgress") } },
      { method: "turn/completed", params: { threadId, turnId, turn: null } },
      { method: "turn/completed", params: { threadId, turn: turnObject(turnId, "completed") } },
    ];
    write(lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    return undefined;
  }
  return { result: { turn: turnObject(turnId, "inProgress") }, after: () => void runTurn(threadId, turnId, script) };
}

async function runTurn(threadId, turnId, script) {
  let finished = false;
  const itemId = `msg-${turnId}`;
  let text = "";
  const finish = (status) => {
    if (finished) return;
    finished = true;
    runningTurns.delete(turnId);
    notify("item/completed", { threadId, turnId, item: { type: "agentMessage", id: itemId, text } });
    notify("turn/completed", { threadId, turn: turnObject(turnId, status) });
  };
  runningTurns.set(turnId, { threadId, finish });
  notify("turn/started", { threadId, turn: turnObject(turnId, "inProgress") });
  notify("item/started", { threadId, turnId, item: { type: "agentMessage", id: itemId, text: "" } });

  const deltas = async (count) => {
    for (let i = 1; i <= count && !finished && !frozen; i++) {
      const delta = i === 1 ? `w${i}` : ` w${i}`;
      text += delta;
      if (!notify("item/agentMessage/delta", { threadId, turnId, itemId, delta })) await drain();
    }
  };

  switch (script.name) {
    case "deltas":
      await deltas(script.count ?? 3);
      finish("completed");
      return;
    case "hang":
      return;
    case "freeze":
      freeze();
      return;
    case "exit-after":
      await deltas(script.count ?? 1);
      process.stdout.write("", () => exitNow("mid-turn"));
      return;
    case "close-stdout-after":
      await deltas(script.count ?? 1);
      process.stdout.write("", () => closeStdout());
      return;
    case "approval":
    case "exit-on-approval": {
      const requestId = serverRequest("item/commandExecution/requestApproval", approvalParams(threadId, turnId, `call-${turnId}`));
      if (script.name === "exit-on-approval") {
        process.stdout.write("", () => setTimeout(() => exitNow("mid-approval"), 50));
        return;
      }
      awaitingAnswer.set(requestId, (answer) => {
        notify("serverRequest/resolved", { threadId, requestId });
        const decision = answer.result?.decision ?? "no decision";
        text = `decision: ${typeof decision === "string" ? decision : JSON.stringify(decision)}`;
        notify("item/agentMessage/delta", { threadId, turnId, itemId, delta: text });
        finish("completed");
      });
      return;
    }
    default:
      await deltas(3);
      finish("completed");
  }
}

function interruptTurn(params) {
  const turn = runningTurns.get(params.turnId);
  if (turn === undefined) return { error: { code: -32600, message: "no active turn to interrupt" } };
  return { result: {}, after: () => turn.finish("interrupted") };
}

function approvalParams(threadId, turnId, itemId) {
  return {
    threadId,
    turnId,
    itemId,
    command: "/bin/bash -lc 'echo hostile'",
    cwd: "/nonexistent",
    reason: "the hostile runtime asks",
    commandActions: [{ type: "unknown", command: "echo hostile" }],
  };
}
