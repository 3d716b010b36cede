import { describe, expect, it } from "vitest";
import { tooltipPosition } from "../src/shared/tooltip-position.js";

const BOUNDS = { width: 400, height: 300 };
const SIZE = { width: 120, height: 30 };

describe("tooltip position", () => {
  it("goes below and right of the pointer when there is room", () => {
    expect(tooltipPosition({ x: 50, y: 40 }, SIZE, BOUNDS)).toEqual({ left: 62, top: 52 });
  });

  it("flips to the left of the pointer near the right edge", () => {
    const { left } = tooltipPosition({ x: 380, y: 40 }, SIZE, BOUNDS);
    expect(left).toBe(380 - 12 - 120);
    expect(left + SIZE.width).toBeLessThanOrEqual(BOUNDS.width);
  });

  it("flips above the pointer near the bottom edge", () => {
    expect(tooltipPosition({ x: 50, y: 290 }, SIZE, BOUNDS).top).toBe(290 - 12 - 30);
  });

  it("clamps inside when neither side has room", () => {
    const wide = { width: 390, height: 30 };
    const { left } = tooltipPosition({ x: 200, y: 40 }, wide, BOUNDS);
    expect(left).toBe(10);
    expect(left + wide.width).toBeLessThanOrEqual(BOUNDS.width);
    expect(tooltipPosition({ x: 200, y: 40 }, { width: 500, height: 30 }, BOUNDS).left).toBe(0);
  });
});
