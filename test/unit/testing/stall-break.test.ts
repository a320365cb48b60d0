import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reply, startMockResponses, type MockResponses } from "../../../src/testing/index.js";
import { parseSse, turnBody } from "./fixtures.js";

let mock: MockResponses;
beforeAll(async () => {
  mock = await startMockResponses();
});
afterAll(() => mock.close());
beforeEach(() => mock.reset());

/** Reads a streamed response until `until` holds or the stream ends/fails; reports what it saw. */
async function readUntil(
  response: Response,
  until: (text: string) => boolean,
  timeoutMs = 1000,
): Promise<{ text: string; outcome: "matched" | "ended" | "error" | "timeout" }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + timeoutMs;
  try {
    while (true) {
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), Math.max(deadline - Date.now(), 0)));
      const next = await Promise.race([reader.read(), timeout]);
      if (next === "timeout") {
        void reader.cancel().catch(() => undefined);
        return { text, outcome: "timeout" };
      }
      if (next.done) return { text, outcome: "ended" };
      text += decoder.decode(next.value, { stream: true });
      if (until(text)) {
        void reader.cancel().catch(() => undefined);
        return { text, outcome: "matched" };
      }
    }
  } catch {
    return { text, outcome: "error" };
  }
}

const post = (body: unknown) => fetch(`${mock.url}/responses`, { method: "POST", body: JSON.stringify(body) });
const deltaCount = (text: string) => parseSse(text.slice(0, text.lastIndexOf("\n\n") + 2)).filter((e) => e.data.type === "response.output_text.delta").length;

describe("stall and break", () => {
  it("stalls after N deltas and keeps the connection open", async () => {
    mock.enqueue(reply.stall("one two three four", 2));
    const result = await readUntil(await post(turnBody("x")), () => false, 300);
    expect(result.outcome).toBe("timeout");
    expect(deltaCount(result.text)).toBe(2);
    expect(result.text).not.toContain("response.completed");
  });

  it("stalls by directive after every delta, before the item completes", async () => {
    const result = await readUntil(await post(turnBody("[[mock:text a b c]] [[mock:stall]]")), () => false, 300);
    expect(result.outcome).toBe("timeout");
    expect(deltaCount(result.text)).toBe(3);
    expect(result.text).not.toContain("response.output_item.done");
  });

  it("breaks the connection after N deltas", async () => {
    mock.enqueue(reply.break("one two three four", 1));
    const result = await readUntil(await post(turnBody("x")), () => false, 2000);
    expect(result.outcome).toBe("error");
    expect(deltaCount(result.text)).toBe(1);
    expect(result.text).not.toContain("response.completed");
  });

  it("breaks by directive with pacing", async () => {
    const result = await readUntil(await post(turnBody("[[mock:stream 6]] [[mock:break 3]] [[mock:delay 10]]")), () => false, 2000);
    expect(result.outcome).toBe("error");
    expect(deltaCount(result.text)).toBe(3);
  });

  it("stops a paced stream when the client disconnects", async () => {
    mock.enqueue(reply.stream(100, { delayMs: 20 }));
    const result = await readUntil(await post(turnBody("x")), (text) => deltaCount(text) >= 2, 2000);
    expect(result.outcome).toBe("matched");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(mock.requests).toHaveLength(1);
  });

  it("close() drops stalled connections promptly", async () => {
    const own = await startMockResponses();
    own.enqueue(reply.stall("never ending"));
    const response = await fetch(`${own.url}/responses`, { method: "POST", body: JSON.stringify(turnBody("x")) });
    const reading = readUntil(response, () => false, 5000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The stall never ends on its own, so close() returning at all shows it dropped the connection.
    await own.close();
    await own.close();
    expect(own.closed).toBe(true);
    expect((await reading).outcome).not.toBe("timeout");
  });
});
