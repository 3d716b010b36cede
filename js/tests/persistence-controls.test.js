// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import view from "../src/persistence/index.js";
import { HELP } from "../src/persistence/view.js";
import { FakeModel } from "./fake-model.js";
import { mockCanvas } from "./canvas-mock.js";

const ROWS = [[0, 0, Infinity], [0, 0, 0.4], [1, 0.5, 1.5]];
const CHART = {
  layers: ["input", "fc"], active: "fc", dims: [0, 1], classes: ["cat"], codes: [0],
  all: [[2, 1], [1, 0]], per_class: [[[1, 1], [1, 0]]], scale_text: "Real features only.",
};

function mount(extra = {}) {
  const model = new FakeModel({
    features: encodeArray(Float32Array.from(ROWS.flat()), [ROWS.length, 3]),
    has_cycle: encodeArray(Uint8Array.from([0, 0, 1]), [ROWS.length]),
    selected_feature: -1, eps: 0.8, eps_max: 2, error_bound: 0.1, maxdim: 1,
    info: {
      n_points: 500, n_landmarks: 200, scope_text: "all points", linked: true,
      verdict: "No loop is certain: every bar lies inside the shaded band.", certain: [0],
      offers: { more: { text: "More landmarks: 400", fits: true, landmarks: 400 }, pca: { k: 3, dims: 8, max_k: 7 } },
      reduction: { text: "a PCA copy", dims: 8 },
    },
    status: { state: "ready", message: "", progress: null, traceback: "" },
    view: "both", scopes: [{ key: "all", text: "All points (500)" }, { key: "class:0", text: "Class cat (9)" }],
    scope: "all", layer_chart: CHART, layer: "fc", map_check: {}, map_edges: false, ...extra,
  });
  const invoke = vi.fn(async () => [{ ok: true, result: {} }, []]);
  const el = document.createElement("div");
  document.body.append(el);
  view.render({ model, el, experimental: { invoke } });
  return { model, root: el.querySelector(".lw-persistence") };
}

beforeEach(() => {
  mockCanvas();
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("persistence controls", () => {
  it("give every control a tooltip that says what it does, and a help line for the gestures", () => {
    const { root } = mount();
    const controls = [...root.querySelectorAll("button, select, input")];
    expect(controls.length).toBeGreaterThan(10);
    const untitled = controls.filter((c) => !(c.title || c.closest("[title]")?.title));
    expect(untitled.map((c) => c.className)).toEqual([]);
    const help = root.querySelector(".lw-help");
    expect(help.textContent).toBe(HELP);
    for (const gesture of ["Click a dot or a bar", "drag ε", "hover"]) expect(HELP).toContain(gesture);
  });

  it("draws the Rips edges on a linked map only once asked, with a box to turn them off", () => {
    const { model, root } = mount();
    const box = root.querySelector("input.lw-map-edges-box");
    expect(box.closest("label").hidden).toBe(false);
    expect(box.checked).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    expect(model.get("map_edges")).toBe(true);
    model.set("map_edges", false);
    expect(box.checked).toBe(false);
  });

  it("hides the edges box when nothing is linked", () => {
    const { root } = mount({ info: { n_points: 5, linked: false } });
    expect(root.querySelector("label.lw-map-edges").hidden).toBe(true);
  });

  it("says which set the map check is about, and hides it when the kernel clears it", () => {
    const { model, root } = mount({
      map_check: { summary: "Bottleneck distance 0.1", details: [], about: "About layer 'fc' · All points (500): 500 points" },
    });
    const section = root.querySelector(".lw-map-check");
    expect(section.hidden).toBe(false);
    expect(root.querySelector(".lw-map-check-about").textContent).toContain("layer 'fc'");
    model.set("map_check", {});
    expect(section.hidden).toBe(true);
  });
});
