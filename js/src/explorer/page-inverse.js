// The map's inverse and the nearest data, computed in the page (so that a click decodes
// without the kernel), as latent_widgets/projection computes them in Python: PCA's
// `mean + y @ components`, the KNNInverse barycentre of the k nearest map positions
// (weights 1 / distance, or Gaussian; the latent itself on a data point), and the data
// latents nearest a latent (exact, brute force).

import KDBush from "kdbush";

/**
 * PCA's inverse: (x, y) → mean + x · components[0] + y · components[1].
 * @param {{ mean: { data: Float32Array }, components: { data: Float32Array, shape: number[] } }} recipe
 * @returns {(x: number, y: number) => Float32Array}
 */
export function linearInverse(recipe) {
  const mean = recipe.mean.data;
  const comps = recipe.components.data;
  const width = mean.length;
  return (x, y) => {
    const out = new Float32Array(width);
    for (let j = 0; j < width; j++) out[j] = mean[j] + x * comps[j] + y * comps[width + j];
    return out;
  };
}

/** The k nearest of n points to (x, y), nearest first, by an index search that widens. */
function nearestK(index, xy, n, x, y, k, start) {
  let radius = start;
  let found = [];
  for (;;) {
    found = index.within(x, y, radius);
    if (found.length >= k || found.length >= n) break;
    radius *= 2;
  }
  const hits = found.map((i) => ({ i, d: Math.hypot(xy[2 * i] - x, xy[2 * i + 1] - y) }));
  hits.sort((a, b) => a.d - b.d || a.i - b.i);
  return hits.slice(0, k);
}

/**
 * The kNN inverse over the map's positions and the data's latents (KNNInverse in Python).
 * @param {Float32Array} xy interleaved map positions of the n points
 * @param {Float32Array} latents n × width, row for row
 * @param {number} width
 * @param {{ k: number, weights: string, tolerance: number }} recipe
 * @returns {(x: number, y: number) => Float32Array}
 */
export function knnInverse(xy, latents, width, recipe) {
  const n = xy.length / 2;
  const k = Math.min(recipe.k, n);
  const index = new KDBush(n, 64, Float64Array);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i], y = xy[2 * i + 1];
    index.add(x, y);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  index.finish();
  const extent = Math.max(maxX - minX, maxY - minY, 1e-12);
  const start = extent * Math.sqrt(k / Math.max(n, 1)); // ~k points in a box of this half-side
  return (x, y) => {
    const hits = nearestK(index, xy, n, x, y, k, start);
    const onPoint = hits.filter((h) => h.d <= recipe.tolerance);
    let weights;
    if (onPoint.length) {
      weights = hits.map((h) => (h.d <= recipe.tolerance ? 1 : 0));
    } else if (recipe.weights === "gaussian") {
      const bandwidth = Math.max(hits[hits.length - 1].d, recipe.tolerance);
      weights = hits.map((h) => Math.exp(-0.5 * (h.d / bandwidth) ** 2));
    } else {
      weights = hits.map((h) => 1 / h.d);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    const sum = new Float64Array(width);
    hits.forEach((h, m) => {
      const w = weights[m] / total;
      for (let j = 0; j < width; j++) sum[j] += w * latents[h.i * width + j];
    });
    return Float32Array.from(sum);
  };
}

/**
 * The k data latents nearest `latent` (Euclidean), nearest first.
 * @param {Float32Array} latents n × width
 * @param {number} width
 * @param {ArrayLike<number>} latent
 * @param {number} k
 * @returns {{ indices: Int32Array, distances: Float32Array }}
 */
export function nearestLatents(latents, width, latent, k) {
  const n = latents.length / width;
  const count = Math.max(0, Math.min(k, n));
  const best = []; // { i, d2 }, sorted, at most `count`
  for (let i = 0; i < n && count > 0; i++) {
    let d2 = 0;
    for (let j = 0; j < width; j++) {
      const diff = latents[i * width + j] - latent[j];
      d2 += diff * diff;
    }
    if (best.length === count && d2 >= best[count - 1].d2) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].d2 > d2) at--;
    best.splice(at, 0, { i, d2 });
    if (best.length > count) best.pop();
  }
  return {
    indices: Int32Array.from(best, (b) => b.i),
    distances: Float32Array.from(best, (b) => Math.sqrt(b.d2)),
  };
}
