// Decoder outputs → RGBA frames in the page, as latent_widgets/space/frames.py draws them
// in Python (`frame_recipe`, `scale_to_uint8`, `frames_from_batch`): one value range for a
// batch, decided by its finite values ([0, 1], [-1, 1], 0-255, else min-max), arithmetic
// in float32 and rounding half to even like numpy, so that a frame decoded here matches
// Python's frame of the same latent.

const f32 = Math.fround;

/** numpy's rint: the nearest integer, halves to the even one. @param {number} x */
export function rint(x) {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * How values map to [0, 1], from the range of the finite ones (scale_to_uint8).
 * @param {ArrayLike<number>} values
 * @returns {(v: number) => number}
 */
export function unitScale(values) {
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  if (low > high) throw new RangeError("the image holds no finite value (all NaN or inf)");
  if (low >= 0 && high <= 1) return (v) => v;
  if (low >= -1 && high <= 1) return (v) => f32(f32(v + 1) / 2);
  if (low >= 0 && high <= 255) return (v) => f32(v / 255);
  const span = f32(high > low ? high - low : 1);
  return (v) => f32(f32(v - low) / span);
}

/** A scaled value as a byte: NaN → 0, +inf → 255, -inf → 0 (numpy's nan_to_num, then clip). */
function toByte(scaled) {
  if (Number.isNaN(scaled)) return 0;
  if (scaled === Infinity) return 255;
  if (scaled === -Infinity) return 0;
  return Math.min(255, Math.max(0, rint(f32(scaled * 255))));
}

/**
 * @typedef {{ height: number, width: number, channels: number, channels_first: boolean }} Recipe
 *   one output's layout (frame_recipe in Python)
 */

/**
 * Draw `count` decoder outputs, one after another in `values`, as RGBA frames.
 * @param {ArrayLike<number>} values `count` outputs of height × width × channels values
 * @param {number} count
 * @param {Recipe} recipe
 * @returns {{ data: Uint8Array, shape: number[] }} `(count, H, W, 4)` frames
 */
export function rgbaFrames(values, count, recipe) {
  const { height, width, channels } = recipe;
  const plane = height * width;
  const per = plane * channels;
  if (values.length !== per * count) {
    throw new RangeError(`expected ${count} output(s) of ${per} values, got ${values.length} values`);
  }
  const scale = unitScale(values);
  const out = new Uint8Array(count * plane * 4);
  for (let n = 0; n < count; n++) {
    for (let p = 0; p < plane; p++) {
      const o = (n * plane + p) * 4;
      for (let c = 0; c < 3; c++) {
        const source = recipe.channels_first ? n * per + Math.min(c, channels - 1) * plane + p
          : n * per + p * channels + Math.min(c, channels - 1);
        out[o + c] = toByte(scale(values[source]));
      }
      const alpha = recipe.channels_first ? n * per + 3 * plane + p : n * per + p * channels + 3;
      out[o + 3] = channels === 4 ? toByte(scale(values[alpha])) : 255;
    }
  }
  return { data: out, shape: [count, height, width, 4] };
}

/** The largest difference of two byte arrays of one length (how far two frames are apart). */
export function largestDifference(a, b) {
  if (a.length !== b.length) return Infinity;
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]));
  return most;
}
