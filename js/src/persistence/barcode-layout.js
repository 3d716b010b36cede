// The barcode's rows: one bar per feature, grouped by dimension (H0 block, then H1, ...),
// longest first within a group. The rows shrink when there are many bars so the canvas keeps
// a bounded height (hundreds of H0 bars become hairlines), and every row is still hit-testable.

import { persistenceOf } from "./features.js";
import { linearScale } from "./diagram-scales.js";

export const BARCODE_MARGIN = { left: 34, right: 18, top: 6, bottom: 26 };
const GROUP_GAP = 12; // pixels between dimension blocks
const MAX_STEP = 9; // a row is at most this tall
const MAX_BODY = 300; // all rows together are at most this tall (plus the gaps)

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
 * Rows and scale of the barcode in a canvas `width` wide; the height follows from the rows.
 * @param {import("./features.js").Feature[]} features
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
    const step = steps[g];
    const block = { dim: group.dim, top, bottom: top + group.ids.length * step, ids: group.ids, step };
    group.ids.forEach((id, i) => rows.set(id, { y: top + (i + 0.5) * step, dim: group.dim, step }));
    blocks.push(block);
    top = block.bottom + GROUP_GAP;
  });
  const bodyBottom = blocks.length ? blocks[blocks.length - 1].bottom : margin.top + MAX_STEP;
  return {
    x,
    minStep: Math.min(MAX_STEP, ...steps),
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
