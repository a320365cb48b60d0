/** Polls `find` every 10 ms until it returns a value; rejects naming `what` after `timeoutMs`. */
export function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > timeoutMs) return reject(new Error(`Timed out waiting for ${what}.`));
      setTimeout(poll, 10);
    };
    poll();
  });
}
