// The constants both sides share come from latent_widgets/constants.json: the JS modules
// that used to write them out export the JSON's values, and Python's figures use them too.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as constants from "../src/shared/constants.js";
import { CATEGORY_PALETTE, categoryColor } from "../src/shared/colors.js";
import { DIM_COLORS, dimColor } from "../src/persistence/theme.js";
import { PROJECTIONS } from "../src/explorer/toolbar.js";
import { VIEWS } from "../src/persistence/toolbar.js";
import { clampSteps, MAX_STEPS, METHODS, MIN_STEPS } from "../src/interpolation/toolbar.js";

const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const JSON_CONSTANTS = JSON.parse(readFileSync(repo("latent_widgets/constants.json"), "utf8"));

describe("shared constants", () => {
  it("are the JSON's values", () => {
    expect(constants.CATEGORY_PALETTE).toEqual(JSON_CONSTANTS.category_palette);
    expect(constants.DIMENSION_PALETTE_CODES).toEqual(JSON_CONSTANTS.dimension_palette_codes);
    expect(constants.PROJECTIONS).toEqual(JSON_CONSTANTS.projections);
    expect(constants.VIEWS).toEqual(JSON_CONSTANTS.persistence_views);
    expect(constants.METHODS).toEqual(JSON_CONSTANTS.interpolation_methods);
    expect(constants.MIN_STEPS).toBe(JSON_CONSTANTS.min_steps);
    expect(constants.MAX_STEPS).toBe(JSON_CONSTANTS.max_steps);
    expect(constants.SELECTION_PART_BYTES).toBe(JSON_CONSTANTS.selection_part_bytes);
  });

  it("are what the modules that wrote them out still export", () => {
    expect(CATEGORY_PALETTE).toEqual(JSON_CONSTANTS.category_palette);
    expect(PROJECTIONS).toEqual(JSON_CONSTANTS.projections);
    expect(VIEWS).toEqual(JSON_CONSTANTS.persistence_views);
    expect(METHODS).toEqual(JSON_CONSTANTS.interpolation_methods);
    expect([MIN_STEPS, MAX_STEPS]).toEqual([JSON_CONSTANTS.min_steps, JSON_CONSTANTS.max_steps]);
    expect([clampSteps(0), clampSteps(1e9)]).toEqual([JSON_CONSTANTS.min_steps, JSON_CONSTANTS.max_steps]);
    // the values they had when written out, so a change of the JSON is a change on purpose
    expect(CATEGORY_PALETTE).toEqual([
      "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
      "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
      "#63429c", "#736b00", "#9c195a", "#00634a", "#8c4200",
      "#bd9cff", "#219cff", "#ff84ce", "#00c59c", "#00bdef",
    ]);
    expect(PROJECTIONS.map(([key]) => key)).toEqual(["pca", "umap"]);
    expect(VIEWS.map(([key]) => key)).toEqual(["diagram", "barcode", "both"]);
    expect(METHODS.map(([key]) => key)).toEqual(["linear", "slerp", "data"]);
    expect(constants.SELECTION_PART_BYTES).toBe(64 * 1024);
  });

  it("give the dimension colours from their palette codes", () => {
    const codes = JSON_CONSTANTS.dimension_palette_codes;
    expect(DIM_COLORS).toEqual(codes.map((code) => JSON_CONSTANTS.category_palette[code]));
    expect(DIM_COLORS).toEqual([categoryColor(0), categoryColor(2), categoryColor(4)]);
    expect(dimColor(1)).toBe("#e15759"); // H1, as the figures draw it
  });

  it("are the palette the Python figures use", () => {
    // The figures' colours module, wherever the package keeps it: a literal palette equals
    // ours; otherwise it takes the palette from the shared constants.
    const path = ["latent_widgets/figures/colors.py", "latent_widgets/colors.py"].map(repo).find(existsSync);
    expect(path).toBeTruthy();
    const python = readFileSync(path, "utf8");
    const literal = python.match(/CATEGORY_PALETTE(?:: [^=]+)? = \[([^\]]+)\]/);
    if (literal) expect(literal[1].match(/#[0-9a-f]{6}/g)).toEqual(CATEGORY_PALETTE);
    else expect(python).toMatch(/_constants/);
  });
});
