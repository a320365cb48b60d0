import type { AccountLoginCompletedNotification, CancelLoginAccountResponse } from "../../generated/protocol.js";
import { LoginFailedError } from "../errors.js";
import type { ServerLink } from "./client-link.js";
import type { LoginCompletions } from "./login-completions.js";
import { abortSignal, checkOptions } from "./option-checks.js";

/** Options for a login handle's `wait()`. */
export interface LoginWaitOptions {
  /** Stops waiting (the login itself goes on; call `cancel()` to end it). */
  signal?: AbortSignal;
}

/** What a login handle needs from the client. Internal. */
export interface LoginContext {
  readonly link: ServerLink;
  readonly completions: LoginCompletions;
  readonly loginId: string;
}

/** What every login handle has: the login id, `wait()` and `cancel()`. */
export interface LoginHandle {
  /** The server's id for this login attempt. */
  readonly loginId: string;
  /**
   * Resolves when the server reports `account/login/completed` for this login (even if that
   * happened before `wait()` was called). Rejects with `LoginFailedError` when the login failed or
   * was cancelled, and with `TransportClosedError` if the connection closes first.
   */
  wait(options?: LoginWaitOptions): Promise<AccountLoginCompletedNotification>;
  /** Cancels the login on the server (`account/login/cancel`). A pending `wait()` then rejects with `LoginFailedError`. */
  cancel(): Promise<CancelLoginAccountResponse>;
}

/** One login attempt on the server: what both kinds of handle delegate to. Internal. */
class LoginFlow {
  readonly #context: LoginContext;

  constructor(context: LoginContext) {
    this.#context = context;
  }

  async wait(options?: LoginWaitOptions): Promise<AccountLoginCompletedNotification> {
    const { loginId, completions } = this.#context;
    const { signal } = checkOptions("wait()", options, { signal: abortSignal }) as LoginWaitOptions;
    const completion = await completions.wait(loginId, signal);
    if (!completion.success) {
      throw new LoginFailedError(
        `Login ${loginId} did not complete: ${completion.error ?? "the server gave no reason"}. Start a new login to try again.`,
        { loginId, error: completion.error ?? undefined },
      );
    }
    return completion;
  }

  cancel(): Promise<CancelLoginAccountResponse> {
    return this.#context.link.request("account/login/cancel", { loginId: this.#context.loginId });
  }
}

/** A browser-based ChatGPT login in progress: open `authUrl`, then `await handle.wait()`. */
export class ChatgptLoginHandle implements LoginHandle {
  /** The server's id for this login attempt. */
  readonly loginId: string;
  /** The URL the user opens in a browser to sign in. */
  readonly authUrl: string;
  readonly #flow: LoginFlow;

  /** Handles come from `Codex.loginChatgpt()`. */
  private constructor(flow: LoginFlow, loginId: string, authUrl: string) {
    this.#flow = flow;
    this.loginId = loginId;
    this.authUrl = authUrl;
  }

  /** Resolves when this login completes; rejects with `LoginFailedError` when it failed or was cancelled. */
  wait(options?: LoginWaitOptions): Promise<AccountLoginCompletedNotification> {
    return this.#flow.wait(options);
  }

  /** Cancels this login on the server (`account/login/cancel`). */
  cancel(): Promise<CancelLoginAccountResponse> {
    return this.#flow.cancel();
  }
}

/** A device-code ChatGPT login in progress: show `verificationUrl` and `userCode`, then `await handle.wait()`. */
export class DeviceCodeLoginHandle implements LoginHandle {
  /** The server's id for this login attempt. */
  readonly loginId: string;
  /** The URL where the user enters `userCode`. */
  readonly verificationUrl: string;
  /** The one-time code the user enters after signing in. */
  readonly userCode: string;
  readonly #flow: LoginFlow;

  /** Handles come from `Codex.loginChatgptDeviceCode()`. */
  private constructor(flow: LoginFlow, loginId: string, verificationUrl: string, userCode: string) {
    this.#flow = flow;
    this.loginId = loginId;
    this.verificationUrl = verificationUrl;
    this.userCode = userCode;
  }

  /** Resolves when this login completes; rejects with `LoginFailedError` when it failed or was cancelled. */
  wait(options?: LoginWaitOptions): Promise<AccountLoginCompletedNotification> {
    return this.#flow.wait(options);
  }

  /** Cancels this login on the server (`account/login/cancel`). */
  cancel(): Promise<CancelLoginAccountResponse> {
    return this.#flow.cancel();
  }
}

/** The handle of a started browser login. Internal. */
export function chatgptLoginHandle(context: LoginContext, authUrl: string): ChatgptLoginHandle {
  const Handle = ChatgptLoginHandle as unknown as new (flow: LoginFlow, loginId: string, authUrl: string) => ChatgptLoginHandle;
  return new Handle(new LoginFlow(context), context.loginId, authUrl);
}

/** The handle of a started device-code login. Internal. */
export function deviceCodeLoginHandle(context: LoginContext, verificationUrl: string, userCode: string): DeviceCodeLoginHandle {
  const Handle = DeviceCodeLoginHandle as unknown as new (
    flow: LoginFlow,
    loginId: string,
    verificationUrl: string,
    userCode: string,
  ) => DeviceCodeLoginHandle;
  return new Handle(new LoginFlow(context), context.loginId, verificationUrl, userCode);
}
