// @vitest-environment jsdom
// The Explorer view in jsdom: regl-scatterplot needs WebGL, so the map (scatter.js) is a
// fake that records what the view asks of it; everything else is the real view.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { decodeArray, decodeIndices, encodeArray } from "../src/shared/arrays.js";
import { GONE_MESSAGE } from "../src/shared/kernel.js";
import { FakeModel } from "./fake-model.js";
import { mockCanvas } from "./canvas-mock.js";

const maps = [];
vi.mock("../src/explorer/scatter.js", () => {
  class FakeScatter {
    constructor(container, options) {
      this.options = options;
      this.canvas = document.createElement("canvas");
      this.canvas.className = "lw-map-canvas";
      container.append(this.canvas);
      this.calls = [];
      this.draws = 0;
      this.hover = { changes: 0 };
      this.frozenPan = { skipped: 0, slow: false };
      this.hovered = -1;
      this.destroyed = false;
      maps.push(this);
    }
    record(name, ...args) {
      this.calls.push([name, ...args]);
    }
    async setPoints(xy, encoding) {
      this.record("setPoints", Array.from(xy), encoding);
      this.draws += 1;
    }
    setStyle(style) { this.record("setStyle", style); }
    setVisible(indices) { this.record("setVisible", indices); }
    select(indices) { this.record("select", indices); }
    async resize(width, height) { this.record("resize", width, height); }
    hoveredPoint() { return this.hovered; }
    local(event) {
      const rect = this.canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    }
    clickedPoint() { return -1; }
    pointNear() { return this.near ?? -1; }
    async resetView() { this.record("resetView"); }
    dataToPixel(x, y) { return [x * 10, y * 10]; }
    pixelToData(px, py) { return [px / 10, py / 10]; }
    setPointerGate(on) { this.record("setPointerGate", on); }
    snapshot() { return { width: 1, height: 1, data: [0, 0, 0, 255] }; }
    destroy() { this.destroyed = true; }
    last(name) {
      return this.calls.filter((c) => c[0] === name).at(-1)?.slice(1);
    }
  }
  return { ScatterMap: FakeScatter };
});

const { ExplorerView } = await import("../src/explorer/view.js");
const explorer = (await import("../src/explorer/index.js")).default;

const XY = [0, 0, 1, 1, 2, 0, 3, 1];
const LABELS = [0, 1, 1, 0];

/** The traits as the kernel sends them (arrays encoded). */
function traits(extra = {}) {
  return {
    points: encodeArray(Float32Array.from(XY), [4, 2]),
    labels: encodeArray(Int32Array.from(LABELS), [4]),
    class_names: ["cat", "dog"],
    color_mode: "label",
    color_values: null,
    color_range: [0, 1],
    hidden_classes: [],
    selection: null,
    highlight: null,
    cycle: null,
    rips_edges: null,
    rips_lengths: null,
    rips_eps: 0,
    path: null,
    path_current: -1,
    point_size: 4,
    opacity: 0.8,
    projection: "pca",
    projection_state: { shown: "pca", state: "ready", trustworthiness: 0.9 },
    decode_on_hover: false,
    height: 300,
    has_decoder: true,
    decoder_note: "",
    decode_layer: "",
    layer: "",
    ...extra,
  };
}

/** The same traits decoded, as the view's props hold them. */
function props(extra = {}) {
  const raw = traits(extra);
  return {
    ...raw,
    points: decodeArray(raw.points),
    labels: decodeArray(raw.labels),
    color_values: decodeArray(raw.color_values),
    selection: decodeIndices(raw.selection),
    highlight: decodeIndices(raw.highlight),
    cycle: decodeArray(raw.cycle),
    rips_edges: decodeArray(raw.rips_edges),
    rips_lengths: decodeArray(raw.rips_lengths),
    path: decodeArray(raw.path),
  };
}

function fakeHost(replies = {}) {
  return {
    save: vi.fn(),
    set: vi.fn(),
    command: vi.fn(async (name) => {
      const reply = replies[name];
      if (reply instanceof Error) throw reply;
      return reply ?? {};
    }),
  };
}

/** A view built straight from props, without anywidget. */
function build(extra = {}, replies = {}) {
  const el = document.createElement("div");
  document.body.append(el);
  const host = fakeHost(replies);
  const view = new ExplorerView(el, { ...props(extra), host });
  const map = maps.at(-1);
  return { el, host, view, map, root: view.root, $: (s) => view.root.querySelector(s) };
}

const flush = async () => {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
};

class FakeResizeObserver {
  static live = 0;
  constructor(callback) {
    this.callback = callback;
  }
  observe() { FakeResizeObserver.live += 1; }
  disconnect() { FakeResizeObserver.live -= 1; }
}

beforeEach(() => {
  maps.length = 0;
  FakeResizeObserver.live = 0;
  vi.stubGlobal("ResizeObserver", FakeResizeObserver);
  mockCanvas();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("explorer view: update", () => {
  it("draws the points with their labels, and animates new points", async () => {
    const { view, map, root, $ } = build();
    await flush();
    expect(map.last("setPoints")).toEqual([XY, { categories: Int32Array.from(LABELS), values: null, classCount: 2, animate: false }]);
    expect($(".lw-map").dataset.pointsDrawn).toBe("4");
    expect(root.dataset.state).toBe("ready");
    const labels = [...root.querySelectorAll(".lw-legend-item")].map((b) => b.textContent);
    expect(labels).toEqual(["cat (2)", "dog (2)"]);

    const moved = [5, 5, 6, 6, 7, 7, 8, 8];
    view.update({ points: decodeArray(encodeArray(Float32Array.from(moved), [4, 2])) });
    await flush();
    expect(map.last("setPoints")[0]).toEqual(moved);
    expect(map.last("setPoints")[1].animate).toBe(true);
  });

  it("recolours by value and shows a colour bar", async () => {
    const { view, map, $ } = build();
    await flush();
    const values = decodeArray(encodeArray(Float32Array.from([0, 0.5, 1, 0.25]), [4]));
    view.update({ color_mode: "value", color_values: values, color_range: [0, 250000] });
    await flush();
    expect(Array.from(map.last("setPoints")[1].values)).toEqual([0, 0.5, 1, 0.25]);
    expect($(".lw-colorbar").textContent).toContain("2.50e+5");
  });

  it("hides classes on the map and in the legend, and toggles them through the host", async () => {
    const { view, host, map, $, root } = build();
    await flush();
    view.update({ hidden_classes: [1] });
    expect(map.last("setVisible")[0]).toEqual([0, 3]);
    expect($(".lw-map").dataset.hiddenClasses).toBe("1");
    const items = root.querySelectorAll(".lw-legend-item");
    expect(items[1].getAttribute("aria-pressed")).toBe("false");
    items[0].click();
    expect(host.save).toHaveBeenCalledWith({ hidden_classes: [0, 1] });
  });

  it("shows the kernel's selection, and sends one made on the map", async () => {
    const { view, host, map, $ } = build();
    await flush();
    view.update({ selection: Int32Array.from([1, 2]) });
    expect(map.last("select")[0]).toEqual([1, 2]);
    expect($(".lw-selection-info").textContent).toBe("2 selected");
    expect($(".lw-selection-info").dataset.sync).toBe("synced");

    map.options.onSelect([3, 0]);
    expect($(".lw-selection-info").dataset.sync).toBe("syncing");
    await flush();
    expect(host.command).toHaveBeenCalledWith("_select_command", expect.objectContaining({ selection: expect.anything() }), expect.objectContaining({ label: "the selection" }));
    expect($(".lw-selection-info").dataset.sync).toBe("synced");
    expect(Array.from(view.selection)).toEqual([0, 3]);
  });

  it("says a selection the kernel refused is not synced", async () => {
    const { map, $ } = build({}, { _select_command: new Error("no kernel answer") });
    await flush();
    map.options.onSelect([1]);
    await flush();
    expect($(".lw-selection-info").textContent).toBe("1 selected · not synced to the kernel");
    expect($(".lw-selection-info").title).toBe("no kernel answer");
  });

  it("presses the projection shown and says what computes", () => {
    vi.useFakeTimers();
    const { view, host, $ } = build();
    expect($('[data-projection="pca"]').getAttribute("aria-pressed")).toBe("true");
    expect($(".lw-projection-info").textContent).toBe("PCA · trustworthiness 0.900");
    view.update({
      projection: "umap",
      projection_state: { shown: "pca", state: "computing", message: "computing UMAP…", started: Date.now() },
    });
    expect($('[data-projection="umap"]').classList.contains("lw-pending")).toBe(true);
    expect($(".lw-projection-info").dataset.status).toBe("computing");
    view.update({ projection_state: { shown: "umap", state: "ready", trustworthiness: 0.95 } });
    expect($('[data-projection="umap"]').getAttribute("aria-pressed")).toBe("true");
    expect($('[data-projection="pca"]').getAttribute("aria-pressed")).toBe("false");
    expect($('[data-projection="umap"]').classList.contains("lw-pending")).toBe(false);
    $('[data-projection="pca"]').click();
    expect(host.save).toHaveBeenCalledWith({ projection: "pca" });
  });

  it("says why it cannot decode, and offers the decoder's layer", async () => {
    const { view, host, $ } = build({ has_decoder: false, decoder_note: "the decoder takes 8 dimensions" });
    expect($(".lw-panel .lw-status").textContent).toContain("the decoder takes 8 dimensions");
    await view.decodeAt(0, 0);
    expect(host.command).not.toHaveBeenCalledWith("_decode_command", expect.anything(), expect.anything());
    view.update({ has_decoder: true, decoder_note: "" });
    expect($(".lw-panel .lw-status").textContent).toContain("Click anywhere on the map to decode");
    view.update({ decode_layer: "encoder.2", layer: "encoder.4" });
    const back = $(".lw-layer-back");
    expect(back.hidden).toBe(false);
    back.click();
    expect(host.save).toHaveBeenCalledWith({ layer: "encoder.2" });
  });

  it("decodes a click through the host's command and marks the position", async () => {
    const frame = { data: new Uint8Array(2 * 2 * 4), shape: [2, 2, 4], dtype: "uint8" };
    const { host, map, root, $ } = build({}, { _decode_command: { x: 0.5, y: 0.25, index: -1, frame, neighbours: null } });
    await flush();
    map.canvas.dispatchEvent(new MouseEvent("pointerdown", { clientX: 5, clientY: 3, bubbles: true }));
    map.canvas.dispatchEvent(new MouseEvent("click", { clientX: 5, clientY: 3, bubbles: true }));
    expect(host.command).not.toHaveBeenCalled(); // latest wins: sent on the next tick
    await flush();
    expect(host.command).toHaveBeenCalledWith("_decode_command", { x: 0.5, y: 0.3, index: -1, click: true }, expect.objectContaining({ label: "the decoded frame" }));
    expect(root.dataset.state).toBe("ready");
    expect($(".lw-caption").textContent).toBe("the map's inverse at (0.500, 0.250)");
    expect($(".lw-frame").dataset.framesDrawn).toBe("1");
  });

  it("shows the overlay's edges and path counts", async () => {
    const { view, $ } = build();
    await flush();
    view.update({
      rips_edges: decodeArray(encodeArray(Int32Array.from([0, 1, 1, 2]), [2, 2])),
      rips_lengths: decodeArray(encodeArray(Float32Array.from([0.5, 2]), [2])),
      rips_eps: 1,
      path: decodeArray(encodeArray(Float32Array.from([0, 0, 1, 1, 2, 2]), [3, 2])),
    });
    expect($(".lw-map").dataset.ripsEdgesDrawn).toBe("1");
    expect($(".lw-map").dataset.pathSteps).toBe("3");
  });

  it("keeps the test hooks on its root", async () => {
    const { root, map } = build();
    await flush();
    const hooks = root.lwView;
    expect(Object.keys(hooks).sort()).toEqual(
      ["clientToData", "dataToClient", "decode", "decodingPath", "echo", "frame", "pointerCounts", "points", "select", "setPointerGate", "setSlowPans", "snapshot"]);
    expect(hooks.pointerCounts()).toEqual({ draws: 1, hoverChanges: 0, frozenFrames: 0 });
    hooks.setSlowPans(1);
    expect(map.frozenPan.slow).toBe(true);
    expect(await hooks.select({ start: 1, stop: 3 })).toBe(2);
    expect(map.last("select")[0]).toEqual([1, 2]);
    hooks.setPointerGate(0);
    expect(map.last("setPointerGate")).toEqual([false]);
    expect(hooks.snapshot()).toEqual({ width: 1, height: 1, data: [0, 0, 0, 255] });
  });
});

describe("explorer view: gestures and new maps (issue 15)", () => {
  const frame = { data: new Uint8Array(2 * 2 * 4), shape: [2, 2, 4], dtype: "uint8" };
  const press = (map, type, init = {}) =>
    map.canvas.dispatchEvent(new MouseEvent(type, { clientX: 5, clientY: 3, bubbles: true, ...init }));
  const decodes = (host) => host.command.mock.calls.filter((c) => c[0] === "_decode_command").length;

  it("a click on empty space clears the selection without decoding; the next click decodes", async () => {
    const { view, host, map, $ } = build({}, { _decode_command: { x: 0.5, y: 0.3, index: -1, frame, neighbours: null } });
    await flush();
    view.update({ selection: Int32Array.from([1, 2]) });
    press(map, "pointerdown");
    press(map, "click");
    await flush();
    expect(map.last("select")[0]).toEqual([]);
    expect(Array.from(view.selection)).toEqual([]);
    expect($(".lw-selection-info").textContent).toBe("");
    expect(decodes(host)).toBe(0);
    press(map, "pointerdown");
    press(map, "click");
    await flush();
    expect(decodes(host)).toBe(1);
  });

  it("a click on a point keeps the selection and decodes; a double-click on empty space resets", async () => {
    const { view, host, map } = build({}, { _decode_command: { x: 0.5, y: 0.3, index: -1, frame, neighbours: null } });
    await flush();
    view.update({ selection: Int32Array.from([1, 2]) });
    map.near = 3;
    press(map, "pointerdown");
    press(map, "click");
    press(map, "dblclick");
    await flush();
    expect(Array.from(view.selection)).toEqual([1, 2]);
    expect(decodes(host)).toBe(1);
    expect(map.last("resetView")).toBeUndefined(); // on a point: no reset
    map.near = -1;
    press(map, "dblclick");
    expect(map.last("resetView")).toEqual([]);
  });

  it("moves the marker with a decoded point to the new map, and clears an inverse's in words", async () => {
    const reply = { x: 1, y: 1, index: 1, frame, neighbours: null };
    const { view, $ } = build({}, { _decode_command: reply });
    await flush();
    await view.decodeAt(1, 1, 1, true);
    expect(view.marker).toEqual([1, 1]);
    const moved = decodeArray(encodeArray(Float32Array.from([5, 5, 6, 7, 7, 7, 8, 8]), [4, 2]));
    view.update({ projection_state: { shown: "umap", state: "ready" }, points: moved });
    await flush();
    expect(view.marker).toEqual([6, 7]);
    expect($(".lw-panel .lw-status").textContent).toContain("The marker follows #1 to its place on the UMAP map.");

    Object.assign(reply, { index: -1, x: 6.5, y: 6.5 });
    await view.decodeAt(6.5, 6.5, -1, true);
    view.update({ projection_state: { shown: "pca", state: "ready" }, points: decodeArray(encodeArray(Float32Array.from(XY), [4, 2])) });
    await flush();
    expect(view.marker).toBeNull();
    expect($(".lw-panel .lw-status").textContent).toContain("(6.500, 6.500) on the UMAP map; that position has no place on the PCA map");
    expect($(".lw-panel").dataset.stale).toBe("true");
  });

  it("decodes once for a double-click: its second click only resets", async () => {
    const { host, map } = build({}, { _decode_command: { x: 0.5, y: 0.3, index: -1, frame, neighbours: null } });
    await flush();
    map.near = -1;
    press(map, "pointerdown");
    press(map, "click", { detail: 1 });
    press(map, "pointerdown");
    press(map, "click", { detail: 2 });
    press(map, "dblclick", { detail: 2 });
    await flush();
    expect(decodes(host)).toBe(1);
    expect(map.last("resetView")).toEqual([]);
  });

  it("a decode answered after the map changed is placed on the new map", async () => {
    let answer;
    const reply = { x: 1, y: 1, index: 1, frame, neighbours: null };
    const { view, host } = build({}, { _decode_command: reply });
    await flush();
    host.command.mockImplementationOnce(() => new Promise((resolve) => { answer = resolve; }));
    const decoding = view.decodeAt(1, 1, 1, true);
    await flush();
    const moved = decodeArray(encodeArray(Float32Array.from([5, 5, 6, 7, 7, 7, 8, 8]), [4, 2]));
    view.update({ projection_state: { shown: "umap", state: "ready" }, points: moved });
    answer(reply); // the answer about the PCA map comes now
    await decoding;
    expect(view.marker).toEqual([6, 7]); // #1 on the UMAP map, not (1, 1) of the PCA map
    expect(view.decoded.map).toBe("the UMAP map");
  });

  it("says so when the browser takes the map's WebGL context back", async () => {
    const { map, $ } = build();
    await flush();
    map.canvas.dispatchEvent(new Event("webglcontextlost"));
    expect($(".lw-panel .lw-status").textContent).toContain("WebGL context back");
  });

  it("offers the space's layers in the toolbar and switches through the host", async () => {
    const { host, $ } = build({ layers: ["encoder.1", "encoder.3"], layer: "encoder.3", decode_layer: "encoder.3" });
    const select = $(".lw-layer-select");
    expect($(".lw-layer-group").hidden).toBe(false);
    expect(select.value).toBe("encoder.3");
    select.value = "encoder.1";
    select.dispatchEvent(new Event("change"));
    expect(host.save).toHaveBeenCalledWith({ layer: "encoder.1" });
  });
});

describe("explorer view: destroy", () => {
  it("removes its listeners, clears its timers and ends its requests", async () => {
    vi.useFakeTimers();
    const { view, map } = build({
      projection_state: { shown: "pca", state: "computing", message: "computing UMAP…", started: 0 },
    });
    const removed = vi.spyOn(view.mapBox, "removeEventListener");
    expect(vi.getTimerCount()).toBeGreaterThan(0); // the computing readout ticks
    const pending = view.selects.request({ value: {}, buffer: new DataView(new ArrayBuffer(0)) });
    const ended = pending.catch((err) => err.name);
    expect(FakeResizeObserver.live).toBe(2); // the map's size and the widget's width
    view.destroy();
    expect(await ended).toBe("StaleRequestError");
    expect(vi.getTimerCount()).toBe(0);
    expect(FakeResizeObserver.live).toBe(0);
    expect(map.destroyed).toBe(true);
    const events = removed.mock.calls.map((c) => c[0]).sort();
    expect(events).toEqual(["click", "dblclick", "mousedown", "pointerdown", "pointermove"]);
  });
});

describe("explorer widget (mounted on a model)", () => {
  function render(values) {
    const model = new FakeModel(values);
    const invoke = vi.fn(async () => [{ ok: true, result: {} }, []]);
    const el = document.createElement("div");
    document.body.append(el);
    const cleanup = explorer.render({ model, el, experimental: { invoke } });
    return { model, invoke, el, cleanup, root: el.querySelector(".lw-explorer"), map: maps.at(-1) };
  }

  it("decodes the traits and follows their changes", async () => {
    const { model, map, root } = render(traits());
    await flush();
    expect(map.last("setPoints")[0]).toEqual(XY);
    model.set("selection", encodeArray(Int32Array.from([2]), [1]));
    expect(map.last("select")[0]).toEqual([2]);
    model.set("hidden_classes", [0]);
    expect(root.querySelector(".lw-map").dataset.hiddenClasses).toBe("0");
  });

  it("sends the map's traits through the model, and removes every listener on cleanup", async () => {
    const { model, cleanup, root } = render(traits());
    await flush();
    root.querySelector('[data-projection="umap"]').click();
    expect(model.get("projection")).toBe("umap");
    expect(model.saved).toBe(1);
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });

  it("says so when the kernel goes: the banner, the panel and the selection", async () => {
    const { model, map, root, el } = render(traits());
    await flush();
    map.options.onSelect([1, 2]);
    await flush();
    el.classList.add("jupyter-widgets-disconnected"); // JupyterLab marks a closed comm
    for (const fn of model.listeners.get("comm_live_update")) fn();
    await flush();
    expect(root.dataset.kernel).toBe("gone");
    expect(root.querySelector(".lw-kernel-banner").hidden).toBe(false);
    expect(root.firstElementChild.className).toBe("lw-kernel-banner");
    expect(root.querySelector(".lw-panel .lw-status").textContent).toContain(GONE_MESSAGE);
    expect(root.querySelector(".lw-selection-info").textContent).toBe("2 selected · not synced to the kernel");
  });
});
