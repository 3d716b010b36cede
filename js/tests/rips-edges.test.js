import { describe, expect, it } from "vitest";
import { ripsEdgeAlpha } from "../src/explorer/overlay.js";

describe("Rips edges on the map", () => {
  it("fade as more of them are drawn, within a visible range", () => {
    const counts = [1, 50, 200, 1194, 5000, 80000];
    const alphas = counts.map(ripsEdgeAlpha);
    for (let i = 1; i < alphas.length; i += 1) expect(alphas[i]).toBeLessThanOrEqual(alphas[i - 1]);
    expect(alphas[0]).toBe(0.35);
    expect(ripsEdgeAlpha(1194)).toBeLessThan(0.12); // a thousand edges: a light veil
    expect(alphas.at(-1)).toBe(0.04);
  });
});
