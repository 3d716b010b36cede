// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import view from "../src/persistence/index.js";
import { FakeModel } from "./fake-model.js";
import { mockCanvas } from "./canvas-mock.js";

const ROWS = [
  [0, 0, Infinity],
  [0, 0, 0.4],
  [0, 0, 0.2],
  [1, 0.5, 1.5],
];

function traits(rows = ROWS, extra = {}) {
  return {
    features: encodeArray(Float32Array.from(rows.flat()), [rows.length, 3]),
    has_cycle: encodeArray(Uint8Array.from(rows.map((r) => (r[0] === 1 ? 1 : 0))), [rows.length]),
    selected_feature: -1,
    eps: 0.1,
    eps_max: 2,
    error_bound: 0,
    maxdim: 1,
    info: { n_points: 500, n_landmarks: 200, note: "", scope_text: "all points", layer: "", linked: false },
    status: { state: "ready", message: "", progress: null, traceback: "" },
    view: "both",
    scopes: [{ key: "all", text: "all points" }, { key: "class:3", text: "class <3>" }],
    scope: "all",
    layer_chart: {},
    layer: "",
    map_check: {},
    ...extra,
  };
}

/** Render the view; `replies` answers commands by name. */
function mount(values, replies = {}) {
  const model = new FakeModel(values);
  const invoke = vi.fn(async (name, msg) => {
    const reply = replies[name];
    if (reply instanceof Error) return [{ ok: false, error: { type: "ValueError", message: reply.message, traceback: "Traceback: here" } }, []];
    return [{ ok: true, result: reply ?? {} }, []];
  });
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = view.render({ model, el, experimental: { invoke } });
  const root = el.querySelector(".lw-persistence");
  return { model, invoke, el, root, cleanup, $: (s) => root.querySelector(s) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  mockCanvas();
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("persistence view", () => {
  it("changes the Betti readout when the slider moves, and sets eps", () => {
    const { model, $ } = mount(traits());
    const readout = $(".lw-betti");
    expect(readout.dataset.betti).toBe("3,0"); // at 0.1 no H0 bar has died yet
    const slider = $(".lw-eps-slider");
    slider.value = "1";
    slider.dispatchEvent(new Event("input"));
    expect(readout.dataset.betti).toBe("1,1");
    expect(readout.textContent).toBe("ε = 1.00 · β0 = 1 · β1 = 1");
    expect(model.get("eps")).toBe(1);
    expect(model.saved).toBeGreaterThan(0);
    expect($(".lw-betti").closest(".lw-persistence").lwView.betti()).toEqual([1, 1]);
    // The kernel moving ε moves the readout too.
    model.set("eps", 0.3);
    expect(readout.dataset.betti).toBe("2,0");
  });

  it("selects a feature clicked in the diagram or the barcode, and unselects on a second click", () => {
    const { model, root } = mount(traits());
    const diagram = root.querySelector("canvas.lw-diagram");
    const click = (canvas, [clientX, clientY]) =>
      canvas.dispatchEvent(new MouseEvent("click", { clientX, clientY, bubbles: true }));
    click(diagram, root.lwView.featureToClient(3, "diagram"));
    expect(model.get("selected_feature")).toBe(3);
    expect(root.dataset.selectedFeature).toBe("3");
    expect(root.querySelector(".lw-selected").textContent).toContain("H1 · born 0.50 · dies 1.50");
    click(diagram, root.lwView.featureToClient(3, "diagram"));
    expect(model.get("selected_feature")).toBe(-1);
    const barcode = root.querySelector("canvas.lw-barcode");
    click(barcode, root.lwView.featureToClient(1, "barcode"));
    expect(model.get("selected_feature")).toBe(1);
    click(diagram, [5, 5]); // empty space
    expect(model.get("selected_feature")).toBe(-1);
  });

  it("shows the hover text of a feature", () => {
    const { root } = mount(traits());
    const [clientX, clientY] = root.lwView.featureToClient(0, "diagram");
    root.querySelector(".lw-diagram").dispatchEvent(new MouseEvent("pointermove", { clientX, clientY }));
    const tooltip = root.querySelector(".lw-persistence-tooltip");
    expect(tooltip.hidden).toBe(false);
    expect(tooltip.textContent).toBe("H0 · born 0.00 · dies never · persistence ∞");
  });

  it("says so when there are no loops, only once the computation is ready", () => {
    const rows = ROWS.filter((r) => r[0] === 0);
    const { model, $ } = mount(traits(rows, { status: { state: "computing", message: "computing H1…", progress: 0.4 } }));
    expect($(".lw-empty-h1").hidden).toBe(true);
    expect($(".lw-progress").hidden).toBe(false);
    expect($(".lw-progress").value).toBeCloseTo(0.4);
    model.set("status", { state: "ready", message: "", progress: null, traceback: "" });
    expect($(".lw-empty-h1").hidden).toBe(false);
    expect($(".lw-empty-h1").textContent).toBe("No H1 features: these points have no loops at any scale.");
    expect($(".lw-progress").hidden).toBe(true);
    model.set("features", traits().features);
    expect($(".lw-empty-h1").hidden).toBe(true);
  });

  it("computes the scope picked in the select, and shows a failure in words", async () => {
    const { invoke, root, $ } = mount(traits(), { _compute_command: new Error("no selection to compute") });
    const select = $(".lw-scope-select");
    expect([...select.options].map((o) => o.textContent)).toEqual(["all points", "class <3>"]);
    select.value = "class:3";
    select.dispatchEvent(new Event("change"));
    await flush();
    await flush();
    expect(invoke).toHaveBeenCalledWith("_compute_command", { scope: "class:3" }, expect.anything());
    const status = $(".lw-status");
    expect(status.dataset.kind).toBe("error");
    expect(status.textContent).toContain("ValueError: no selection to compute");
    expect(select.value).toBe("all"); // back to what is shown
    expect(root.dataset.state).toBe("error");
  });

  it("shows an error status with its traceback, as text", () => {
    const { model, root, $ } = mount(traits());
    model.set("status", { state: "error", message: "<b>ripser</b> failed: MemoryError", progress: null, traceback: "Traceback (most recent call last): ..." });
    expect(root.dataset.state).toBe("error");
    expect($(".lw-status").textContent).toContain("<b>ripser</b> failed: MemoryError");
    expect(root.querySelector(".lw-status b")).toBeNull();
    expect($(".lw-status-details").hidden).toBe(false);
    expect($(".lw-status-details pre").textContent).toContain("most recent call last");
  });

  it("writes the note, switches plots, and runs the map check when linked", async () => {
    const check = { summary: "The map shows 2 loops; the latents have 1.", details: ["loop 2 is a projection artefact"] };
    const { model, invoke, $ } = mount(traits([...ROWS], { error_bound: 0.05 }), { _map_check_command: check });
    expect($(".lw-note").textContent).toContain("computed on 200 landmarks of 500 points");
    expect($(".lw-note").textContent).toContain("may come from the subsampling");
    expect($(".lw-map-check-button").hidden).toBe(true);
    model.set("info", { ...model.get("info"), linked: true });
    expect($(".lw-map-check-button").hidden).toBe(false);
    $(".lw-map-check-button").click();
    await flush();
    await flush();
    expect(invoke).toHaveBeenCalledWith("_map_check_command", {}, expect.anything());
    expect($(".lw-map-check").hidden).toBe(false);
    expect($(".lw-map-check-summary").textContent).toBe(check.summary);
    expect([...$(".lw-map-check-details").children].map((li) => li.textContent)).toEqual(check.details);
    $('[data-view="barcode"]').click();
    expect(model.get("view")).toBe("barcode");
    expect($(".lw-diagram-box").hidden).toBe(true);
    expect($('[data-view="barcode"]').getAttribute("aria-pressed")).toBe("true");
  });

  it("removes its model listeners on cleanup", () => {
    const { model, cleanup } = mount(traits());
    expect(model.listenerCount()).toBeGreaterThan(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
  });
});
