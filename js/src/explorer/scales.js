// Map geometry: the bounds of the points, and the square frame regl-scatterplot draws them
// in (it wants positions in [-1, 1]; one scale on both axes keeps distances undistorted).

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
 * Centre and half-size of the square that holds the points with a margin: one scale for
 * both axes, so distances on the map are not distorted.
 * @param {ArrayLike<number>} xy interleaved positions
 */
export function normalisation(xy) {
  const box = bounds(xy);
  const half = (Math.max(box.maxX - box.minX, box.maxY - box.minY, 1e-9) / 2) * 1.08;
  return { cx: (box.minX + box.maxX) / 2, cy: (box.minY + box.maxY) / 2, half };
}

/**
 * Columns regl-scatterplot draws: normalised x, y, a category (z) and a value (w).
 * @param {ArrayLike<number>} xy
 * @param {{cx: number, cy: number, half: number}} frame
 * @param {ArrayLike<number> | null} categories
 * @param {ArrayLike<number> | null} values
 */
export function toColumns(xy, frame, categories, values) {
  const n = xy.length / 2;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (xy[2 * i] - frame.cx) / frame.half;
    y[i] = (xy[2 * i + 1] - frame.cy) / frame.half;
  }
  const z = categories ? Int32Array.from(categories) : new Int32Array(n);
  const w = values ? Float32Array.from(values) : new Float32Array(n);
  return { x, y, z, w };
}
