import { describe, expect, it } from "vitest";
import {
  fitHeight,
  flagJumps,
  formatChange,
  gapAt,
  frameAt,
  frameCenter,
  frameLeft,
  gapCenter,
  smoothnessGeometry,
  smoothnessTip,
  stripLayout,
  usableThreshold,
} from "../src/interpolation/layout.js";
import { MIN_THUMB, scrollForTrack, thumbGeometry } from "../src/interpolation/scrollbar.js";

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

describe("strip fitting", () => {
  it("shrinks frames to fit the width, down to the minimum, then leaves the strip to scroll", () => {
    expect(fitHeight(5, [8, 8], 1000)).toBe(56); // room to spare: the full height
    const h = fitHeight(19, [8, 8], 600);
    expect(h).toBe(28); // 19 * 28 + 18 * 4 = 604 > 600 ... at the floor
    expect(fitHeight(19, [8, 8], 800)).toBe(38); // 19 * 38 + 18 * 4 = 794 <= 800
    expect(stripLayout(19, [8, 8], { height: 38 }).width).toBeLessThanOrEqual(800);
    expect(stripLayout(19, [8, 8], { height: 39 }).width).toBeGreaterThan(800);
    expect(fitHeight(40, [8, 8], 600)).toBe(28); // too many: the floor, and the strip scrolls
    expect(fitHeight(19, [8, 8], 0)).toBe(56); // not laid out yet
    const wide = fitHeight(4, [10, 30], 400); // aspect 3: 4 * 3h + 12 <= 400
    expect(stripLayout(4, [10, 30], { height: wide }).width).toBeLessThanOrEqual(400);
    expect(stripLayout(4, [10, 30], { height: wide + 1 }).width).toBeGreaterThan(400);
  });

  it("finds the gap under a point of the trace, and words its tooltip", () => {
    const layout = stripLayout(4, [10, 10], { height: 20, gap: 4 }); // gaps at 22, 46, 70
    expect([gapAt(layout, 22), gapAt(layout, 33), gapAt(layout, 35), gapAt(layout, 70)]).toEqual([0, 0, 1, 2]);
    expect([gapAt(layout, -10), gapAt(layout, 900)]).toEqual([0, 2]);
    expect(gapAt(stripLayout(1, [10, 10]), 5)).toBe(-1);
    expect(smoothnessTip(4, 0.1234, 0.08)).toBe("step 4→5: pixel change 0.123, above the 0.08 threshold");
    expect(smoothnessTip(0, 0.08, 0.08)).toBe("step 0→1: pixel change 0.08, at or below the 0.08 threshold");
    expect(smoothnessTip(2, 0.5, 0)).toBe("step 2→3: pixel change 0.5");
    expect(smoothnessTip(1, NaN, 0.1)).toBe("step 1→2: pixel change not a number, above the 0.1 threshold");
    expect(formatChange(0.000123456)).toBe("0.000123");
  });
});

describe("strip scrollbar", () => {
  it("sizes the thumb to the part in view and puts it where the view is", () => {
    expect(thumbGeometry(0, 1000, 250, 200)).toEqual({ left: 0, width: 50 });
    expect(thumbGeometry(750, 1000, 250, 200)).toEqual({ left: 150, width: 50 });
    expect(thumbGeometry(375, 1000, 250, 200).left).toBeCloseTo(75);
    expect(thumbGeometry(0, 100000, 250, 200).width).toBe(MIN_THUMB); // still grabbable
    expect(thumbGeometry(0, 200, 250, 200)).toEqual({ left: 0, width: 200 }); // no overflow
  });

  it("scrolls so that the thumb's centre follows the pointer, clamped at both ends", () => {
    expect(scrollForTrack(25, 1000, 250, 200)).toBe(0);
    expect(scrollForTrack(100, 1000, 250, 200)).toBeCloseTo(375);
    expect(scrollForTrack(500, 1000, 250, 200)).toBe(750);
    expect(scrollForTrack(10, 200, 250, 200)).toBe(0);
  });
});
