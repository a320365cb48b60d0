/**
 * Login flows, the parts that run offline. `requireAuth` makes the start fail when nobody is
 * logged in; `loginApiKey()` stores a key in the server's `CODEX_HOME` (`auth.json`), `account()`
 * shows who is logged in and `logout()` removes it. `loginChatgpt()` starts a browser login: show
 * the user `authUrl`, then `await handle.wait()`; here the login is cancelled instead, so `wait()`
 * rejects with `LoginFailedError`. The device-code login (`loginChatgptDeviceCode()`) asks
 * auth.openai.com for a code first, so offline it fails, and the harness's egress trap records
 * the attempt.
 *
 *   node --import tsx examples/login.ts
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Codex, CodexStartError, LoginFailedError } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export async function main(): Promise<{ startKind: string | undefined; accounts: string[]; authFile: boolean[]; browserLogin: string; deviceCode: string; egress: string[] }> {
  // The OpenAI provider (rather than the kit's mock provider) is one that needs a login.
  await using harness = await createOfflineHarness({ config: { model_provider: "openai" } });

  const startKind = await Codex.start({ ...harness.codexOptions, requireAuth: true }).then(
    async (codex) => void (await codex.close()),
    (error: unknown) => (error instanceof CodexStartError ? error.kind : undefined), // "auth-required"
  );

  await using codex = await Codex.start(harness.codexOptions);
  const authPath = join(harness.home, "auth.json");
  const accountType = async () => (await codex.account()).account?.type ?? "none";

  const accounts = [await accountType()];
  await codex.loginApiKey("sk-example-not-a-real-key");
  accounts.push(await accountType()); // "apiKey"
  const authFile = [existsSync(authPath)];
  await codex.logout();
  accounts.push(await accountType());
  authFile.push(existsSync(authPath));
  console.log(`accounts: ${accounts.join(" -> ")}`);

  const browser = await codex.loginChatgpt();
  console.log(`open ${new URL(browser.authUrl).origin}/… to sign in (login ${browser.loginId})`);
  const waiting = browser.wait();
  await browser.cancel();
  const browserLogin = await waiting.then(
    () => "completed",
    (error: unknown) => (error instanceof LoginFailedError ? "cancelled" : describe(error)),
  );

  const deviceCode = await codex.loginChatgptDeviceCode().then(
    (handle) => `enter ${handle.userCode} at ${handle.verificationUrl}`,
    (error: unknown) => describe(error),
  );
  console.log(`device code: ${deviceCode}`);
  const egress = harness.mock.proxyAttempts.map((attempt) => attempt.target);
  return { startKind, accounts, authFile, browserLogin, deviceCode, egress };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
