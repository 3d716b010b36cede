// @vitest-environment jsdom
// The legend: one entry per class in its palette colour, and a note once classes outnumber
// the palette (two classes then share a colour).
import { describe, expect, it } from "vitest";
import { Legend } from "../src/explorer/legend.js";
import { CATEGORY_PALETTE, categoryColor, parseColor } from "../src/shared/colors.js";

function legendOf(count) {
  const parent = document.createElement("div");
  const legend = new Legend(parent, () => {});
  legend.showClasses(Array.from({ length: count }, (_, k) => `class ${k}`), []);
  return parent;
}

const rgb = (css) => parseColor(css).slice(0, 3).map((v) => Math.round(v * 255));

describe("Legend", () => {
  it("gives twenty classes twenty colours and no note", () => {
    const parent = legendOf(CATEGORY_PALETTE.length);
    const swatches = [...parent.querySelectorAll(".lw-swatch")].map((s) => s.style.background);
    expect(new Set(swatches).size).toBe(CATEGORY_PALETTE.length);
    expect(rgb(swatches[10])).toEqual(rgb(categoryColor(10)));
    expect(parent.querySelector(".lw-legend-note")).toBeNull();
  });

  it("says so when classes outnumber the palette", () => {
    const parent = legendOf(CATEGORY_PALETTE.length + 3);
    const note = parent.querySelector(".lw-legend-note");
    expect(note.textContent).toContain(`${CATEGORY_PALETTE.length + 3} classes share ${CATEGORY_PALETTE.length} colours`);
    expect(note.textContent).toContain("hover a point");
  });
});
