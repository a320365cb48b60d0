// Renders `generated/methods.ts` (type-only method maps) and `generated/method-index.ts` (the
// method -> definition-name data the validator dispatches on).
import { EXPERIMENTAL_TAG } from "./experimental.mjs";

const DEPRECATED_TAG = "@deprecated Legacy protocol API.";

function docBlock(lines, indent) {
  const body = lines.flatMap((l) => l.split("\n")).map((l) => l.replace(/\*\//g, "*\\/").trimEnd());
  if (body.length === 0) return "";
  return [`${indent}/**`, ...body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n") + "\n";
}

function entryDoc(entry, stableMethods) {
  const lines = [];
  if (entry.doc) lines.push(entry.doc);
  const tags = [];
  if (!stableMethods.has(entry.method)) tags.push(EXPERIMENTAL_TAG);
  if (entry.deprecated) tags.push(DEPRECATED_TAG);
  if (tags.length > 0 && lines.length > 0) lines.push("");
  lines.push(...tags);
  return lines;
}

function paramsType(entry) {
  if (entry.params === null) return "undefined";
  return entry.optional ? `P.${entry.params} | null | undefined` : `P.${entry.params}`;
}

/**
 * @param {{ client: any[]; serverRequests: any[]; notifications: any[] }} table experimental (superset) table
 * @param {{ client: any[]; serverRequests: any[]; notifications: any[] }} stable stable table
 * @param {string} header file header comment
 */
export function renderMethods(table, stable, header) {
  const stableClient = new Set(stable.client.map((e) => e.method));
  const stableServer = new Set(stable.serverRequests.map((e) => e.method));
  const stableNotes = new Set(stable.notifications.map((e) => e.method));
  const out = [header, 'import type * as P from "./protocol.js";', ""];

  out.push(
    docBlock(
      [
        "Every client -> server request: method name -> `{ params, result }`.",
        "Paramless methods have `params: undefined`; methods whose params may be omitted take `X | null | undefined`.",
      ],
      "",
    ) + "export interface ClientRequestMap {",
  );
  for (const e of table.client) {
    out.push(`${docBlock(entryDoc(e, stableClient), "  ")}  ${JSON.stringify(e.method)}: { params: ${paramsType(e)}; result: P.${e.result} };`);
  }
  out.push("}", "");

  out.push(docBlock(["Every server -> client request: method name -> `{ params, result }` (the result is the client's answer)."], "") + "export interface ServerRequestMap {");
  for (const e of table.serverRequests) {
    out.push(`${docBlock(entryDoc(e, stableServer), "  ")}  ${JSON.stringify(e.method)}: { params: ${paramsType(e)}; result: P.${e.result} };`);
  }
  out.push("}", "");

  out.push(docBlock(["Every server -> client notification: method name -> params type."], "") + "export interface ServerNotificationMap {");
  for (const e of table.notifications) {
    out.push(`${docBlock(entryDoc(e, stableNotes), "  ")}  ${JSON.stringify(e.method)}: P.${e.params};`);
  }
  out.push("}", "");

  out.push(`/** A client request method name. */
export type ClientRequestMethod = keyof ClientRequestMap;
/** A server request method name. */
export type ServerRequestMethod = keyof ServerRequestMap;
/** A server notification method name. */
export type ServerNotificationMethod = keyof ServerNotificationMap;

/** The params of client request \`M\`. */
export type ClientRequestParams<M extends ClientRequestMethod> = ClientRequestMap[M]["params"];
/** The result of client request \`M\`. */
export type ClientRequestResult<M extends ClientRequestMethod> = ClientRequestMap[M]["result"];
/** The params of server request \`M\`. */
export type ServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];
/** The result the client answers server request \`M\` with. */
export type ServerRequestResult<M extends ServerRequestMethod> = ServerRequestMap[M]["result"];
/** The params of server notification \`M\`. */
export type NotificationParams<M extends ServerNotificationMethod> = ServerNotificationMap[M];

/** A server notification of method \`M\`, as delivered to listeners. */
export type TypedNotification<M extends ServerNotificationMethod> = {
  method: M;
  params: ServerNotificationMap[M];
  /** Unix timestamp (in milliseconds) when app-server emitted this notification. */
  emittedAtMs?: number;
};

/**
 * Any server notification: a union over every method that narrows on \`method\`.
 * Same shape as the schema's \`ServerNotification\` envelope in protocol.ts, built from the map.
 */
export type ServerNotification = { [M in ServerNotificationMethod]: TypedNotification<M> }[ServerNotificationMethod];
`);
  return out.join("\n");
}

/**
 * @param {{ client: any[]; serverRequests: any[]; notifications: any[] }} table experimental (superset) table
 * @param {string} header file header comment
 */
export function renderMethodIndex(table, header) {
  const lines = [header];
  lines.push(`/** Definition names for one client request method. */
export interface ClientMethodSchemas {
  /** The params definition; \`null\` when the method takes no params. */
  readonly params: string | null;
  /** Whether params may be omitted (or null). */
  readonly paramsOptional: boolean;
  /** The result definition. */
  readonly result: string;
}

/** Definition names for one server request method. */
export interface ServerMethodSchemas {
  /** The params definition. */
  readonly params: string;
  /** The definition of the client's answer. */
  readonly result: string;
}

/** Client request method -> definition names in the validation schema. */
export const clientRequestSchemas: { readonly [method: string]: ClientMethodSchemas } = {`);
  for (const e of table.client) {
    const paramsOptional = e.params === null || e.optional;
    lines.push(`  ${JSON.stringify(e.method)}: { params: ${JSON.stringify(e.params)}, paramsOptional: ${paramsOptional}, result: ${JSON.stringify(e.result)} },`);
  }
  lines.push("};", "", "/** Server request method -> definition names in the validation schema. */");
  lines.push("export const serverRequestSchemas: { readonly [method: string]: ServerMethodSchemas } = {");
  for (const e of table.serverRequests) lines.push(`  ${JSON.stringify(e.method)}: { params: ${JSON.stringify(e.params)}, result: ${JSON.stringify(e.result)} },`);
  lines.push("};", "", "/** Server notification method -> params definition name in the validation schema. */");
  lines.push("export const serverNotificationSchemas: { readonly [method: string]: string } = {");
  for (const e of table.notifications) lines.push(`  ${JSON.stringify(e.method)}: ${JSON.stringify(e.params)},`);
  lines.push("};", "");
  return lines.join("\n");
}
