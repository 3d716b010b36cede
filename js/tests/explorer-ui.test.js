// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import { formatTick, Legend } from "../src/explorer/legend.js";
import { describeProjection } from "../src/explorer/toolbar.js";

describe("legend", () => {
  it("lists classes as text with counts, and toggles on click", () => {
    const parent = document.createElement("div");
    const onToggle = vi.fn();
    const legend = new Legend(parent, onToggle);
    legend.showClasses(["<i>cat</i>", "dog"], [1], [3, 4]);
    const items = parent.querySelectorAll(".lw-legend-item");
    expect(items).toHaveLength(2);
    expect(items[0].textContent).toBe("<i>cat</i> (3)");
    expect(parent.querySelector("i")).toBeNull();
    expect(items[1].getAttribute("aria-pressed")).toBe("false");
    items[1].click();
    expect(onToggle).toHaveBeenCalledWith(1);
  });

  it("shows a colour bar with its range", () => {
    const parent = document.createElement("div");
    new Legend(parent, () => {}).showColorBar("loss", [0.00012, 250000]);
    expect(parent.textContent).toContain("1.20e-4");
    expect(parent.textContent).toContain("2.50e+5");
    expect(formatTick(3.14159)).toBe("3.142");
    expect(formatTick(0)).toBe("0");
  });
});

describe("projection state", () => {
  it("says which map is shown, its trustworthiness, and what computes", () => {
    const ready = { shown: "pca", state: "ready", trustworthiness: 0.91234 };
    expect(describeProjection(ready)).toBe("PCA · trustworthiness 0.912");
    const computing = {
      shown: "pca", state: "computing", trustworthiness: 0.9, started: 1000,
      message: "computing the UMAP map of 10 points…",
    };
    expect(describeProjection(computing, 4000)).toContain("UMAP map of 10 points… 3 s");
    const failed = { shown: "pca", state: "error", message: "UMAP failed: ValueError: x" };
    expect(describeProjection(failed)).toBe("PCA shown · UMAP failed: ValueError: x");
  });
});

describe("toolbar", () => {
  it("reports point size and opacity as numbers and shows the model's values", async () => {
    const { Toolbar } = await import("../src/explorer/toolbar.js");
    const parent = document.createElement("div");
    const seen = [];
    const toolbar = new Toolbar(parent, {
      onProjection: () => {}, onHover: () => {}, onStyle: (t) => seen.push(t),
    });
    toolbar.showStyle({ pointSize: 6, opacity: 0.5 });
    const [size, opacity] = parent.querySelectorAll("input[type=range]");
    expect(Number(size.value)).toBe(6);
    expect(Number(opacity.value)).toBe(0.5);
    size.value = "9";
    size.dispatchEvent(new Event("input"));
    expect(seen).toEqual([{ point_size: 9 }]);
    toolbar.destroy();
  });
});

describe("decoder panel", () => {
  it("says whether a frame is a data point itself or the map's inverse", async () => {
    const { describeDecoded } = await import("../src/explorer/panel.js");
    expect(describeDecoded({ x: 1, y: 2, index: 359 })).toBe("#359 itself");
    expect(describeDecoded({ x: 0.5, y: -1.25, index: -1 })).toBe(
      "the map's inverse at (0.500, -1.250)",
    );
    expect(describeDecoded({ x: 0, y: 0 })).toContain("inverse");
  });

  it("offers the way back to the decoder's layer and hides it when there", async () => {
    const { DecoderPanel } = await import("../src/explorer/panel.js");
    const parent = document.createElement("div");
    const panel = new DecoderPanel(parent);
    const back = vi.fn();
    panel.offerLayer("encoder.3", back);
    const button = parent.querySelector(".lw-layer-back");
    expect(button.hidden).toBe(false);
    expect(button.textContent).toContain("encoder.3");
    button.click();
    expect(back).toHaveBeenCalledTimes(1);
    panel.offerLayer(null, back);
    expect(button.hidden).toBe(true);
  });
});
