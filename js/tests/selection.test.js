import { describe, expect, it } from "vitest";
import { sameIndices, toggled, visibleIndices } from "../src/explorer/selection.js";

describe("index sets of the map", () => {
  it("keeps the points of classes that are not hidden", () => {
    const labels = new Int32Array([0, 1, 2, 1, 0]);
    expect(visibleIndices(labels, [1])).toEqual([0, 2, 4]);
    expect(visibleIndices(labels, [0, 2])).toEqual([1, 3]);
    expect(visibleIndices(labels, [])).toBeNull();
    expect(visibleIndices(null, [1])).toBeNull();
  });

  it("toggles a value in a sorted list", () => {
    expect(toggled([1, 5], 3)).toEqual([1, 3, 5]);
    expect(toggled([1, 3, 5], 3)).toEqual([1, 5]);
    expect(toggled([], 0)).toEqual([0]);
  });

  it("compares index lists", () => {
    expect(sameIndices(new Int32Array([1, 2]), [1, 2])).toBe(true);
    expect(sameIndices([1, 2], [1, 3])).toBe(false);
    expect(sameIndices([1], [1, 2])).toBe(false);
  });
});
