// The barcode's rows: one bar per feature, grouped by dimension (H0 block, then H1, ...),
// longest first within a group. The rows shrink when there are many bars so the canvas keeps
// a bounded height: H0 bars (all born at 0) become a staircase of hairlines, while a block of
// loops or voids keeps rows a pointer can hit (MIN_ROW) and folds its shortest bars into one
// labelled row.

import { formatScale, persistenceOf } from "./features.js";
import { linearScale } from "./diagram-scales.js";

export const BARCODE_MARGIN = { left: 34, right: 18, top: 6, bottom: 36 };
const GROUP_GAP = 12; // pixels between dimension blocks
const MAX_STEP = 9; // a row is at most this tall
const MAX_BODY = 300; // all rows together are at most this tall (plus the gaps)
/** The least height of a bar's row in a block of dimension ≥ 1 (a pointer can hit it). */
export const MIN_ROW = 4;
const FOLD_ROW = 14; // height of the row that stands for the folded bars (holds its label)

/**
 * Feature ids in barcode order, grouped by dimension.
 * @param {import("./features.js").Feature[]} features
 * @returns {{ dim: number, ids: number[] }[]}
 */
export function barcodeGroups(features) {
  const byDim = new Map();
  for (const feature of features) {
    if (!byDim.has(feature.dim)) byDim.set(feature.dim, []);
    byDim.get(feature.dim).push(feature);
  }
  return [...byDim.keys()]
    .sort((a, b) => a - b)
    .map((dim) => ({
      dim,
      // Longest first; ties keep the model's order (ids ascend), so the order is stable.
      ids: byDim
        .get(dim)
        .slice()
        .sort((a, b) => persistenceOf(b) - persistenceOf(a) || a.id - b.id)
        .map((f) => f.id),
    }));
}

/**
 * Row height of each group. Groups share the height budget so that thousands of H0 bars
 * cannot crush the few H1 bars into hairlines: the smallest groups take full rows first and
 * the rest of the budget is split evenly among the larger ones ("water filling").
 * @param {number[]} counts bars per group
 * @returns {number[]} row height per group, in the same order
 */
export function groupSteps(counts, maxBody = MAX_BODY, maxStep = MAX_STEP) {
  const steps = new Array(counts.length).fill(maxStep);
  const order = counts.map((count, i) => i).sort((a, b) => counts[a] - counts[b]);
  let remaining = maxBody;
  order.forEach((i, rank) => {
    const share = remaining / (order.length - rank);
    const height = Math.min(counts[i] * maxStep, share);
    steps[i] = counts[i] ? height / counts[i] : maxStep;
    remaining -= height;
  });
  return steps;
}

/**
 * How a block of dimension ≥ 1 with `count` bars fits `height` pixels: every bar on a row of
 * at least MIN_ROW pixels, else the longest `shown` bars on such rows and the rest folded into
 * one FOLD_ROW-high row. H0 blocks never fold (their hairlines read as a staircase).
 * @returns {{ shown: number, step: number, height: number }}
 */
export function foldBlock(dim, count, height) {
  if (dim === 0 || count === 0 || height / count >= MIN_ROW) {
    return { shown: count, step: count ? height / count : MAX_STEP, height };
  }
  const shown = Math.max(1, Math.floor((height - FOLD_ROW) / MIN_ROW));
  const step = Math.max(MIN_ROW, Math.min(MAX_STEP, (height - FOLD_ROW) / shown));
  return { shown, step, height: shown * step + FOLD_ROW };
}

/** One dimension's block from `top` down: its shown rows (into `rows`) and its folded bars. */
function layBlock(group, height, top, features, rows) {
  const { shown, step, height: used } = foldBlock(group.dim, group.ids.length, height);
  const ids = group.ids.slice(0, shown);
  ids.forEach((id, i) => rows.set(id, { y: top + (i + 0.5) * step, dim: group.dim, step }));
  const rest = group.ids.slice(shown);
  const fold = rest.length
    ? {
        ids: rest, top: top + shown * step, bottom: top + used, y: top + shown * step + FOLD_ROW / 2,
        longest: Math.max(...rest.map((id) => persistenceOf(features[id]))),
      }
    : null;
  return { dim: group.dim, top, bottom: top + used, ids, step, fold };
}

/**
 * Rows and scale of the barcode in a canvas `width` wide; the height follows from the rows.
 * @param {import("./features.js").Feature[]} features indexed by id
 * @param {[number, number]} domain scale values across the width (shared with the diagram)
 * @param {number} width CSS pixels
 */
export function barcodeLayout(features, domain, width, options = {}) {
  const margin = options.margin ?? BARCODE_MARGIN;
  const groups = barcodeGroups(features);
  const steps = groupSteps(groups.map((g) => g.ids.length), options.maxBody ?? MAX_BODY);
  const right = Math.max(margin.left + 20, width - margin.right);
  // Finite bars end before the arrow room, so an infinite bar visibly runs past them all.
  const x = linearScale(domain, [margin.left, right - 10]);
  /** @type {Map<number, {y: number, dim: number, step: number}>} */
  const rows = new Map();
  const blocks = [];
  let top = margin.top;
  groups.forEach((group, g) => {
    const block = layBlock(group, group.ids.length * steps[g], top, features, rows);
    blocks.push(block);
    top = block.bottom + GROUP_GAP;
  });
  const bodyBottom = blocks.length ? blocks[blocks.length - 1].bottom : margin.top + MAX_STEP;
  return {
    x,
    minStep: Math.min(MAX_STEP, ...blocks.map((b) => b.step)),
    rows,
    blocks,
    left: margin.left,
    right,
    axisY: bodyBottom + 4,
    height: bodyBottom + margin.bottom,
    width,
    /** [x0, x1] of a feature's bar; a bar that never dies runs to the right edge. */
    extent(feature) {
      const x1 = Number.isFinite(feature.death) ? x.toPixel(feature.death) : right;
      return [x.toPixel(feature.birth), x1];
    },
  };
}

/**
 * The words of a folded row, longest first that fits `chars` characters: how many bars, the
 * longest of them, and how many lie inside the noise band (persistence < 2·bound).
 * @param {{ ids: number[], longest: number }} fold
 * @param {import("./features.js").Feature[]} features
 * @param {number} errorBound
 * @param {number} chars characters that fit
 */
export function foldText(fold, features, errorBound, chars = Infinity) {
  const count = fold.ids.length;
  const inBand = fold.ids.filter((id) => persistenceOf(features[id]) < 2 * errorBound).length;
  const band =
    errorBound > 0
      ? inBand === count ? "all inside the noise band" : `${inBand} inside the noise band`
      : "";
  const longest = `each at most ${formatScale(fold.longest)} long`;
  const head = `+ ${count} shorter bar${count === 1 ? "" : "s"}`;
  const texts = [[head, longest, band], [head, band || longest], [head]].map((parts) =>
    parts.filter(Boolean).join(", "),
  );
  return texts.find((text) => text.length <= chars) ?? texts[texts.length - 1];
}
