import { describe, expect, it } from "vitest";
import { bounds, fitTransform, nearestPoint } from "../src/explorer/scales.js";

describe("map geometry", () => {
  const xy = new Float32Array([0, 0, 10, 0, 10, 5, 0, 5]);

  it("finds the bounds of interleaved points", () => {
    expect(bounds(xy)).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 5 });
  });

  it("falls back to a unit box when there are no points", () => {
    expect(bounds(new Float32Array(0))).toEqual({ minX: -1, minY: -1, maxX: 1, maxY: 1 });
  });

  it("fits with one scale on both axes, y up, centred", () => {
    const t = fitTransform(bounds(xy), 220, 220, 10);
    expect(t.scale).toBeCloseTo(20); // 200 px for 10 units wide
    expect(t.toPixel(5, 2.5)).toEqual([110, 110]); // the centre of the data at the centre
    const [, top] = t.toPixel(0, 5);
    const [, bottom] = t.toPixel(0, 0);
    expect(top).toBeLessThan(bottom); // larger y is higher on screen
  });

  it("toData inverts toPixel", () => {
    const t = fitTransform(bounds(xy), 300, 170, 12);
    for (const [x, y] of [[0, 0], [3.3, 4.1], [-2, 7]]) {
      const [px, py] = t.toPixel(x, y);
      const [bx, by] = t.toData(px, py);
      expect(bx).toBeCloseTo(x, 9);
      expect(by).toBeCloseTo(y, 9);
    }
  });

  it("hit-tests the nearest point within a distance", () => {
    expect(nearestPoint(xy, 9.5, 4.6, 1)).toBe(2);
    expect(nearestPoint(xy, 5, 2.5, 1)).toBe(-1);
    expect(nearestPoint(xy, 5, 2.5)).toBeGreaterThanOrEqual(0);
  });
});
