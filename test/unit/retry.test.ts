import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidRequestError, RetryLimitExceededError, ServerBusyError, jsonRpcErrorFromWire } from "../../src/errors.js";
import { isRetryableError, retryOnOverload } from "../../src/retry.js";

const busy = () => jsonRpcErrorFromWire({ code: -32001, message: "Server overloaded; retry later." });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("isRetryableError", () => {
  it("is true only for ServerBusyError", () => {
    expect(isRetryableError(busy())).toBe(true);
    expect(isRetryableError(jsonRpcErrorFromWire({ code: -32600, message: "x" }))).toBe(false);
    expect(isRetryableError(new Error("x"))).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
  });
});

describe("retryOnOverload", () => {
  it("returns the first success without waiting", async () => {
    const fn = vi.fn(async () => "ok");
    await expect(retryOnOverload(fn)).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("retries ServerBusyError with exponential backoff (no jitter) and passes the attempt number", async () => {
    const attempts: number[] = [];
    const fn = vi.fn(async (attempt: number) => {
      attempts.push(attempt);
      if (attempt < 4) throw busy();
      return "done";
    });
    const result = retryOnOverload(fn, { initialDelayMs: 100, maxDelayMs: 250, jitter: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(99);
    expect(attempts).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(200);
    expect(attempts).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(249);
    expect(attempts).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe("done");
  });

  it("jitter keeps each delay between half and all of its value", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const fn = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw busy();
      return attempt;
    });
    const result = retryOnOverload(fn, { initialDelayMs: 100 });
    await vi.advanceTimersByTimeAsync(49);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe(2);
  });

  it("does not retry other errors", async () => {
    const error = jsonRpcErrorFromWire({ code: -32600, message: "bad" });
    const fn = vi.fn(async () => {
      throw error;
    });
    await expect(retryOnOverload(fn)).rejects.toBe(error);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("throws RetryLimitExceededError with the last error as cause when attempts run out", async () => {
    const errors: ServerBusyError[] = [];
    const fn = async () => {
      const error = busy();
      errors.push(error);
      throw error;
    };
    const result = retryOnOverload(fn, { maxAttempts: 3, initialDelayMs: 10, jitter: false }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    const error = await result;
    expect(error).toBeInstanceOf(RetryLimitExceededError);
    expect(error).toMatchObject({ attempts: 3 });
    expect((error as RetryLimitExceededError).cause).toBe(errors[2]);
    expect(errors).toHaveLength(3);
  });

  it("an abort while waiting rejects at once with the reason and stops retrying", async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      throw busy();
    });
    const result = retryOnOverload(fn, { initialDelayMs: 10_000, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const reason = new Error("stop");
    controller.abort(reason);
    expect(await result).toBe(reason);
    await vi.runAllTimersAsync();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("an abort during an attempt rejects at once", async () => {
    const controller = new AbortController();
    const result = retryOnOverload(() => new Promise(() => {}), { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort(new Error("now"));
    expect(await result).toMatchObject({ message: "now" });
  });

  it("an already aborted signal never calls fn", async () => {
    const fn = vi.fn(async () => 1);
    await expect(retryOnOverload(fn, { signal: AbortSignal.abort(new Error("early")) })).rejects.toThrow("early");
    expect(fn).not.toHaveBeenCalled();
  });

  it("rejects bad options with TypeError", async () => {
    await expect(retryOnOverload(async () => 1, { maxAttempts: 0 })).rejects.toBeInstanceOf(TypeError);
    await expect(retryOnOverload(async () => 1, { initialDelayMs: -1 })).rejects.toBeInstanceOf(TypeError);
  });
});
