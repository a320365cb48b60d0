import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleLogger } from "../../../src/console-logger.js";
import { chooseLogger, LOG_LEVELS, wireTraceEnabled } from "../../../src/log-level.js";
import { silentLogger, type Logger } from "../../../src/logger.js";

/** A console stand-in that records what each method was given. */
function recordingConsole() {
  const lines: Array<{ method: "error" | "warn"; args: unknown[] }> = [];
  return {
    lines,
    sink: { error: (...args: unknown[]) => lines.push({ method: "error", args }), warn: (...args: unknown[]) => lines.push({ method: "warn", args }) },
  };
}

function emitAll(logger: Logger) {
  logger.error?.("e");
  logger.warn?.("w");
  logger.info?.("i");
  logger.debug?.("d", { detail: 1 });
}

describe("consoleLogger", () => {
  it("prints each level and the ones above it, errors with console.error and the rest with console.warn (stderr)", () => {
    const printed = (level: "error" | "warn" | "info" | "debug") => {
      const { lines, sink } = recordingConsole();
      emitAll(consoleLogger(level, sink));
      return lines;
    };
    expect(printed("error")).toEqual([{ method: "error", args: ["[codex-app-server-sdk] error:", "e"] }]);
    expect(printed("warn").map((line) => line.args[1])).toEqual(["e", "w"]);
    expect(printed("info").map((line) => line.args[1])).toEqual(["e", "w", "i"]);
    expect(printed("debug")).toEqual([
      { method: "error", args: ["[codex-app-server-sdk] error:", "e"] },
      { method: "warn", args: ["[codex-app-server-sdk] warn:", "w"] },
      { method: "warn", args: ["[codex-app-server-sdk] info:", "i"] },
      { method: "warn", args: ["[codex-app-server-sdk] debug:", "d", { detail: 1 }] },
    ]);
  });

  it("has no method at all for the levels it drops, so callers skip building their messages", () => {
    expect(Object.keys(consoleLogger("warn"))).toEqual(["error", "warn"]);
  });
});

describe("chooseLogger", () => {
  const mine: Logger = { debug() {} };
  afterEach(() => vi.restoreAllMocks());

  it("is silent by default", () => {
    expect(chooseLogger({}, {})).toBe(silentLogger);
  });

  it("uses a logger the caller passes as it is, whatever logLevel or CODEX_SDK_LOG say", () => {
    expect(chooseLogger({ logger: mine }, {})).toBe(mine);
    expect(chooseLogger({ logger: mine, logLevel: "off" }, { CODEX_SDK_LOG: "debug" })).toBe(mine);
  });

  it("gives the built-in logger the logLevel, which wins over CODEX_SDK_LOG", () => {
    expect(Object.keys(chooseLogger({ logLevel: "info" }, {}))).toEqual(["error", "warn", "info"]);
    expect(Object.keys(chooseLogger({ logLevel: "error" }, { CODEX_SDK_LOG: "debug" }))).toEqual(["error"]);
    expect(chooseLogger({ logLevel: "off" }, { CODEX_SDK_LOG: "trace" })).toBe(silentLogger);
  });

  it("turns the built-in logger on from CODEX_SDK_LOG, in any case, with trace meaning debug", () => {
    expect(Object.keys(chooseLogger({}, { CODEX_SDK_LOG: "debug" }))).toEqual(["error", "warn", "info", "debug"]);
    expect(Object.keys(chooseLogger({}, { CODEX_SDK_LOG: " WARN " }))).toEqual(["error", "warn"]);
    expect(Object.keys(chooseLogger({}, { CODEX_SDK_LOG: "trace" }))).toEqual(["error", "warn", "info", "debug"]);
    expect(chooseLogger({}, { CODEX_SDK_LOG: "" })).toBe(silentLogger);
    expect(chooseLogger({}, { CODEX_SDK_LOG: "off" })).toBe(silentLogger);
  });

  it("prints at debug for a trace with no level given", () => {
    expect(Object.keys(chooseLogger({ trace: true }, {}))).toEqual(["error", "warn", "info", "debug"]);
  });

  it("warns once about a CODEX_SDK_LOG value it does not know, and logs at warn", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const logger = chooseLogger({}, { CODEX_SDK_LOG: "verbose" });
    chooseLogger({}, { CODEX_SDK_LOG: "verbose" });
    expect(Object.keys(logger)).toEqual(["error", "warn"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![1])).toBe('CODEX_SDK_LOG is "verbose", which is not one of off, error, warn, info, debug, trace; logging at "warn".');
  });

  it("knows every level of the LogLevel type", () => {
    expect(LOG_LEVELS).toEqual(["off", "error", "warn", "info", "debug"]);
  });
});

describe("wireTraceEnabled", () => {
  it("follows the trace option, else CODEX_SDK_LOG=trace, and is off by default", () => {
    expect(wireTraceEnabled({}, {})).toBe(false);
    expect(wireTraceEnabled({}, { CODEX_SDK_LOG: "debug" })).toBe(false);
    expect(wireTraceEnabled({}, { CODEX_SDK_LOG: "trace" })).toBe(true);
    expect(wireTraceEnabled({ trace: false }, { CODEX_SDK_LOG: "trace" })).toBe(false);
    expect(wireTraceEnabled({ trace: true }, {})).toBe(true);
  });
});
