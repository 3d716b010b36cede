// The latent at a fractional step of a path, as latent_widgets.paths.polyline_at computes it
// in Python: linear between consecutive steps, t clipped to the path.

/**
 * @param {{ data: Float32Array, shape: number[] }} path `(steps, width)` latents
 * @param {number} t
 * @returns {Float64Array}
 */
export function latentAt(path, t) {
  const [steps, width] = path.shape;
  if (!steps) throw new RangeError("no path yet: give two or more anchors");
  const clipped = Math.min(Math.max(t, 0), steps - 1);
  const low = Math.floor(clipped);
  const high = Math.min(low + 1, steps - 1);
  const frac = clipped - low;
  const out = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    out[j] = (1 - frac) * path.data[low * width + j] + frac * path.data[high * width + j];
  }
  return out;
}
