import { describe, expect, it } from "vitest";
import {
  CATEGORY_PALETTE,
  categoryColor,
  categoryColors,
  lightness,
  numericColor,
  paletteNote,
  parseColor,
  VIRIDIS,
} from "../src/shared/colors.js";

describe("colours", () => {
  it("repeats the category palette past its end, also for negative codes", () => {
    expect(categoryColor(0)).toBe(CATEGORY_PALETTE[0]);
    expect(categoryColor(CATEGORY_PALETTE.length + 2)).toBe(CATEGORY_PALETTE[2]);
    expect(categoryColor(-1)).toBe(CATEGORY_PALETTE[CATEGORY_PALETTE.length - 1]);
    expect(categoryColors(3)).toHaveLength(3);
    expect(categoryColors(0)).toHaveLength(1);
  });

  it("has twenty colours, and a note once classes outnumber them", () => {
    expect(CATEGORY_PALETTE.length).toBeGreaterThanOrEqual(20);
    expect(new Set(CATEGORY_PALETTE).size).toBe(CATEGORY_PALETTE.length);
    expect(categoryColor(10)).not.toBe(categoryColor(0));
    expect(paletteNote(CATEGORY_PALETTE.length)).toBe("");
    expect(paletteNote(23)).toContain("23 classes share 20 colours");
  });

  it("maps numbers in [0, 1] onto viridis, clamping the rest", () => {
    expect(numericColor(0)).toBe(VIRIDIS[0]);
    expect(numericColor(1)).toBe(VIRIDIS[VIRIDIS.length - 1]);
    expect(numericColor(7)).toBe(VIRIDIS[VIRIDIS.length - 1]);
    expect(numericColor(Number.NaN)).toBe(VIRIDIS[0]);
  });

  it("parses CSS colours of the theme", () => {
    expect(parseColor("#fff")).toEqual([1, 1, 1, 1]);
    expect(parseColor("#000000")).toEqual([0, 0, 0, 1]);
    expect(parseColor("rgb(255, 0, 0)")).toEqual([1, 0, 0, 1]);
    expect(parseColor("rgba(0, 0, 255, 0.5)")).toEqual([0, 0, 1, 0.5]);
    expect(parseColor("var(--nope)", [0.5, 0.5, 0.5, 1])).toEqual([0.5, 0.5, 0.5, 1]);
    expect(lightness(parseColor("#111111"))).toBeLessThan(0.5);
    expect(lightness(parseColor("#fafafa"))).toBeGreaterThan(0.5);
  });
});
