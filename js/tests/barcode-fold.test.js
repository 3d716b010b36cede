import { describe, expect, it } from "vitest";
import { MIN_ROW, barcodeLayout, foldBlock, foldText } from "../src/persistence/barcode-layout.js";
import { barAt, foldAt } from "../src/persistence/hit-test.js";

const f = (id, dim, birth, death) => ({ id, dim, birth, death, hasCycle: false });

/** 150 H0 bars and 295 H1 bars: one long loop and 294 short ones of noise. */
function crowded() {
  const h0 = Array.from({ length: 150 }, (_, id) => f(id, 0, 0, id === 0 ? Infinity : 0.3 * (1 - id / 150)));
  const h1 = Array.from({ length: 295 }, (_, k) => f(150 + k, 1, 0.2 + (k % 7) * 0.01, 0.25 + (k % 5) * 0.01));
  h1[37] = f(187, 1, 0.3, 1.4); // the loop, somewhere in the model's order
  return [...h0, ...h1];
}

describe("a crowded barcode", () => {
  const features = crowded();
  const layout = barcodeLayout(features, [0, 1.5], 500);
  const loops = layout.blocks[1];

  it("shows the longest loops on rows a pointer can hit and folds the rest", () => {
    expect(loops.step).toBeGreaterThanOrEqual(MIN_ROW);
    expect(loops.ids[0]).toBe(187); // longest first
    expect(loops.fold.ids.length + loops.ids.length).toBe(295);
    expect(loops.fold.ids).not.toContain(187);
    expect(layout.rows.has(loops.fold.ids[0])).toBe(false);
    expect(layout.blocks[0].fold).toBeNull(); // H0 bars stay, as a staircase of hairlines
    expect(layout.rows.has(0)).toBe(true); // the infinite H0 bar among them, on top
    expect(layout.extent(features[0])[1]).toBe(layout.right);
    expect(barAt(layout, features, layout.right + 10, layout.rows.get(0).y)).toBe(0); // its arrow
  });

  it("finds the longest bar anywhere near its row, and nothing on the folded row", () => {
    const { y } = layout.rows.get(187);
    const [x0, x1] = layout.extent(features[187]);
    for (const dy of [-1.9, -0.6, 0, 0.6, 1.9]) expect(barAt(layout, features, (x0 + x1) / 2, y + dy)).toBe(187);
    expect(barAt(layout, features, x1 - 1, y + 1)).toBe(187);
    // Anywhere over a shown bar's row, that bar is found.
    for (const id of loops.ids) {
      const row = layout.rows.get(id);
      const [a, b] = layout.extent(features[id]);
      for (const dy of [-0.49, -0.25, 0, 0.25, 0.49]) {
        expect(barAt(layout, features, (a + b) / 2, row.y + dy * row.step)).toBe(id);
      }
    }
    expect(barAt(layout, features, layout.left + 5, loops.fold.y)).toBe(-1);
    expect(foldAt(layout, layout.left + 5, loops.fold.y)).toBe(loops.fold);
    expect(foldAt(layout, layout.left + 5, y)).toBeNull();
  });

  it("counts the folded bars and says how many are inside the noise band", () => {
    const n = loops.fold.ids.length;
    expect(foldText(loops.fold, features, 0.05)).toBe(
      `+ ${n} shorter bars, each at most ${loops.fold.longest.toFixed(2)} long, all inside the noise band`,
    );
    const some = loops.fold.ids.filter((id) => features[id].death - features[id].birth < 2 * 0.02).length;
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(n);
    expect(foldText(loops.fold, features, 0.02, 48)).toBe(`+ ${n} shorter bars, ${some} inside the noise band`);
    expect(foldText(loops.fold, features, 0)).toBe(`+ ${n} shorter bars, each at most ${loops.fold.longest.toFixed(2)} long`);
    expect(foldText(loops.fold, features, 0, 10)).toBe(`+ ${n} shorter bars`);
  });

  it("folds only when the rows would be shorter than the minimum", () => {
    expect(foldBlock(1, 20, 180)).toEqual({ shown: 20, step: 9, height: 180 });
    expect(foldBlock(0, 2000, 150).shown).toBe(2000);
    const { shown, step, height } = foldBlock(1, 295, 150);
    expect(shown).toBe(34);
    expect(step).toBeGreaterThanOrEqual(MIN_ROW);
    expect(height).toBeLessThanOrEqual(150);
  });
});
