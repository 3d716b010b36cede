// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import view from "../src/persistence/index.js";
import { nothingCertain } from "../src/persistence/verdict.js";
import { FakeModel } from "./fake-model.js";
import { mockCanvas } from "./canvas-mock.js";

const ROWS = [
  [0, 0, Infinity],
  [0, 0, 0.4],
  [1, 0.5, 0.7],
  [1, 0.6, 0.65],
];
const MORE = { landmarks: 832, seconds: 21, fits: true, why: "", text: "More landmarks: 832 (at most about 21 s)" };
const NOTHING = {
  n_points: 3000, n_landmarks: 416, scope_text: "Homology of all 3,000 points", layer: "", linked: false,
  note: "H0–H1 on 416 greedy landmarks of 3,000 points", details: ["All 3,000 points would need about 19.8 GB.", "Stages planned from the cost model: 64, 128, 256, 416 landmarks."],
  verdict: "No loop is certain: every bar lies inside the shaded band.", certain: [0],
  offers: { more: MORE, pca: { k: 3, dims: 16, max_k: 15 } }, reduction: null, stopped_early: false,
};

function traits(info = NOTHING, status = "ready") {
  return {
    features: encodeArray(Float32Array.from(ROWS.flat()), [ROWS.length, 3]),
    has_cycle: encodeArray(Uint8Array.from(ROWS.map(() => 0)), [ROWS.length]),
    selected_feature: -1, eps: 0.55, eps_max: 1, error_bound: 0.2, maxdim: 1, info,
    status: { state: status, message: "", progress: null, traceback: "" },
    view: "both", scopes: [{ key: "all", text: "all points" }], scope: "all",
    layer_chart: {}, layer: "", map_check: {},
  };
}

function mount(values) {
  const model = new FakeModel(values);
  const invoke = vi.fn(async () => [{ ok: true, result: { started: true } }, []]);
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = view.render({ model, el, experimental: { invoke } });
  const root = el.querySelector(".lw-persistence");
  return { model, invoke, root, cleanup, $: (s) => root.querySelector(s) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  mockCanvas();
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("the verdict", () => {
  it("knows when nothing is certain", () => {
    expect(nothingCertain(NOTHING)).toBe(true);
    expect(nothingCertain({ ...NOTHING, certain: [0, 1] })).toBe(false);
    expect(nothingCertain({ ...NOTHING, verdict: "" })).toBe(false);
    expect(nothingCertain({})).toBe(false);
  });

  it("says nothing is certain in one sentence and offers more landmarks and a PCA copy", async () => {
    const { invoke, $ } = mount(traits());
    expect($(".lw-verdict").textContent).toBe("No loop is certain: every bar lies inside the shaded band.");
    expect($(".lw-verdict").hidden).toBe(false);
    expect($(".lw-offers").hidden).toBe(false);
    const more = $(".lw-more-landmarks");
    expect(more.textContent).toBe("More landmarks: 832 (at most about 21 s)");
    expect(more.disabled).toBe(false);
    more.click();
    await flush();
    expect(invoke).toHaveBeenCalledWith("_more_landmarks_command", {}, expect.anything());
    expect($(".lw-pca-k").value).toBe("3");
    $(".lw-pca-k").value = "5";
    $(".lw-pca-copy").click();
    await flush();
    expect(invoke).toHaveBeenCalledWith("_compute_command", { scope: "all", pca: 5 }, expect.anything());
  });

  it("keeps the arithmetic in the note's tooltip, the line short", () => {
    const { model, $ } = mount(traits());
    const note = $(".lw-note");
    expect(note.textContent).not.toContain("19.8 GB");
    expect(note.title).toContain("All 3,000 points would need about 19.8 GB.");
    expect(note.title).toContain("Stages planned from the cost model");
    expect(note.dataset.bound).toBe("0.2");
    expect(note.textContent).toContain("bound 0.20");
    expect(note.textContent).not.toContain("stopped early");
    model.set("info", { ...NOTHING, stopped_early: true });
    expect(note.textContent).toContain("stopped early by the time limit, so this answer depends on the machine");
  });

  it("disables the offers while computing; once something is certain, only more landmarks", () => {
    const { model, $ } = mount(traits(NOTHING, "computing"));
    expect($(".lw-more-landmarks").disabled).toBe(true);
    expect($(".lw-pca-copy").disabled).toBe(true);
    model.set("status", { state: "ready", message: "", progress: null, traceback: "" });
    expect($(".lw-more-landmarks").disabled).toBe(false);
    model.set("info", { ...NOTHING, verdict: "Certain (outside the shaded band): 1 loop.", certain: [1] });
    expect($(".lw-verdict").textContent).toBe("Certain (outside the shaded band): 1 loop.");
    expect($(".lw-pca-label").hidden).toBe(true);
    expect($(".lw-more-landmarks").hidden).toBe(false);
    model.set("info", { ...NOTHING, certain: [1], offers: { more: null, pca: NOTHING.offers.pca } });
    expect($(".lw-offers").hidden).toBe(true);
  });

  it("refuses more landmarks in words when the memory budget does not allow them", () => {
    const why = "832 landmarks would need about 3 GB, over the memory budget of 2.1 GB: raise memory_budget_bytes";
    const { $ } = mount(traits({ ...NOTHING, offers: { more: { ...MORE, fits: false, why }, pca: null } }));
    expect($(".lw-more-landmarks").disabled).toBe(true);
    expect($(".lw-more-landmarks").title).toBe(why);
    expect($(".lw-pca-label").hidden).toBe(true);
  });

  it("says what a PCA copy distorts and goes back to the latents", async () => {
    const reduction = { k: 3, dims: 16, variance: 0.21, max_shift: 12.7, typical_shrink: 0.57, text: "A PCA copy in 3 of 16 dimensions keeps 21 % of the variance." };
    const { invoke, $ } = mount(traits({ ...NOTHING, reduction }));
    expect($(".lw-reduction").hidden).toBe(false);
    expect($(".lw-reduction").textContent).toBe(reduction.text);
    const back = $(".lw-back-to-latents");
    expect(back.hidden).toBe(false);
    expect(back.textContent).toBe("Back to all 16 dims");
    back.click();
    await flush();
    expect(invoke).toHaveBeenCalledWith("_compute_command", { scope: "all" }, expect.anything());
  });

  it("shows no verdict section for exact diagrams", () => {
    const { $ } = mount(traits({ ...NOTHING, verdict: "", certain: [], offers: { more: null, pca: null } }));
    expect($(".lw-verdict-box").hidden).toBe(true);
  });
});
