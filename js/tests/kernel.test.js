import { describe, expect, it, vi } from "vitest";
import { GONE_MESSAGE, isGone, KernelGoneError, watchKernel } from "../src/shared/kernel.js";
import { RequestTimeoutError, latestWins } from "../src/shared/commands.js";

function fakeModel() {
  const handlers = {};
  return {
    on: (name, cb) => ((handlers[name] ??= []).push(cb)),
    off: (name, cb) => (handlers[name] = (handlers[name] ?? []).filter((h) => h !== cb)),
    fire: (name) => (handlers[name] ?? []).forEach((h) => h()),
    handlers,
  };
}

describe("kernel state", () => {
  it("tells a gone kernel from a busy one by how requests fail", () => {
    expect(isGone(new Error("Cannot send"))).toBe(true);
    expect(isGone(new Error("Comm is closed"))).toBe(true);
    expect(isGone(new KernelGoneError())).toBe(true);
    expect(isGone(new RequestTimeoutError("the decoded frame", 1000))).toBe(false);
    expect(new KernelGoneError().message).toBe(GONE_MESSAGE);
  });

  it("probes when the comm changes and says gone or alive again", async () => {
    const model = fakeModel();
    let alive = true;
    const states = [];
    const watch = watchKernel(model, async () => {
      if (!alive) throw new Error("Cannot send");
    }, (s) => states.push(s));
    alive = false;
    model.fire("comm_live_update");
    await vi.waitFor(() => expect(states).toEqual(["gone"]));
    alive = true;
    model.fire("comm_live_update");
    await vi.waitFor(() => expect(states).toEqual(["gone", "alive"]));
    watch.report(new RequestTimeoutError("x", 10)); // busy: no change
    expect(watch.state).toBe("alive");
    watch.report(new Error("Cannot send"));
    expect(watch.state).toBe("gone");
    watch.stop();
    expect(model.handlers.comm_live_update).toHaveLength(0);
  });

  it("a request pending when the kernel goes ends at once with the message", async () => {
    const requests = latestWins((payload, signal) => new Promise((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason));
    }));
    const pending = requests.request({});
    requests.cancel(new KernelGoneError());
    await expect(pending).rejects.toThrow(GONE_MESSAGE);
  });
});
