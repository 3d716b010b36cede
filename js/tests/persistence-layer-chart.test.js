// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { LayerChart, layerSeries } from "../src/persistence/layer-chart.js";

const CHART = {
  layers: ["conv1", "conv2", "fc"],
  active: "conv2",
  dims: [0, 1],
  all: [[5, 0], [3, 2], [1, 1]],
  classes: ["cat", "<dog>"],
  per_class: [
    [[2, 0], [1, 1], [1, 0]],
    [[3, 0], [2, 3], [1, 1]],
  ],
  scale_text: "at ε = 0.8 (20% of the largest distance)",
};

describe("layer chart", () => {
  it("picks one Betti number per layer for all points and per class", () => {
    const series = layerSeries(CHART, 1);
    expect(series.all).toEqual([0, 2, 1]);
    expect(series.perClass.map((c) => c.values)).toEqual([[0, 1, 0], [0, 3, 1]]);
    expect(series.max).toBe(3);
    expect(layerSeries({ layers: ["a"], all: [[0, 0]] }, 0).max).toBe(1); // never a zero scale
  });

  it("draws lines, names classes as text, and reports the layer clicked", () => {
    const parent = document.createElement("div");
    const onLayer = vi.fn();
    const chart = new LayerChart(parent, onLayer);
    chart.show({});
    expect(chart.element.hidden).toBe(true);
    chart.show(CHART, 400);
    expect(chart.element.hidden).toBe(false);
    expect(chart.element.dataset.dim).toBe("1"); // β1 first
    expect(parent.querySelectorAll("polyline.lw-class-line")).toHaveLength(2);
    expect(parent.querySelector("polyline.lw-all-line")).not.toBeNull();
    expect(parent.querySelector(".lw-legend").textContent).toContain("<dog>");
    expect(parent.querySelector('.lw-layer-tick[data-active="true"]').textContent).toContain("conv2");
    expect(parent.querySelector(".lw-layer-chart-scale").textContent).toBe(CHART.scale_text);
    parent.querySelector('.lw-layer-column[data-layer="fc"]').dispatchEvent(new MouseEvent("click"));
    expect(onLayer).toHaveBeenCalledWith("fc");
    parent.querySelector('.lw-layer-tick[data-layer="conv1"]').dispatchEvent(new MouseEvent("click"));
    expect(onLayer).toHaveBeenLastCalledWith("conv1");
    parent.querySelector('button[data-dim="0"]').click();
    expect(chart.element.dataset.dim).toBe("0");
    const points = parent.querySelector("polyline.lw-all-line").getAttribute("points").split(" ");
    expect(points).toHaveLength(3);
  });
});
