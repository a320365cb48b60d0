import { errorMessage } from "../internal/values.js";
import { wireTraceEnabled, type DiagnosticsOptions } from "../log-level.js";
import type { Logger } from "../logger.js";
import { redactSecrets } from "./redact-secrets.js";
import type { Transport, TransportSink } from "./transport.js";

/** The longest message a trace line shows in full; longer ones are cut, saying how much was left out. */
const MAX_TRACED_CHARS = 64 * 1024;

function describe(message: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(redactSecrets(message)) ?? String(message);
  } catch (error) {
    return `(a message that cannot be shown: ${errorMessage(error)})`;
  }
  return json.length <= MAX_TRACED_CHARS ? json : `${json.slice(0, MAX_TRACED_CHARS)}… (${json.length - MAX_TRACED_CHARS} more characters)`;
}

/**
 * Wraps `transport` so every message in (`<-`) and out (`->`) and the close are written to
 * `logger.debug` as one JSON line each, with secrets redacted: for bug reports. Tracing never
 * changes or delays a message, and a logger that throws does not disturb the connection.
 */
export function traceWire(transport: Transport, logger: Logger): Transport {
  const write = (line: string) => {
    try {
      logger.debug?.(line);
    } catch {
      // The trace is best effort.
    }
  };
  const traced: Transport = {
    attach(sink: TransportSink) {
      transport.attach({
        message(message) {
          write(`wire <- ${describe(message)}`);
          sink.message(message);
        },
        close(error) {
          write(`wire closed: ${errorMessage(error)}`);
          sink.close(error);
        },
      });
    },
    send(message) {
      write(`wire -> ${describe(message)}`);
      return transport.send(message);
    },
    close: () => transport.close(),
  };
  if (transport.keepAlive !== undefined) traced.keepAlive = (busy) => transport.keepAlive?.(busy);
  return traced;
}

/** `transport` with the wire trace when the options (or `CODEX_SDK_LOG=trace`) turn it on, else `transport` itself. */
export function withWireTrace(transport: Transport, options: DiagnosticsOptions, logger: Logger): Transport {
  return wireTraceEnabled(options) ? traceWire(transport, logger) : transport;
}
