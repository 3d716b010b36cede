// What is under the pointer: the nearest feature in the diagram, or the nearest bar of the
// barcode (both within a radius, so a click on empty space selects nothing).

/**
 * Id of the feature nearest to (px, py) within `radius` pixels; -1 when none.
 * @param {import("./features.js").Feature[]} features
 * @param {(f: import("./features.js").Feature) => [number, number]} toPixel
 */
export function nearestFeature(features, toPixel, px, py, radius = 7) {
  let best = -1;
  let bestDistance = radius * radius;
  for (const feature of features) {
    const [fx, fy] = toPixel(feature);
    const distance = (fx - px) ** 2 + (fy - py) ** 2;
    if (distance <= bestDistance) {
      best = feature.id;
      bestDistance = distance;
    }
  }
  return best;
}

/** How far the arrow head of a bar that never dies reaches past its end (barcode.js). */
const ARROW = 8;

/**
 * Id of the bar nearest to (px, py) in a barcode layout: the distance is to the bar's
 * centre line (a short bar is widened by `slop` on both sides); -1 when no bar is within
 * `radius` pixels (beside a short bar, on the axis, on a folded row). A pointer over a bar's
 * row always finds that bar or a nearer one, so even hairline rows cannot be missed.
 * @param {ReturnType<import("./barcode-layout.js").barcodeLayout>} layout
 * @param {import("./features.js").Feature[]} features indexed by id
 */
export function barAt(layout, features, px, py, slop = 4, radius = 6) {
  if (layout.blocks.some((b) => b.fold && py >= b.fold.top && py < b.fold.bottom)) return -1;
  let best = -1;
  let bestDistance = Math.max(radius, layout.minStep / 2 + 1) ** 2;
  for (const block of layout.blocks) {
    if (py < block.top - radius || py > block.bottom + radius) continue;
    for (const id of block.ids) {
      const [x0, end] = layout.extent(features[id]);
      const x1 = Number.isFinite(features[id].death) ? end : end + ARROW; // its arrow head too
      const dx = Math.max(0, x0 - slop - px, px - x1 - slop);
      const distance = dx * dx + (py - layout.rows.get(id).y) ** 2;
      if (distance < bestDistance) {
        best = id;
        bestDistance = distance;
      }
    }
  }
  return best;
}

/**
 * The folded row of the barcode under (px, py), or null.
 * @param {ReturnType<import("./barcode-layout.js").barcodeLayout>} layout
 */
export function foldAt(layout, px, py) {
  const block = layout.blocks.find((b) => b.fold && py >= b.fold.top && py < b.fold.bottom);
  return block && px >= layout.left && px <= layout.right ? block.fold : null;
}
