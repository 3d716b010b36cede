import { describe, expect, it } from "vitest";
import { barcodeGroups, barcodeLayout, groupSteps } from "../src/persistence/barcode-layout.js";
import { barAt, nearestFeature } from "../src/persistence/hit-test.js";
import { diagramLayout } from "../src/persistence/diagram-scales.js";

const f = (id, dim, birth, death) => ({ id, dim, birth, death, hasCycle: false });
const FEATURES = [
  f(0, 0, 0, Infinity),
  f(1, 0, 0, 0.2),
  f(2, 0, 0, 0.6),
  f(3, 1, 0.5, 2),
  f(4, 1, 1, 1.1),
];

describe("barcode layout", () => {
  it("groups by dimension, longest first, infinite bars on top", () => {
    const groups = barcodeGroups([FEATURES[4], FEATURES[1], FEATURES[3], FEATURES[0], FEATURES[2]]);
    expect(groups).toEqual([
      { dim: 0, ids: [0, 2, 1] },
      { dim: 1, ids: [3, 4] },
    ]);
  });

  it("runs infinite bars to the right edge, finite ones short of it", () => {
    const layout = barcodeLayout(FEATURES, [0, 2.1], 400);
    expect(layout.extent(FEATURES[0])[1]).toBe(layout.right);
    expect(layout.extent(FEATURES[3])[1]).toBeLessThan(layout.right);
    expect(layout.rows.get(3).y).toBeGreaterThan(layout.rows.get(1).y); // H1 block below H0
  });

  it("keeps the height bounded with many bars", () => {
    const many = Array.from({ length: 2000 }, (_, id) => f(id, 0, 0, (id + 1) / 2000));
    const layout = barcodeLayout(many, [0, 1.05], 400);
    expect(layout.height).toBeLessThan(400);
    expect(layout.blocks[0].step).toBeLessThan(1);
    // Still hit-testable: the row under the pointer is the bar whose centre is there.
    const { y } = layout.rows.get(1234);
    const [x0, x1] = layout.extent(many[1234]);
    expect(barAt(layout, many, (x0 + x1) / 2, y)).toBe(1234);
  });

  it("does not let thousands of H0 bars crush the few H1 bars", () => {
    const many = Array.from({ length: 2000 }, (_, id) => f(id, 0, 0, (id + 1) / 2000));
    const loops = [f(2000, 1, 0.2, 0.9), f(2001, 1, 0.3, 0.5)];
    const layout = barcodeLayout([...many, ...loops], [0, 1.05], 400);
    expect(layout.blocks[1].step).toBe(9); // full rows for H1
    expect(layout.height).toBeLessThan(400);
    expect(groupSteps([2000, 2], 300, 9)).toEqual([(300 - 18) / 2000, 9]);
    expect(groupSteps([1000, 1000], 300, 9)).toEqual([0.15, 0.15]);
    const { y } = layout.rows.get(2001);
    expect(barAt(layout, [...many, ...loops], layout.x.toPixel(0.4), y)).toBe(2001);
  });
});

describe("hit testing", () => {
  it("finds the nearest feature within the radius in the diagram, else -1", () => {
    const layout = diagramLayout([0, 2.1], 300, 300);
    const toPixel = (feature) => layout.featureToPixel(feature);
    const [px, py] = toPixel(FEATURES[3]);
    expect(nearestFeature(FEATURES, toPixel, px + 2, py - 2)).toBe(3);
    const [ix, iy] = toPixel(FEATURES[0]);
    expect(nearestFeature(FEATURES, toPixel, ix, iy)).toBe(0);
    expect(nearestFeature(FEATURES, toPixel, 250, 250)).toBe(-1);
  });

  it("finds the bar under the pointer in the barcode, not beside it", () => {
    const layout = barcodeLayout(FEATURES, [0, 2.1], 400);
    const { y } = layout.rows.get(4);
    const [x0, x1] = layout.extent(FEATURES[4]);
    expect(barAt(layout, FEATURES, (x0 + x1) / 2, y)).toBe(4);
    expect(barAt(layout, FEATURES, x1 + 40, y)).toBe(-1); // right of a short bar
    expect(barAt(layout, FEATURES, 200, layout.height - 1)).toBe(-1); // on the axis
  });
});
