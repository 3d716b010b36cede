import { describe, expect, it } from "vitest";
import {
  diagramDomain, diagramLayout, INFINITY_GAP, linearScale, niceTicks,
} from "../src/persistence/diagram-scales.js";

describe("diagramDomain", () => {
  it("spans 0 to the largest finite value plus 5%, ignoring infinite deaths", () => {
    const [lo, hi] = diagramDomain([
      { birth: 0, death: Infinity },
      { birth: 0.5, death: 2 },
      { birth: 1, death: 1.5 },
    ]);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(2.1);
  });

  it("falls back to [0, 1] with no features or only an infinite bar born at 0", () => {
    expect(diagramDomain([])).toEqual([0, 1]);
    expect(diagramDomain([{ birth: 0, death: Infinity }])).toEqual([0, 1]);
  });

  it("keeps finite births of infinite features in view", () => {
    expect(diagramDomain([{ birth: 3, death: Infinity }])[1]).toBeCloseTo(3.15);
  });
});

describe("diagramLayout", () => {
  const layout = diagramLayout([0, 2], 300, 300, { left: 40, right: 10, top: 30, bottom: 30 });

  it("maps birth to x and death to y (up), and back", () => {
    expect(layout.x.toPixel(0)).toBe(40);
    expect(layout.x.toPixel(2)).toBe(290);
    expect(layout.y.toPixel(0)).toBe(270);
    expect(layout.y.toPixel(2)).toBe(30);
    expect(layout.x.toData(layout.x.toPixel(1.3))).toBeCloseTo(1.3);
    expect(layout.y.toData(layout.y.toPixel(0.7))).toBeCloseTo(0.7);
  });

  it("puts never-dying features on a line above the plot", () => {
    expect(layout.infinityY).toBe(30 - INFINITY_GAP);
    expect(layout.featureToPixel({ birth: 1, death: Infinity })).toEqual([165, 30 - INFINITY_GAP]);
    expect(layout.featureToPixel({ birth: 1, death: 2 })).toEqual([165, 30]);
  });
});

describe("ticks and scales", () => {
  it("gives round ticks inside the range", () => {
    expect(niceTicks(0, 2.1, 5)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 0, 5)).toEqual([0]);
  });

  it("survives an empty domain", () => {
    const scale = linearScale([1, 1], [0, 100]);
    expect(Number.isFinite(scale.toPixel(1))).toBe(true);
  });
});
