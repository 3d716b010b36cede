import { describe, expect, it } from "vitest";
import { rint, unitScale, rgbaFrames, largestDifference } from "../src/shared/frame-recipe.js";

describe("frame recipe: outputs become frames as Python draws them", () => {
  it("rounds halves to even, as numpy's rint", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001, 254.5].map((x) => rint(x) + 0))
      .toEqual([0, 2, 2, 0, -2, 2, 3, 254]);
  });

  it("picks the value range from the finite values, as scale_to_uint8", () => {
    expect(unitScale([0, 0.5, 1])(0.5)).toBe(0.5); // [0, 1] as it is
    expect(unitScale([-1, 0, 1])(0)).toBe(0.5); // [-1, 1]
    expect(unitScale([0, 51, 255])(51)).toBeCloseTo(0.2, 6); // 0-255
    const stretch = unitScale([-3, 7, NaN, Infinity]); // anything else: min-max of finite ones
    expect(stretch(-3)).toBe(0);
    expect(stretch(7)).toBe(1);
    expect(() => unitScale([NaN, Infinity])).toThrow(/no finite value/);
  });

  it("draws grey, channels-first and channels-last images with alpha", () => {
    const grey = rgbaFrames(Float32Array.from([0, 1, 0.5, 0.25]), 1, { height: 2, width: 2, channels: 1, channels_first: true });
    expect(grey.shape).toEqual([1, 2, 2, 4]);
    expect(Array.from(grey.data)).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 64, 64, 64, 255]);
    // one pixel, RGB channels first: (3, 1, 2) = r r g g b b
    const chw = rgbaFrames(Float32Array.from([1, 0, 0, 1, 0.5, 0.5]), 1, { height: 1, width: 2, channels: 3, channels_first: true });
    expect(Array.from(chw.data)).toEqual([255, 0, 128, 255, 0, 255, 128, 255]);
    const hwc = rgbaFrames(Float32Array.from([1, 0, 0.5, 0, 1, 0.5]), 1, { height: 1, width: 2, channels: 3, channels_first: false });
    expect(Array.from(hwc.data)).toEqual([255, 0, 128, 255, 0, 255, 128, 255]);
    const rgba = rgbaFrames(Float32Array.from([1, 0, 0, 0.5]), 1, { height: 1, width: 1, channels: 4, channels_first: false });
    expect(Array.from(rgba.data)).toEqual([255, 0, 0, 128]);
  });

  it("shares one range over a batch, and maps NaN and infinities as nan_to_num", () => {
    // -1 to 15 fits no known range: min-max over both frames together
    const two = rgbaFrames(Float32Array.from([-1, 3, 7, 15]), 2, { height: 1, width: 2, channels: 1, channels_first: false });
    expect(Array.from(two.data).filter((_, i) => i % 4 === 0)).toEqual([0, 64, 128, 255]);
    // 0 to 8 is read as 0-255, as Python reads it
    const bytes = rgbaFrames(Float32Array.from([0, 8]), 1, { height: 1, width: 2, channels: 1, channels_first: false });
    expect(Array.from(bytes.data).filter((_, i) => i % 4 === 0)).toEqual([0, 8]);
    const odd = rgbaFrames(Float32Array.from([NaN, Infinity, -Infinity, 0.5]), 1, { height: 2, width: 2, channels: 1, channels_first: false });
    expect(Array.from(odd.data).filter((_, i) => i % 4 === 0)).toEqual([0, 255, 0, 128]);
  });

  it("refuses outputs of another size, in words", () => {
    expect(() => rgbaFrames(new Float32Array(5), 1, { height: 2, width: 2, channels: 1, channels_first: false }))
      .toThrow(/expected 1 output\(s\) of 4 values, got 5/);
  });

  it("tells how far two frames are apart", () => {
    expect(largestDifference(Uint8Array.from([1, 2, 3]), Uint8Array.from([1, 5, 2]))).toBe(3);
    expect(largestDifference(Uint8Array.from([1]), Uint8Array.from([1, 2]))).toBe(Infinity);
  });
});
