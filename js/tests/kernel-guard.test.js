// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { guardKernel } from "../src/shared/kernel-guard.js";
import { GONE_MESSAGE, KernelGoneError } from "../src/shared/kernel.js";
import { latestWins } from "../src/shared/commands.js";
import { busyMarker } from "../src/shared/busy.js";
import { FakeModel } from "./fake-model.js";

/** A view's element inside the node JupyterLab marks when the comm closes. */
function mounted() {
  const el = document.createElement("div");
  const root = document.createElement("div");
  el.append(root);
  document.body.append(el);
  const fire = (model) => {
    for (const fn of model.listeners.get("comm_live_update") ?? []) fn();
  };
  return { el, root, fire };
}

describe("guardKernel", () => {
  it("says the kernel is gone at once, dims the view and ends every pending request", async () => {
    const model = new FakeModel({});
    const { el, root, fire } = mounted();
    const never = vi.fn(() => new Promise(() => {})); // a kernel that never answers
    const queue = latestWins(() => new Promise(() => {}));
    const guard = guardKernel({ model, el, root, invoke: never, requests: [queue] });
    const queued = queue.request({});
    const direct = guard.invoke("_anchors_command", {}, {});
    const banner = root.querySelector(".lw-kernel-banner");
    expect(banner.hidden).toBe(true);
    el.classList.add("jupyter-widgets-disconnected"); // what the widget manager does
    fire(model);
    await vi.waitFor(() => expect(guard.state).toBe("gone"));
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toBe(GONE_MESSAGE);
    expect(root.dataset.kernel).toBe("gone");
    await expect(queued).rejects.toBeInstanceOf(KernelGoneError);
    await expect(direct).rejects.toBeInstanceOf(KernelGoneError);
    // later requests are refused at once, without reaching the kernel
    const calls = never.mock.calls.length;
    await expect(guard.invoke("_decode_command", {}, {})).rejects.toThrow(GONE_MESSAGE);
    expect(never.mock.calls.length).toBe(calls);
    guard.stop();
    expect(model.listenerCount()).toBe(0);
  });

  it("a view rendered with its comm already closed says so", async () => {
    const model = new FakeModel({});
    const { el, root } = mounted();
    el.classList.add("jupyter-widgets-disconnected");
    const guard = guardKernel({ model, el, root, invoke: vi.fn() });
    await vi.waitFor(() => expect(root.dataset.kernel).toBe("gone"));
    expect(guard.state).toBe("gone");
  });

  it("a busy kernel is not called gone: a timeout passes through as it is", async () => {
    const model = new FakeModel({});
    const { el, root, fire } = mounted();
    const slow = vi.fn(() => Promise.reject(new Error("no answer within 1 s: it is busy")));
    const guard = guardKernel({ model, el, root, invoke: slow });
    await expect(guard.invoke("_decode_command", {}, {})).rejects.toThrow(/busy/);
    fire(model); // the comm changed but is open: the probe decides, and it only timed out
    await new Promise((r) => setTimeout(r, 10));
    expect(guard.state).toBe("alive");
    expect(root.dataset.kernel).toBeUndefined();
  });

  it("a request that fails because the comm is closed turns the view to gone", async () => {
    const model = new FakeModel({});
    const { el, root } = mounted();
    const closed = vi.fn(() => Promise.reject(new Error("Comm is closed")));
    const guard = guardKernel({ model, el, root, invoke: closed });
    await expect(guard.invoke("_decode_command", {}, {})).rejects.toBeInstanceOf(KernelGoneError);
    expect(root.dataset.kernel).toBe("gone");
  });
});

describe("busyMarker", () => {
  it("marks its targets only when a request runs past the delay, until all settle", async () => {
    vi.useFakeTimers();
    try {
      const target = document.createElement("div");
      const busy = busyMarker([target], 150);
      let finishQuick;
      const quick = busy.track(new Promise((r) => (finishQuick = r)));
      vi.advanceTimersByTime(100);
      finishQuick();
      await quick;
      await Promise.resolve();
      vi.advanceTimersByTime(200);
      expect(target.dataset.busy).toBeUndefined(); // a quick answer never flashes
      let finishA;
      let finishB;
      const a = busy.track(new Promise((r) => (finishA = r)));
      const b = busy.track(new Promise((r) => (finishB = r)));
      vi.advanceTimersByTime(151);
      expect(target.dataset.busy).toBe("true");
      finishA();
      await a;
      await Promise.resolve();
      expect(target.dataset.busy).toBe("true"); // b still runs
      finishB();
      await b;
      await Promise.resolve();
      expect(target.dataset.busy).toBeUndefined();
      expect(busy.busy).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it("clears on a failure too", async () => {
    const target = document.createElement("div");
    const busy = busyMarker([target], 0);
    const failing = busy.track(Promise.reject(new Error("decoder failed")));
    await expect(failing).rejects.toThrow("decoder failed");
    await Promise.resolve();
    expect(target.dataset.busy).toBeUndefined();
  });
});

describe("guardKernel and the kernel connection's status", () => {
  it("a kernel shut down (status dead, no comm closed) turns the view to gone", async () => {
    const listeners = new Set();
    const connection = {
      status: "idle",
      statusChanged: {
        connect: (fn) => listeners.add(fn),
        disconnect: (fn) => listeners.delete(fn),
      },
    };
    const model = new FakeModel({});
    model.widget_manager = { kernel: connection };
    const { el, root } = mounted();
    const guard = guardKernel({ model, el, root, invoke: vi.fn(() => new Promise(() => {})) });
    const pending = guard.invoke("_decode_command", {}, {});
    for (const fn of listeners) fn(connection, "busy");
    expect(guard.state).toBe("alive");
    for (const fn of listeners) fn(connection, "dead");
    expect(guard.state).toBe("gone");
    await expect(pending).rejects.toBeInstanceOf(KernelGoneError);
    guard.stop();
    expect(listeners.size).toBe(0);
  });
});

describe("guardKernel and a dropped websocket", () => {
  it("ends the requests in flight in words, and the next one goes through", async () => {
    const listeners = new Set();
    const connection = {
      status: "idle",
      statusChanged: { connect: () => {}, disconnect: () => {} },
      connectionStatusChanged: {
        connect: (fn) => listeners.add(fn),
        disconnect: (fn) => listeners.delete(fn),
      },
    };
    const model = new FakeModel({});
    model.widget_manager = { kernel: connection };
    const { el, root } = mounted();
    let answer = null;
    const invoke = vi.fn(() => (answer ? Promise.resolve(answer) : new Promise(() => {})));
    const guard = guardKernel({ model, el, root, invoke });
    const pending = guard.invoke("_select_command", {}, {});
    for (const fn of listeners) fn(connection, "connecting");
    await expect(pending).rejects.toThrow(/connection to the kernel dropped.*try again/);
    expect(guard.state).toBe("alive"); // the kernel is there: not "gone"
    for (const fn of listeners) fn(connection, "connected");
    answer = [{ ok: true, result: {} }, []];
    await expect(guard.invoke("_select_command", {}, {})).resolves.toEqual(answer);
    guard.stop();
    expect(listeners.size).toBe(0);
  });
});
