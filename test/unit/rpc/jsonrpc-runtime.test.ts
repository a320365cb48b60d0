import { describe, expect, it } from "vitest";
import { loadJsonRpc } from "../../../src/rpc/jsonrpc.js";
import { installRuntimeLayer } from "../../../src/rpc/jsonrpc-runtime.js";

// vscode-jsonrpc's platform-neutral entry runs on the runtime layer the SDK installs (no Node built-in).

describe("the vscode-jsonrpc runtime layer", () => {
  it("is installed by loading vscode-jsonrpc, and kept when installed already", async () => {
    const jsonrpc = await loadJsonRpc();
    const layer = jsonrpc.RAL();
    installRuntimeLayer(jsonrpc);
    expect(jsonrpc.RAL()).toBe(layer);
  });

  it("runs and cancels timers", async () => {
    const { timer } = (await loadJsonRpc()).RAL();
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      timer.setImmediate((tag: string) => order.push(tag), "immediate");
      timer.setImmediate(() => order.push("cancelled")).dispose();
      timer.setTimeout(() => order.push("cancelled"), 0).dispose();
      const interval = timer.setInterval(() => {
        order.push("interval");
        interval.dispose();
        timer.setTimeout(resolve, 5);
      }, 1);
    });
    expect(order).toEqual(["immediate", "interval"]);
  });

  it("reads headers and bodies from a message buffer, and codes JSON", async () => {
    const { messageBuffer, applicationJson, crypto } = (await loadJsonRpc()).RAL();
    const buffer = messageBuffer.create("utf-8");
    const body = JSON.stringify({ id: 1, method: "ping", params: { text: "héllo" } });
    const bytes = new TextEncoder().encode(body);
    buffer.append(`Content-Length: ${bytes.length}\r\n\r\n`);
    buffer.append(bytes);
    expect(buffer.tryReadHeaders(true)?.get("content-length")).toBe(String(bytes.length));
    const read = buffer.tryReadBody(bytes.length)!;
    const decoded = await applicationJson.decoder.decode(read, { charset: "utf-8" });
    expect(decoded).toEqual(JSON.parse(body));
    const encoded = await applicationJson.encoder.encode(decoded, { charset: "utf-8" });
    expect(new TextDecoder().decode(encoded)).toBe(body);
    expect(crypto.randomUUID()).toMatch(/^[0-9a-f-]{36}$/);
  });
});
