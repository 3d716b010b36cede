// What is under the pointer: the nearest feature in the diagram (within a radius, so a click
// on empty space selects nothing), or the bar of the barcode row under it.

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

/**
 * Id of the bar under (px, py) in a barcode layout; -1 when the pointer is between blocks
 * or beside the bar. `slop` widens short bars horizontally so they can still be hit.
 * @param {ReturnType<import("./barcode-layout.js").barcodeLayout>} layout
 * @param {import("./features.js").Feature[]} features indexed by id
 */
export function barAt(layout, features, px, py, slop = 4) {
  const block = layout.blocks.find((b) => py >= b.top && py < b.bottom);
  if (!block) return -1;
  const index = Math.min(block.ids.length - 1, Math.floor((py - block.top) / block.step));
  const id = block.ids[index];
  const [x0, x1] = layout.extent(features[id]);
  return px >= x0 - slop && px <= x1 + slop ? id : -1;
}
