// @vitest-environment jsdom
// The shared life cycle: codecs applied once per trait, change events as update(), the
// host's save / set / command, and a cleanup that leaves nothing behind.
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeArray, decodeIndices, encodeArray } from "../src/shared/arrays.js";
import { mount, plain, widget } from "../src/shared/mount.js";
import { FakeModel } from "./fake-model.js";

/** A view that records what it is given. */
class RecordingView {
  static last = null;
  constructor(el, props) {
    this.root = document.createElement("div");
    el.append(this.root);
    this.props = props;
    this.updates = [];
    this.states = [];
    this.destroyed = 0;
    this.requests = [{ cancel: vi.fn() }];
    RecordingView.last = this;
  }
  update(partial) {
    this.updates.push(partial);
  }
  kernelChanged(state) {
    this.states.push(state);
  }
  destroy() {
    this.destroyed += 1;
  }
}

const TRAITS = { points: decodeArray, selection: decodeIndices, title: plain };

function setUp(values = {}, invoke = vi.fn(async () => [{ ok: true, result: { echoed: true } }, []])) {
  const model = new FakeModel({
    points: encodeArray(Float32Array.from([1, 2, 3, 4]), [2, 2]),
    selection: encodeArray(Int32Array.from([1]), [1]),
    title: "map",
    other: "not read",
    ...values,
  });
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = mount(RecordingView, TRAITS, { model, el, experimental: { invoke } });
  return { model, el, invoke, cleanup, view: RecordingView.last };
}

afterEach(() => document.body.replaceChildren());

describe("mount", () => {
  it("gives the view each trait decoded by its codec, and a host", () => {
    const { view } = setUp();
    const { host, ...props } = view.props;
    expect(Object.keys(props).sort()).toEqual(["points", "selection", "title"]);
    expect(props.points.shape).toEqual([2, 2]);
    expect(Array.from(props.points.data)).toEqual([1, 2, 3, 4]);
    expect(props.selection).toEqual(Int32Array.from([1]));
    expect(props.title).toBe("map");
    expect(Object.keys(host).sort()).toEqual(["command", "save", "send", "set"]);
  });

  it("forwards a change as update() with the decoded value, and ignores traits not read", () => {
    const { model, view } = setUp();
    model.set("selection", encodeArray(Int32Array.from([0, 1]), [2]));
    expect(view.updates).toEqual([{ selection: Int32Array.from([0, 1]) }]);
    model.set("other", "still not read");
    expect(view.updates).toHaveLength(1);
    model.set("title", "map"); // a change event always reaches the view, even of the same value
    expect(view.updates.at(-1)).toEqual({ title: "map" });
  });

  it("gives the view every trait that changed together in one update", () => {
    const { model, view } = setUp();
    // The kernel sets both in one message: the model holds both before the first event.
    model.values.title = "umap";
    model.set("points", encodeArray(Float32Array.from([0, 0]), [1, 2]));
    expect(view.updates).toHaveLength(1);
    expect(Object.keys(view.updates[0]).sort()).toEqual(["points", "title"]);
    expect(view.updates[0].title).toBe("umap");
    model.set("title", "umap"); // its own event comes next: the view hears it again
    expect(view.updates.at(-1)).toEqual({ title: "umap" });
  });

  it("saves and sets traits on the model, and sends commands through the kernel guard", async () => {
    const { model, view, invoke } = setUp();
    view.props.host.set({ title: "a" });
    expect(model.get("title")).toBe("a");
    expect(model.saved).toBe(0);
    view.props.host.save({ title: "b", other: 1 });
    expect([model.get("title"), model.get("other"), model.saved]).toEqual(["b", 1, 1]);
    const result = await view.props.host.command("_echo_command", { frame: null }, { timeoutMs: 1000 });
    expect(result).toEqual({ echoed: true });
    expect(invoke).toHaveBeenCalledWith("_echo_command", { frame: null }, expect.objectContaining({ buffers: [] }));
  });

  it("puts the kernel banner in the view's root and ends its requests when the kernel goes", async () => {
    const { model, el, view } = setUp();
    expect(view.root.firstElementChild.className).toBe("lw-kernel-banner");
    el.classList.add("jupyter-widgets-disconnected");
    for (const fn of model.listeners.get("comm_live_update")) fn();
    await new Promise((r) => setTimeout(r, 0));
    expect(view.states).toEqual(["gone"]);
    expect(view.requests[0].cancel).toHaveBeenCalledTimes(1);
    expect(view.root.dataset.kernel).toBe("gone");
  });

  it("cleans up: no model listener left, the view destroyed once, no update after", () => {
    const { model, view, cleanup } = setUp();
    expect(model.listenerCount()).toBe(Object.keys(TRAITS).length + 2); // + comm_live_update, msg:custom
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(view.destroyed).toBe(1);
    model.set("title", "late");
    expect(view.updates).toEqual([]);
  });

  it("makes the anywidget module: render returns the cleanup", () => {
    const model = new FakeModel({ title: "x" });
    const el = document.createElement("div");
    const cleanup = widget(RecordingView, { title: plain }).render({ model, el });
    expect(RecordingView.last.props.title).toBe("x");
    expect(typeof cleanup).toBe("function");
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
