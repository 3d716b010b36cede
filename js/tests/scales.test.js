import { describe, expect, it } from "vitest";
import { bounds, normalisation, toColumns } from "../src/explorer/scales.js";

describe("map geometry", () => {
  const xy = new Float32Array([0, 0, 10, 0, 10, 5, 0, 5]);

  it("finds the bounds of interleaved points", () => {
    expect(bounds(xy)).toEqual({ minX: 0, minY: 0, maxX: 10, maxY: 5 });
  });

  it("falls back to a unit box when there are no points", () => {
    expect(bounds(new Float32Array(0))).toEqual({ minX: -1, minY: -1, maxX: 1, maxY: 1 });
  });

  it("normalises into [-1, 1] with one scale for both axes", () => {
    const frame = normalisation(xy);
    expect(frame.cx).toBe(5);
    expect(frame.cy).toBe(2.5);
    const { x, y } = toColumns(xy, frame, null, null);
    for (const v of [...x, ...y]) expect(Math.abs(v)).toBeLessThan(1);
    // same scale on both axes: the 10-wide x span and 5-high y span keep their 2:1 ratio
    expect((x[1] - x[0]) / (y[2] - y[1])).toBeCloseTo(2, 6);
  });

  it("carries categories and values as the z and w columns", () => {
    const cols = toColumns(xy, normalisation(xy), [0, 1, 2, 1], [0.1, 0.2, 0.3, 0.4]);
    expect(Array.from(cols.z)).toEqual([0, 1, 2, 1]);
    expect(cols.z).toBeInstanceOf(Int32Array);
    expect(cols.w[3]).toBeCloseTo(0.4);
    const bare = toColumns(xy, normalisation(xy), null, null);
    expect(Array.from(bare.z)).toEqual([0, 0, 0, 0]);
  });

  it("does not divide by zero for a single point", () => {
    const frame = normalisation(new Float32Array([3, 3]));
    const { x, y } = toColumns(new Float32Array([3, 3]), frame, null, null);
    expect(x[0]).toBe(0);
    expect(y[0]).toBe(0);
  });
});
