import { describe, expect, it, vi } from "vitest";
import {
  callCommand,
  CommandError,
  latestWins,
  RequestTimeoutError,
  StaleRequestError,
} from "../src/shared/commands.js";

/** A send function whose calls resolve when the test says so. */
function controllableSend() {
  const calls = [];
  const send = vi.fn((payload, signal) => new Promise((resolve, reject) => {
    calls.push({ payload, signal, resolve, reject });
  }));
  return { send, calls };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("latestWins", () => {
  it("sends at once when idle", async () => {
    const { send, calls } = controllableSend();
    const channel = latestWins(send);
    const result = channel.request("a");
    await tick();
    expect(calls.map((c) => c.payload)).toEqual(["a"]);
    calls[0].resolve("A");
    await expect(result).resolves.toBe("A");
  });

  it("keeps one waiting request: newer ones replace it and it is never sent", async () => {
    const { send, calls } = controllableSend();
    const channel = latestWins(send);
    const first = channel.request(1);
    await tick();
    const second = channel.request(2);
    const third = channel.request(3);
    const fourth = channel.request(4);
    await expect(second).rejects.toBeInstanceOf(StaleRequestError);
    await expect(third).rejects.toBeInstanceOf(StaleRequestError);
    expect(calls).toHaveLength(1); // nothing queued behind the one in flight
    calls[0].resolve("one");
    await expect(first).resolves.toBe("one"); // the answer in flight is still delivered
    await tick();
    expect(calls.map((c) => c.payload)).toEqual([1, 4]);
    calls[1].resolve("four");
    await expect(fourth).resolves.toBe("four");
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("a failing request does not block the next one", async () => {
    const { send, calls } = controllableSend();
    const channel = latestWins(send);
    const bad = channel.request("bad");
    await tick();
    calls[0].reject(new Error("decoder raised"));
    await expect(bad).rejects.toThrow("decoder raised");
    const good = channel.request("good");
    await tick();
    calls[1].resolve("ok");
    await expect(good).resolves.toBe("ok");
    expect(channel.busy).toBe(false);
  });

  it("cancel() aborts the request in flight and drops the waiting one", async () => {
    const { send, calls } = controllableSend();
    const channel = latestWins(send);
    channel.request("in flight").catch(() => {});
    await tick();
    const waiting = channel.request("waiting");
    channel.cancel();
    await expect(waiting).rejects.toBeInstanceOf(StaleRequestError);
    expect(calls[0].signal.aborted).toBe(true);
  });
});

describe("callCommand", () => {
  it("unwraps a result and its binary arrays", async () => {
    const frame = new Uint8Array([9, 8, 7, 6]);
    const invoke = vi.fn(async () => [
      { ok: true, result: { frame: { dtype: "uint8", shape: [1, 1, 4], buffer_index: 0 } } },
      [new DataView(frame.buffer)],
    ]);
    const result = await callCommand(invoke, "_decode_command", { x: 1, y: 2 });
    expect(Array.from(result.frame.data)).toEqual([9, 8, 7, 6]);
    expect(invoke).toHaveBeenCalledWith("_decode_command", { x: 1, y: 2 }, expect.objectContaining({
      signal: expect.any(AbortSignal),
    }));
  });

  it("turns a Python error into a CommandError with its words and traceback", async () => {
    const invoke = async () => [
      { ok: false, error: { type: "ValueError", message: "bad latent", traceback: "Traceback..." } },
      [],
    ];
    const promise = callCommand(invoke, "_decode_command", {});
    await expect(promise).rejects.toBeInstanceOf(CommandError);
    await expect(promise).rejects.toThrow("ValueError: bad latent");
    await promise.catch((err) => expect(err.detail).toBe("Traceback..."));
  });

  it("gives up after its timeout with a message in words", async () => {
    const invoke = (name, msg, { signal }) => new Promise((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason));
    });
    const promise = callCommand(invoke, "_slow", {}, { timeoutMs: 20 });
    await expect(promise).rejects.toBeInstanceOf(RequestTimeoutError);
    // in words, never the command's internal name; and "busy", never a restart it cannot know
    await expect(promise).rejects.toThrow(/no answer from the kernel for the slow request .* busy/);
    await expect(promise).rejects.not.toThrow(/_slow|restart/);
    const labelled = callCommand(invoke, "_decode_command", {}, { timeoutMs: 20,
      label: "the decoded frame" });
    await expect(labelled).rejects.toThrow(/for the decoded frame within/);
  });

  it("rejects a reply that is not our envelope", async () => {
    const invoke = async () => ["just a string", []];
    await expect(callCommand(invoke, "_x", {})).rejects.toThrow(/unexpected reply/);
  });
});
