import { afterAll, afterEach, beforeAll } from "vitest";
import { leakedSecrets, observedCount } from "./secrets.js";

/** Process warnings the SDK must never cause: it prints nothing on its own. */
const NOISE = new Set(["MaxListenersExceededWarning", "TimeoutOverflowWarning"]);

/**
 * Fails the running test when anything escapes to the process: an uncaught exception, an unhandled
 * rejection, or a warning Node prints on stderr (a listener leak on a shared signal, an overflowing
 * timer). After the file, scans every log line and error the file observed for the suite's
 * secrets. Call once at the top of each reliability test file.
 */
export function trapHostErrors(): void {
  const escaped: string[] = [];
  const onUncaught = (error: unknown) => escaped.push(`uncaught exception: ${describe(error)}`);
  const onUnhandled = (reason: unknown) => escaped.push(`unhandled rejection: ${describe(reason)}`);
  const onWarning = (warning: Error) => {
    if (NOISE.has(warning.name)) escaped.push(`process warning: ${warning.name}: ${warning.message}`);
  };

  beforeAll(() => {
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUnhandled);
    process.on("warning", onWarning);
  });

  afterEach(() => {
    const found = escaped.splice(0);
    if (found.length > 0) throw new Error(`The host process saw ${found.length} escaped error(s):\n${found.join("\n")}`);
  });

  afterAll(() => {
    process.off("uncaughtException", onUncaught);
    process.off("unhandledRejection", onUnhandled);
    process.off("warning", onWarning);
    const found = escaped.splice(0);
    if (found.length > 0) throw new Error(`After the last test the host process saw:\n${found.join("\n")}`);
    const leaks = leakedSecrets();
    if (leaks.length > 0) {
      throw new Error(`A secret reached ${leaks.length} of ${observedCount()} log lines and errors:\n${leaks.join("\n")}`);
    }
  });
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ""}`;
  return String(value);
}
