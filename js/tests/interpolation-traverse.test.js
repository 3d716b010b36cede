// @vitest-environment jsdom
import { describe, expect, it, vi } from "vitest";
import {
  axisRange,
  clampValue,
  formatShare,
  formatValue,
  initialValues,
  TraverseSection,
  varianceText,
} from "../src/interpolation/traverse.js";

describe("traversal values", () => {
  it("clamps into the axis range, and starts at 0 clamped", () => {
    expect(clampValue(5, [-2, 2])).toBe(2);
    expect(clampValue(-5, [-2, 2])).toBe(-2);
    expect(clampValue(1.5, [-2, 2])).toBe(1.5);
    expect(clampValue("nope", [1, 3])).toBe(1);
    expect(initialValues([[-2, 2], [0.5, 3], [-4, -1]], 3)).toEqual([0, 0.5, -1]);
  });

  it("repairs ranges that cannot be used", () => {
    expect(axisRange([3, -1])).toEqual([-1, 3]);
    expect(axisRange([1, 1])).toEqual([-3, 3]);
    expect(axisRange(null)).toEqual([-3, 3]);
    expect(axisRange([0, Infinity])).toEqual([-3, 3]);
  });

  it("formats values briefly", () => {
    expect(formatValue(0)).toBe("0");
    expect(formatValue(1.234)).toBe("1.23");
    expect(formatValue(-0.5)).toBe("-0.50");
    expect(formatValue(1234)).toBe("1.2e+3");
  });
});

describe("traversal variance in words", () => {
  it("writes shares as percent, never a rounded 0 % for a share that is not zero", () => {
    expect(formatShare(0.283)).toBe("28 %");
    expect(formatShare(0.0456)).toBe("4.6 %");
    expect(formatShare(0.0004)).toBe("< 0.1 %");
    expect(formatShare(0)).toBe("0 %");
    expect(formatShare(undefined)).toBe("");
    expect(varianceText(2.3456, 0.5)).toBe("var 2.35 · 50 %");
    expect(varianceText(0.00001234, undefined)).toBe("var 1.23e-5");
    expect(varianceText(undefined, 0.5)).toBe("");
  });
});

describe("traversal section", () => {
  it("builds one labelled slider per axis and reports all values on each move", () => {
    const parent = document.createElement("div");
    const onChange = vi.fn();
    const section = new TraverseSection(parent, onChange);
    section.setAxes(["<b>z0</b>", "z1"], [[-2, 2], [0.5, 3]]);
    const sliders = parent.querySelectorAll("input.lw-axis-slider");
    expect(sliders).toHaveLength(2);
    expect(sliders[1].dataset.axis).toBe("1");
    expect(sliders[1].min).toBe("0.5");
    expect(sliders[1].max).toBe("3");
    expect(Number(sliders[1].value)).toBe(0.5);
    expect(parent.querySelector(".lw-axis-name").textContent).toBe("<b>z0</b>");
    expect(parent.querySelector("b")).toBeNull();
    sliders[0].value = "1.2";
    sliders[0].dispatchEvent(new Event("input", { bubbles: true }));
    expect(onChange).toHaveBeenLastCalledWith([1.2, 0.5], expect.any(Number));
    expect(parent.querySelectorAll(".lw-axis-value")[0].textContent).toBe("1.20");
    parent.querySelector(".lw-traverse-reset").click();
    expect(onChange).toHaveBeenLastCalledWith([0, 0.5], expect.any(Number));
    expect(Number(sliders[0].value)).toBe(0);
    section.showOrigin("anchor 2 (cat)");
    expect(parent.querySelector(".lw-traverse-origin").textContent).toBe("from: anchor 2 (cat)");
    section.setAxes([], []);
    expect(section.element.hidden).toBe(true);
    section.destroy();
  });
});
