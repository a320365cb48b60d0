/**
 * App-defined tools: `defineTool()` describes a function the model may call, with a JSON Schema
 * for its arguments (written `as const`, it types them), and `threadStart({ tools })` offers it to
 * the model. When the model calls it, the SDK checks the arguments, runs `execute` here and sends
 * the model what it returned; invalid arguments and a throw reach the model as an error text.
 * Runs offline: the testing kit's mock model calls the tools by name.
 *
 *   node --import tsx examples/tools.ts
 */
import { pathToFileURL } from "node:url";
import { Codex, defineTool } from "codex-app-server-sdk";
import { createOfflineHarness } from "codex-app-server-sdk/testing";

const CUSTOMERS: Record<string, number> = { "ada@example.com": 42 };

const lookupWeather = defineTool({
  name: "lookup_weather",
  description: "Look up today's weather for a city.",
  inputSchema: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  } as const,
  // `city` is a string: the type follows the schema.
  execute: async ({ city }) => `Sunny and 21°C in ${city}.`,
});

/** Two tools in one namespace: the model sees a `crm` tool with both inside. */
const crm = { name: "crm", description: "The customer records." };

const findCustomer = defineTool({
  name: "find_customer",
  namespace: crm,
  description: "Find a customer's number by email.",
  inputSchema: { type: "object", properties: { email: { type: "string" } }, required: ["email"] } as const,
  execute: ({ email }) => {
    const id = CUSTOMERS[email];
    if (id === undefined) throw new Error(`no customer has the email ${email}`);
    return { text: `Customer #${id}` };
  },
});

const openTicket = defineTool({
  name: "open_ticket",
  namespace: crm,
  description: "Open a support ticket for a customer.",
  inputSchema: { type: "object", properties: { customer: { type: "integer" }, subject: { type: "string" } }, required: ["customer", "subject"] } as const,
  execute: ({ customer, subject }, { callId }) => `Ticket ${callId} opened for #${customer}: ${subject}`,
});

const call = (name: string, args: object) => `[[mock:tool ${name} ${JSON.stringify(args)}]]`;

export async function main(): Promise<{ answers: string[]; failed: boolean[] }> {
  await using harness = await createOfflineHarness();
  await using codex = await Codex.start(harness.codexOptions);
  const thread = await codex.threadStart({ cwd: harness.workspace, ephemeral: true, tools: [lookupWeather, findCustomer, openTicket] });

  const prompts = [
    `Weather in Lisbon? ${call("lookup_weather", { city: "Lisbon" })}`,
    `Who is ada? ${call("crm.find_customer", { email: "ada@example.com" })}`,
    `Who is bob? ${call("crm.find_customer", { email: "bob@example.com" })}`,
    `Open a ticket. ${call("crm.open_ticket", { customer: "ada", subject: "Refund" })}`,
  ];
  const answers: string[] = [];
  const failed: boolean[] = [];
  for (const prompt of prompts) {
    const turn = await thread.run(prompt);
    const item = turn.items.find((entry) => entry.type === "dynamicToolCall");
    failed.push(item?.type === "dynamicToolCall" && item.success === false);
    // What the model was sent back: the tool's output, or the error text.
    answers.push(String(harness.mock.lastRequest()?.toolOutput?.output));
    console.log(`${prompt.split(" [[")[0]} -> ${answers.at(-1)}`);
  }
  return { answers, failed };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) console.log(await main());
