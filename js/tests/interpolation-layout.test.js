import { describe, expect, it } from "vitest";
import {
  flagJumps,
  frameAt,
  frameCenter,
  frameLeft,
  gapCenter,
  smoothnessGeometry,
  stripLayout,
  usableThreshold,
} from "../src/interpolation/layout.js";

describe("strip layout", () => {
  it("scales frames to the strip height, keeping their aspect", () => {
    const square = stripLayout(5, [28, 28], { height: 56, gap: 4 });
    expect(square).toEqual({ count: 5, frameWidth: 56, frameHeight: 56, gap: 4, width: 5 * 56 + 4 * 4 });
    const wide = stripLayout(3, [32, 64], { height: 56, gap: 4 });
    expect(wide.frameWidth).toBe(112);
    expect(stripLayout(0, [28, 28]).width).toBe(0);
  });

  it("maps frame index to x and back, gaps going to the nearer frame", () => {
    const layout = stripLayout(4, [10, 10], { height: 20, gap: 4 }); // pitch 24
    expect(frameLeft(layout, 2)).toBe(48);
    expect(frameCenter(layout, 2)).toBe(58);
    for (let i = 0; i < 4; i++) expect(frameAt(layout, frameCenter(layout, i))).toBe(i);
    expect(frameAt(layout, 19)).toBe(0); // inside frame 0 (0..20)
    expect(frameAt(layout, 21)).toBe(0); // gap 20..24, nearer frame 0's centre (10) than 1's (34)
    expect(frameAt(layout, 23)).toBe(1);
    expect(frameAt(layout, -50)).toBe(0);
    expect(frameAt(layout, 5000)).toBe(3);
    expect(frameAt(stripLayout(0, [1, 1]), 3)).toBe(-1);
  });

  it("puts gap i halfway between frames i and i + 1", () => {
    const layout = stripLayout(4, [10, 10], { height: 20, gap: 4 });
    expect(gapCenter(layout, 0)).toBe(22);
    expect(gapCenter(layout, 2)).toBe(70);
    const right = frameLeft(layout, 1) + 0; // frame 1 starts after the gap
    expect(gapCenter(layout, 0)).toBeLessThan(right);
    expect(gapCenter(layout, 0)).toBeGreaterThan(frameLeft(layout, 0) + layout.frameWidth);
  });
});

describe("smoothness trace", () => {
  it("flags gaps above the threshold, and nothing without a usable threshold", () => {
    expect(flagJumps([0.1, 0.5, 0.3, 0.31], 0.3)).toEqual([false, true, false, true]);
    expect(flagJumps([0.1, NaN], 0.3)).toEqual([false, true]);
    expect(flagJumps([5, 6], 0)).toEqual([false, false]);
    expect(flagJumps([5, 6], NaN)).toEqual([false, false]);
    expect(usableThreshold("0.2")).toBe(0.2);
    expect(usableThreshold(-1)).toBeNull();
  });

  it("scales bars from 0 to the largest value, aligned with the gaps", () => {
    const layout = stripLayout(4, [10, 10], { height: 20, gap: 4 });
    const g = smoothnessGeometry([1, 4, 2], 2, layout, { height: 40, pad: 0 });
    expect(g.top).toBe(4);
    expect(g.jumps).toBe(1);
    expect(g.bars.map((b) => b.flagged)).toEqual([false, true, false]);
    expect(g.bars[1].y).toBe(0); // the largest value reaches the top
    expect(g.bars[1].height).toBe(40);
    expect(g.bars[0].height).toBe(10);
    expect(g.thresholdY).toBe(20); // threshold 2 of 4
    for (const bar of g.bars) expect(bar.x + bar.width / 2).toBeCloseTo(gapCenter(layout, bar.index));
  });

  it("keeps the threshold line in view when every value is small", () => {
    const layout = stripLayout(3, [10, 10]);
    const g = smoothnessGeometry([0.01, 0.02], 1, layout, { height: 40, pad: 0 });
    expect(g.top).toBeCloseTo(1.25);
    expect(g.thresholdY).toBeCloseTo(8);
    expect(g.jumps).toBe(0);
    expect(smoothnessGeometry([1, 2], 0, layout).thresholdY).toBeNull();
  });
});
