import { afterAll, beforeAll } from "vitest";
import { Codex, type CodexOptions } from "../../src/index.js";
import { createOfflineHarness, type OfflineHarness, type OfflineHarnessOptions } from "../../src/testing/index.js";

/** What {@link useOfflineCodex} provides to the tests of a suite, once its `beforeAll` has run. */
export interface OfflineCodexSuite {
  harness: OfflineHarness;
  codex: Codex;
}

/**
 * Starts an offline harness and a `Codex` on it before the enclosing suite's tests, and closes both
 * after them, checking that nothing tried to reach the internet. Read them from the returned object.
 */
export function useOfflineCodex(options: { harness?: OfflineHarnessOptions; codex?: CodexOptions } = {}): OfflineCodexSuite {
  const suite = {} as OfflineCodexSuite;
  beforeAll(async () => {
    suite.harness = await createOfflineHarness(options.harness);
    suite.codex = await Codex.start({ ...suite.harness.codexOptions, ...options.codex });
  });
  afterAll(async () => {
    await suite.codex?.close();
    await suite.harness?.close();
    suite.harness?.mock.assertNoEgress();
  });
  return suite;
}
