// Map geometry: fit data to the canvas with one scale on both axes (distances are not
// distorted), convert between data and pixel positions, and find the point under the mouse.

/**
 * Bounds of interleaved 2-D points [x0, y0, x1, y1, ...].
 * @param {ArrayLike<number>} xy
 */
export function bounds(xy) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    const x = xy[i], y = xy[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return { minX, minY, maxX, maxY };
}

/**
 * A transform that fits `box` into a `width` × `height` pixel area with `padding` pixels
 * around it, the same scale on both axes, y pointing up.
 * @param {{minX: number, minY: number, maxX: number, maxY: number}} box
 * @param {number} width
 * @param {number} height
 * @param {number} [padding]
 */
export function fitTransform(box, width, height, padding = 16) {
  const spanX = Math.max(box.maxX - box.minX, 1e-12);
  const spanY = Math.max(box.maxY - box.minY, 1e-12);
  const usableW = Math.max(width - 2 * padding, 1);
  const usableH = Math.max(height - 2 * padding, 1);
  const scale = Math.min(usableW / spanX, usableH / spanY);
  const cx = (box.minX + box.maxX) / 2;
  const cy = (box.minY + box.maxY) / 2;
  return {
    scale,
    /** @param {number} x @param {number} y @returns {[number, number]} */
    toPixel: (x, y) => [width / 2 + (x - cx) * scale, height / 2 - (y - cy) * scale],
    /** @param {number} px @param {number} py @returns {[number, number]} */
    toData: (px, py) => [cx + (px - width / 2) / scale, cy - (py - height / 2) / scale],
  };
}

/**
 * Index of the point nearest to (x, y) within `maxDistance` (data units), or -1.
 * @param {ArrayLike<number>} xy
 * @param {number} x
 * @param {number} y
 * @param {number} maxDistance
 */
export function nearestPoint(xy, x, y, maxDistance = Infinity) {
  let best = -1;
  let bestD2 = maxDistance * maxDistance;
  for (let i = 0, n = xy.length / 2; i < n; i++) {
    const dx = xy[2 * i] - x, dy = xy[2 * i + 1] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 <= bestD2) {
      bestD2 = d2;
      best = i;
    }
  }
  return best;
}
