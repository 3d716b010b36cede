// Pure geometry of the strip and its smoothness trace: where frame i sits, which frame a
// point falls on, where each gap between consecutive frames is, and how tall its bar is.
// No DOM here, so it is tested directly.

/** CSS height of one frame in the strip, at most (frames shrink to this when few). */
export const STRIP_HEIGHT = 56;
/** The smallest frame height the strip shrinks to before it scrolls instead. */
export const MIN_STRIP_HEIGHT = 28;
/** CSS pixels between two frames in the strip. */
export const STRIP_GAP = 4;

/**
 * Layout of `count` frames of pixel size `frameShape` ([H, W]) side by side, each scaled to
 * `height` CSS pixels (keeping its aspect), `gap` pixels apart.
 * @param {number} count
 * @param {number[]} frameShape [H, W, ...]
 * @param {{ height?: number, gap?: number }} [options]
 * @returns {{ count: number, frameWidth: number, frameHeight: number, gap: number, width: number }}
 */
export function stripLayout(count, frameShape, options = {}) {
  const height = options.height ?? STRIP_HEIGHT;
  const gap = options.gap ?? STRIP_GAP;
  const [h, w] = frameShape ?? [1, 1];
  const aspect = h > 0 && w > 0 ? w / h : 1;
  const frameWidth = Math.max(8, Math.round(height * aspect));
  const n = Math.max(0, Math.floor(count) || 0);
  return {
    count: n,
    frameWidth,
    frameHeight: height,
    gap,
    width: n > 0 ? n * frameWidth + (n - 1) * gap : 0,
  };
}

/**
 * The frame height at which `count` frames of `frameShape` fit side by side in `available`
 * CSS pixels: STRIP_HEIGHT when they fit at it, smaller down to `min`, never below it (the
 * strip scrolls then). An unknown width (0, not laid out yet) gives the largest height.
 * @param {number} count
 * @param {number[]} frameShape [H, W, ...]
 * @param {number} available
 * @param {{ min?: number, max?: number, gap?: number }} [options]
 */
export function fitHeight(count, frameShape, available, options = {}) {
  const max = options.max ?? STRIP_HEIGHT;
  const min = Math.min(max, options.min ?? MIN_STRIP_HEIGHT);
  const gap = options.gap ?? STRIP_GAP;
  const n = Math.max(0, Math.floor(count) || 0);
  if (!(available > 0) || n === 0) return max;
  const [h, w] = frameShape ?? [1, 1];
  const aspect = h > 0 && w > 0 ? w / h : 1;
  const perFrame = (available - (n - 1) * gap) / n;
  let height = Math.min(max, Math.floor(perFrame / aspect));
  // frame widths are rounded: step down until the rounded strip fits
  while (height > min && stripLayout(n, frameShape, { height, gap }).width > available) height -= 1;
  return Math.max(min, height);
}

/** Left edge (CSS pixels from the strip's left) of frame `i`. */
export function frameLeft(layout, i) {
  return i * (layout.frameWidth + layout.gap);
}

/** Horizontal centre of frame `i`. */
export function frameCenter(layout, i) {
  return frameLeft(layout, i) + layout.frameWidth / 2;
}

/**
 * The frame nearest to `x` (CSS pixels from the strip's left), or -1 when there is none.
 * A point in a gap goes to the nearer frame; points past either end go to the end frame.
 */
export function frameAt(layout, x) {
  if (layout.count <= 0 || !Number.isFinite(x)) return -1;
  const pitch = layout.frameWidth + layout.gap;
  const i = Math.round((x - layout.frameWidth / 2) / pitch);
  return Math.min(layout.count - 1, Math.max(0, i));
}

/** Centre of the gap between frames `i` and `i + 1`: where the trace puts value `i`. */
export function gapCenter(layout, i) {
  return frameLeft(layout, i + 1) - layout.gap / 2;
}

/** The gap (0 .. count - 2) nearest to `x` in the trace, or -1 when there is none. */
export function gapAt(layout, x) {
  if (layout.count < 2 || !Number.isFinite(x)) return -1;
  const pitch = layout.frameWidth + layout.gap;
  const i = Math.round((x - gapCenter(layout, 0)) / pitch);
  return Math.min(layout.count - 2, Math.max(0, i));
}

/** A change between frames in words: three significant digits, or "not a number". */
export function formatChange(value) {
  const v = Number(value);
  return Number.isFinite(v) ? String(Number(v.toPrecision(3))) : "not a number";
}

/**
 * The tooltip of gap `index`: "step 4→5: pixel change 0.12, above the 0.08 threshold".
 * @param {number} index
 * @param {number} value
 * @param {number} threshold
 */
export function smoothnessTip(index, value, threshold) {
  const head = `step ${index}→${index + 1}: pixel change ${formatChange(value)}`;
  const t = usableThreshold(threshold);
  if (t === null) return head;
  const [jump] = flagJumps([value], t);
  return `${head}, ${jump ? "above" : "at or below"} the ${formatChange(t)} threshold`;
}

/** A usable threshold: a finite positive number, else null (no line, nothing flagged). */
export function usableThreshold(threshold) {
  const t = Number(threshold);
  return Number.isFinite(t) && t > 0 ? t : null;
}

/**
 * Which gaps jump: value above the threshold (a non-finite value counts as a jump).
 * @param {ArrayLike<number>} values
 * @param {number} threshold
 * @returns {boolean[]}
 */
export function flagJumps(values, threshold) {
  const t = usableThreshold(threshold);
  return Array.from(values ?? [], (v) => (t === null ? false : !Number.isFinite(v) || v > t));
}

/**
 * Geometry of the smoothness trace: one bar per gap, its top at the value, the threshold as
 * a horizontal line. The vertical scale runs from 0 to the largest finite value or 1.25 × the
 * threshold, whichever is higher, so the line always shows.
 * @param {ArrayLike<number>} values
 * @param {number} threshold
 * @param {ReturnType<typeof stripLayout>} layout
 * @param {{ height?: number, pad?: number }} [options]
 */
export function smoothnessGeometry(values, threshold, layout, options = {}) {
  const height = options.height ?? 36;
  const pad = options.pad ?? 3;
  const list = Array.from(values ?? []);
  const t = usableThreshold(threshold);
  const finite = list.filter((v) => Number.isFinite(v));
  const top = Math.max(finite.length ? Math.max(...finite) : 0, t === null ? 0 : t * 1.25, 1e-12);
  const y = (v) => {
    const clamped = Number.isFinite(v) ? Math.min(Math.max(v, 0), top) : top;
    return height - pad - (clamped / top) * (height - 2 * pad);
  };
  const flags = flagJumps(list, threshold);
  const barWidth = Math.max(3, Math.min(8, (layout.frameWidth + layout.gap) * 0.3));
  const bars = list.map((value, i) => {
    const cx = gapCenter(layout, i);
    const yTop = y(value);
    return { index: i, value, x: cx - barWidth / 2, y: yTop, width: barWidth, height: height - pad - yTop, flagged: flags[i] };
  });
  return { height, top, bars, thresholdY: t === null ? null : y(t), jumps: flags.filter(Boolean).length };
}
