// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { LayerChart } from "../src/persistence/layer-chart.js";
import { describeLayer, readLayerChart, shortCaption } from "../src/persistence/layer-chart-data.js";
import {
  chartLayout, dodgeOffsets, integerTicks, layerAt, layerLabels, panelTop, yScale,
} from "../src/persistence/layer-chart-layout.js";
import { categoryColor } from "../src/shared/colors.js";

const SCALE_TEXT =
  "Real features only: certified (longer than twice the landmarks' error bound) or " +
  "significant (Bobrowski–Skraba, 5 %). Bands: the answers at ¼ and ½ of the landmarks.";

// Three annuli per class simplify to one blob by the last layer; all points count 50 pieces
// in the input (noise), which must not flatten the classes' 1 to 3.
const CHART = {
  layers: ["input", "conv1", "fc"],
  active: "conv1",
  dims: [0, 1],
  all: [[50, 6], [4, 2], [2, 0]],
  all_range: [[[40, 50], [5, 6]], [[4, 4], [2, 2]], [[2, 2], [0, 0]]],
  classes: ["cat", "<dog>"],
  codes: [0, 3], // class 3's colour is the Explorer's colour of code 3
  per_class: [
    [[3, 3], [2, 1], [1, 0]],
    [[3, 3], [2, 1], [1, 0]],
  ],
  per_class_range: [
    [[[3, 3], [2, 3]], [[2, 2], [1, 1]], [[1, 1], [0, 0]]],
    [[[3, 3], [3, 3]], [[2, 2], [1, 2]], [[1, 1], [0, 0]]],
  ],
  landmarks: [120, 120, 96],
  scale_text: SCALE_TEXT,
};

function mount(chart = CHART, width = 640) {
  const parent = document.createElement("div");
  document.body.append(parent);
  const onLayer = vi.fn();
  const view = new LayerChart(parent, onLayer);
  view.show(chart, width);
  return { parent, view, onLayer, $: (s) => parent.querySelector(s), $$: (s) => [...parent.querySelectorAll(s)] };
}

describe("layer chart data", () => {
  it("reads a line per class and dimension, with ranges, colours by class code", () => {
    const data = readLayerChart(CHART);
    expect(data.layers).toEqual(["input", "conv1", "fc"]);
    expect(data.panels.map((p) => p.dim)).toEqual([0, 1]);
    const [cat, dog, all] = data.panels[1].lines;
    expect(cat.values).toEqual([3, 1, 0]);
    expect(cat.high).toEqual([3, 1, 0]);
    expect(dog.values).toEqual([3, 1, 0]);
    expect(dog.high).toEqual([3, 2, 0]);
    expect(all).toMatchObject({ key: "all", all: true, values: [6, 2, 0], low: [5, 2, 0] });
    expect(dog.color).toBe(categoryColor(3));
    expect(data.panels[0].lines[2].low).toEqual([40, 4, 2]);
  });

  it("treats a missing range as the value, and a missing chart as empty", () => {
    const data = readLayerChart({ layers: ["a", "b"], all: [[1, 0], [2, 1]], dims: [0, 1] });
    expect(data.panels[0].lines).toHaveLength(1);
    expect(data.panels[0].lines[0]).toMatchObject({ values: [1, 2], low: [1, 2], high: [1, 2] });
    expect(readLayerChart(undefined)).toMatchObject({ layers: [], error: "" });
    expect(readLayerChart({ layers: [], error: "boom" }).error).toBe("boom");
  });

  it("shortens the scale sentence to a caption and describes a layer in words", () => {
    expect(shortCaption(SCALE_TEXT, [120, 96])).toBe(
      "Real features only · 96–120 landmarks per set · bands: fewer landmarks");
    expect(shortCaption("", [])).toBe("");
    const text = describeLayer(readLayerChart(CHART), 1, new Set(["all"]));
    expect(text).toContain("conv1 (shown)");
    expect(text).toContain("β1: cat 1, <dog> 1 (1–2)");
    expect(text).not.toContain("all points");
  });
});

describe("layer chart scales and layout", () => {
  it("makes integer ticks on 1-2-5 steps that cover the top", () => {
    expect(integerTicks(0, 5)).toEqual({ top: 1, step: 1, ticks: [0, 1] });
    expect(integerTicks(3, 5).ticks).toEqual([0, 1, 2, 3]);
    expect(integerTicks(7, 5)).toEqual({ top: 8, step: 2, ticks: [0, 2, 4, 6, 8] });
    expect(integerTicks(50, 5)).toEqual({ top: 60, step: 20, ticks: [0, 20, 40, 60] });
    expect(integerTicks(2.2, 5).top).toBe(3);
    for (const top of [1, 4, 9, 13, 99, 1234]) {
      const { ticks } = integerTicks(top, 5);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(5);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(top);
    }
  });

  it("scales each panel by its classes, keeping all points only when of the same size", () => {
    const [beta0, beta1] = readLayerChart(CHART).panels;
    expect(panelTop(beta0.lines)).toEqual({ top: 3, clipAll: true }); // 50 would flatten 1–3
    expect(panelTop(beta1.lines)).toEqual({ top: 6, clipAll: false }); // 6 ≤ 2 × 3
    expect(panelTop(beta0.lines, new Set(["class:0", "class:3"]))).toEqual({ top: 50, clipAll: false });
    const y = yScale({ top: 10, bottom: 110 }, 4);
    expect([y(0), y(2), y(4), y(9)]).toEqual([110, 60, 10, 10]); // clipped at the top
    const roomy = yScale({ top: 10, bottom: 110 }, 4, 20); // room above the top tick
    expect([roomy(0), roomy(4), roomy(5)]).toEqual([110, 30, 20]);
  });

  it("lays out stacked panels that fit from 260 to 900 pixels, input first", () => {
    for (const available of [200, 360, 800, 1400]) {
      const layout = chartLayout({ available, layers: CHART.layers, panels: 2, tickDigits: 2 });
      expect(layout.width).toBeLessThanOrEqual(Math.max(260, Math.min(available, 900)));
      expect(layout.x(0)).toBeLessThan(layout.x(1));
      expect(layout.labels.texts[0]).toBe("input");
      expect(layout.panels[1].top).toBeGreaterThan(layout.panels[0].bottom);
      expect(layout.height).toBeGreaterThan(layout.axisY + layout.labels.depth);
      expect(layout.x(0) - layout.labels.overhang).toBeGreaterThanOrEqual(0); // not clipped
    }
  });

  it("slants and shortens long layer names when the columns are narrow", () => {
    const wide = layerLabels(["input", "encoder.0"], 200);
    expect(wide).toMatchObject({ slanted: false, texts: ["input", "encoder.0"] });
    const narrow = layerLabels(["input", "a.very.long.layer.name"], 30);
    expect(narrow.slanted).toBe(true);
    expect(narrow.texts[1]).toBe("a.ver…yer.name"); // the ends kept: names differ there
    expect(layerLabels(["encoder.layers.3.mlp"], 66).texts).toEqual(["enc…3.mlp"]);
    expect(narrow.depth).toBeGreaterThan(wide.depth);
    const many = Array.from({ length: 12 }, (_, i) => `encoder.layers.${i}.mlp`);
    const layout = chartLayout({ available: 360, layers: ["input", ...many], panels: 2 });
    expect(layout.labels.slanted).toBe(true);
    expect(layout.x(0) - layout.labels.overhang).toBeGreaterThanOrEqual(0);
  });

  it("finds the layer under a pixel and spreads equal lines apart", () => {
    const layout = { left: 40, right: 340, column: 100 };
    expect(layerAt(layout, 39, 3)).toBe(-1);
    expect(layerAt(layout, 40, 3)).toBe(0);
    expect(layerAt(layout, 189.9, 3)).toBe(1);
    expect(layerAt(layout, 339, 3)).toBe(2);
    expect(layerAt(layout, 340, 3)).toBe(-1);
    expect(dodgeOffsets(1, 100)).toEqual([0]);
    expect(dodgeOffsets(3, 100)).toEqual([-5, 0, 5]);
    const tight = dodgeOffsets(4, 30);
    expect(tight[3] - tight[0]).toBeCloseTo(10);
  });
});

describe("layer chart view", () => {
  it("draws a panel per dimension with a line and a band per class, input first", () => {
    const { $, $$, view } = mount();
    expect(view.element.hidden).toBe(false);
    const panels = $$(".lw-layer-panel");
    expect(panels.map((p) => p.getAttribute("data-dim"))).toEqual(["0", "1"]);
    for (const panel of panels) {
      const lines = [...panel.querySelectorAll("polyline.lw-class-line")];
      expect(lines.map((l) => l.getAttribute("data-key"))).toEqual(["class:0", "class:3"]);
      expect(lines[1].getAttribute("stroke")).toBe(categoryColor(3));
      expect(panel.querySelector("polyline.lw-all-line").getAttribute("data-role")).toBe("secondary");
    }
    // bands where the sweep disagreed: cat's β1 at the input, dog's β1 at conv1, all points
    const beta1Bands = [...panels[1].querySelectorAll("polygon.lw-layer-band")].map((b) => b.getAttribute("data-key"));
    expect(beta1Bands).toEqual(["all", "class:0", "class:3"]);
    expect($$(".lw-layer-column").map((c) => c.getAttribute("data-layer"))).toEqual(["input", "conv1", "fc"]);
    const ticks = $$("text.lw-layer-tick");
    expect(ticks[0].textContent).toBe("input");
    expect(Number(ticks[0].getAttribute("x"))).toBeLessThan(Number(ticks[1].getAttribute("x")));
    expect($('.lw-layer-tick[data-active="true"]').textContent).toBe("conv1");
    expect($('.lw-layer-column[data-active="true"]').getAttribute("data-layer")).toBe("conv1");
  });

  it("marks the layer shown with one thin line at its column's centre", () => {
    const { $, $$, view } = mount();
    const marks = $$("line.lw-layer-current");
    expect(marks).toHaveLength(1);
    const column = $('.lw-layer-column[data-active="true"]');
    const centre = Number(column.getAttribute("x")) + Number(column.getAttribute("width")) / 2;
    expect(Number(marks[0].getAttribute("x1"))).toBeCloseTo(centre);
    expect(marks[0].getAttribute("x2")).toBe(marks[0].getAttribute("x1"));
    expect(marks[0].getAttribute("data-layer")).toBe("conv1");
    expect(Number(marks[0].getAttribute("y2"))).toBeCloseTo(view.layout.axisY);
  });

  it("keeps the classes on their own integer scale and marks all points off it", () => {
    const { $$ } = mount();
    const [beta0] = $$(".lw-layer-panel");
    const labels = [...beta0.querySelectorAll("text.lw-axis-text")].map((t) => t.textContent);
    expect(labels).toEqual(["0", "1", "2", "3"]);
    const overflow = [...beta0.querySelectorAll("text.lw-layer-overflow-text")].map((t) => t.textContent);
    expect(overflow).toEqual(["50", "4"]); // 4 > 3 as well; 2 is on the scale
    // one class at β0 = 3, the other at 1: far apart in pixels, not squashed at 0
    const cat = beta0.querySelector('polyline[data-key="class:0"]').getAttribute("points").split(" ");
    const ys = cat.map((p) => Number(p.split(",")[1]));
    expect(ys[2] - ys[0]).toBeGreaterThan(40);
  });

  it("puts all points first when there are no classes", () => {
    const { $, $$ } = mount({ layers: ["input", "h"], dims: [0, 1, 2], all: [[2, 1, 0], [1, 0, 0]] });
    expect($$(".lw-layer-panel")).toHaveLength(3);
    expect($(".lw-all-line").getAttribute("data-role")).toBe("primary");
    expect($$(".lw-class-line")).toHaveLength(0);
    expect($(".lw-layer-legend").hidden).toBe(true);
    expect($(".lw-layer-panel-title").textContent).toBe("β0 · pieces");
  });

  it("hides a line from the legend and shows one alone on a double click", () => {
    const { $, $$ } = mount();
    const item = (key) => $(`.lw-legend-item[data-key="${key}"]`);
    expect($$(".lw-legend-item").map((b) => b.textContent)).toEqual(["cat", "<dog>", "all points"]);
    item("class:0").click();
    expect(item("class:0").getAttribute("aria-pressed")).toBe("false");
    expect($$('.lw-layer-panel[data-dim="0"] polyline.lw-class-line')).toHaveLength(1);
    item("class:0").click();
    expect($$('.lw-layer-panel[data-dim="0"] polyline.lw-class-line')).toHaveLength(2);
    item("all").dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    expect($$("polyline.lw-class-line")).toHaveLength(0);
    expect($(".lw-all-line").getAttribute("data-role")).toBe("primary");
    const labels = [...$('.lw-layer-panel[data-dim="0"]').querySelectorAll("text.lw-axis-text")];
    expect(labels.at(-1).textContent).toBe("50"); // alone, all points set the scale again
    item("all").dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    expect($$("polyline.lw-class-line")).toHaveLength(4);
  });

  it("reports the layer of the column or label clicked", () => {
    const { $, onLayer, view } = mount();
    $('.lw-layer-column[data-layer="fc"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(onLayer).toHaveBeenLastCalledWith("fc");
    $('.lw-layer-tick[data-layer="input"]').dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(onLayer).toHaveBeenLastCalledWith("input");
    // a click elsewhere in the svg falls back to the column under the pointer
    view.svg.getBoundingClientRect = () => ({ left: 0, top: 0, width: view.layout.width, height: 1 });
    view.svg.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: view.layout.x(1) }));
    expect(onLayer).toHaveBeenLastCalledWith("conv1");
    expect(onLayer).toHaveBeenCalledTimes(3);
  });

  it("shows a short caption with the whole sentence as its tooltip", () => {
    const { $ } = mount();
    expect($(".lw-layer-chart-scale").textContent).toContain("Real features only");
    expect($(".lw-layer-chart-scale").title).toBe(SCALE_TEXT);
    expect($(".lw-layer-chart-title").textContent).toBe("Betti numbers by layer");
  });

  it("says why the chart is missing, and hides when there is nothing yet", () => {
    const { $, view } = mount({});
    expect(view.element.hidden).toBe(true);
    view.show({ layers: [], error: "ValueError: too few points" });
    expect(view.element.hidden).toBe(false);
    expect(view.element.dataset.state).toBe("error");
    expect($(".lw-layer-chart-error").textContent).toContain("ValueError: too few points");
    expect($(".lw-layer-chart-svg").hasAttribute("hidden")).toBe(true);
    view.show(CHART);
    expect($(".lw-layer-chart-error").hidden).toBe(true);
    expect($(".lw-layer-chart-svg").hasAttribute("hidden")).toBe(false);
  });

  it("fits narrow and wide widths without drawing outside the svg", () => {
    for (const width of [300, 400, 800, 1200]) {
      const { view, $$ } = mount(CHART, width);
      const svgWidth = Number(view.svg.getAttribute("width"));
      expect(svgWidth).toBeLessThanOrEqual(Math.max(260, width));
      for (const tick of $$("text.lw-layer-tick")) {
        const x = Number(tick.getAttribute("x"));
        const half = (tick.textContent.length * 6.4) / 2;
        expect(x - half).toBeGreaterThanOrEqual(0);
        expect(x + half).toBeLessThanOrEqual(svgWidth);
      }
    }
  });
});
