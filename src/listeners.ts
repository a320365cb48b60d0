import type { Logger } from "./logger.js";

/**
 * Calls every listener with `value`, in order. A listener that throws does not stop the others: its
 * error goes to the logger (with the value it was given) and is otherwise ignored.
 */
export function callListeners<T>(listeners: readonly ((value: T) => void)[], value: T, logger: Logger, who: string): void {
  for (let i = 0; i < listeners.length; i++) {
    try {
      listeners[i]!(value);
    } catch (error) {
      logger.error?.(`${who} threw; the error was ignored.`, { error, value });
    }
  }
}
