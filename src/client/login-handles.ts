import type { AccountLoginCompletedNotification, CancelLoginAccountResponse } from "../../generated/protocol.js";
import { LoginFailedError } from "../errors.js";
import type { Connection } from "../rpc/connection.js";
import type { LoginCompletions } from "./login-completions.js";

/** Options for a login handle's `wait()`. */
export interface LoginWaitOptions {
  /** Stops waiting (the login itself goes on; call `cancel()` to end it). */
  signal?: AbortSignal;
}

/** What every login handle shares: the login id, `wait()` and `cancel()`. */
abstract class LoginHandle {
  /** The server's id for this login attempt. */
  readonly loginId: string;
  readonly #connection: Connection;
  readonly #completions: LoginCompletions;

  /** @internal Login handles come from `Codex.loginChatgpt()` and `Codex.loginChatgptDeviceCode()`. */
  constructor(connection: Connection, completions: LoginCompletions, loginId: string) {
    this.#connection = connection;
    this.#completions = completions;
    this.loginId = loginId;
  }

  /**
   * Resolves when the server reports `account/login/completed` for this login (even if that
   * happened before `wait()` was called). Rejects with `LoginFailedError` when the login failed or
   * was cancelled, and with `TransportClosedError` if the connection closes first.
   */
  async wait(options: LoginWaitOptions = {}): Promise<AccountLoginCompletedNotification> {
    const completion = await this.#completions.wait(this.loginId, options.signal);
    if (!completion.success) {
      throw new LoginFailedError(
        `Login ${this.loginId} did not complete: ${completion.error ?? "the server gave no reason"}. Start a new login to try again.`,
        { loginId: this.loginId, error: completion.error ?? undefined },
      );
    }
    return completion;
  }

  /** Cancels the login on the server (`account/login/cancel`). A pending `wait()` then rejects with `LoginFailedError`. */
  cancel(): Promise<CancelLoginAccountResponse> {
    return this.#connection.request("account/login/cancel", { loginId: this.loginId });
  }
}

/** A browser-based ChatGPT login in progress: open `authUrl`, then `await handle.wait()`. */
export class ChatgptLoginHandle extends LoginHandle {
  /** The URL the user opens in a browser to sign in. */
  readonly authUrl: string;

  /** @internal */
  constructor(connection: Connection, completions: LoginCompletions, loginId: string, authUrl: string) {
    super(connection, completions, loginId);
    this.authUrl = authUrl;
  }
}

/** A device-code ChatGPT login in progress: show `verificationUrl` and `userCode`, then `await handle.wait()`. */
export class DeviceCodeLoginHandle extends LoginHandle {
  /** The URL where the user enters `userCode`. */
  readonly verificationUrl: string;
  /** The one-time code the user enters after signing in. */
  readonly userCode: string;

  /** @internal */
  constructor(
    connection: Connection,
    completions: LoginCompletions,
    loginId: string,
    verificationUrl: string,
    userCode: string,
  ) {
    super(connection, completions, loginId);
    this.verificationUrl = verificationUrl;
    this.userCode = userCode;
  }
}
