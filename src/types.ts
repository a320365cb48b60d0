/**
 * The `codex-app-server-sdk/types` entry: every app-server protocol type (named as in the schema)
 * and the method maps. Type-only; importing it loads no code.
 *
 * `ServerNotification` here is the narrowing `{ method, params, emittedAtMs? }` union built from
 * {@link ServerNotificationMap}; it has the same shape as the schema's own `ServerNotification`
 * envelope, which it shadows. `ClientRequest`, `ServerRequest` and `ClientNotification` are the
 * schema's wire envelopes (`{ id, method, params }` unions).
 *
 * `Thread` here is the protocol's thread object (what `thread/start` returns on the wire); the root
 * entry's `Thread` is the SDK's class that runs turns. Where both are needed, rename one:
 * `import type { Thread as ThreadData } from "codex-app-server-sdk/types"`.
 *
 * @packageDocumentation
 */
export type * from "../generated/protocol.js";
export type * from "../generated/methods.js";
// An explicit re-export wins over the two star exports, which both have a `ServerNotification`.
export type { ServerNotification } from "../generated/methods.js";
