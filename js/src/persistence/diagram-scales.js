// Where things go on the persistence diagram and the barcode: the data domain, data ↔ pixel,
// the line that holds features that never die, and round tick values.

/** Margins of the diagram plot in CSS pixels: room for tick numbers and the ∞ line. */
export const DIAGRAM_MARGIN = { left: 42, right: 12, top: 30, bottom: 30 };
/** How far above the plot's top edge the ∞ line sits. */
export const INFINITY_GAP = 14;

/**
 * The domain shared by both axes: [0, largest finite birth or death × 1.05]. Infinite deaths
 * do not stretch it (they get their own line). With nothing finite above 0 (no features, or
 * one H0 bar born at 0 that never dies) the domain is [0, 1] so the axes still read.
 * @param {{ birth: number, death: number }[]} features
 * @returns {[number, number]}
 */
export function diagramDomain(features) {
  let low = 0;
  let high = -Infinity;
  for (const { birth, death } of features) {
    for (const value of [birth, death]) {
      if (!Number.isFinite(value)) continue;
      if (value > high) high = value;
      if (value < low) low = value;
    }
  }
  if (!(high > low)) return [low, low + 1];
  return [low, low + (high - low) * 1.05];
}

/**
 * A linear map from [d0, d1] to [r0, r1] with its inverse.
 * @param {[number, number]} domain
 * @param {[number, number]} range
 */
export function linearScale([d0, d1], [r0, r1]) {
  const k = (r1 - r0) / (d1 - d0 || 1);
  return {
    toPixel: (value) => r0 + (value - d0) * k,
    toData: (pixel) => d0 + (pixel - r0) / k,
  };
}

/**
 * The diagram's geometry in a width × height canvas (CSS pixels): x = birth, y = death
 * (up), and infinite deaths on a line above the plot.
 * @param {[number, number]} domain
 * @param {number} width
 * @param {number} height
 */
export function diagramLayout(domain, width, height, margin = DIAGRAM_MARGIN) {
  const plot = {
    left: margin.left,
    top: margin.top,
    right: Math.max(margin.left + 1, width - margin.right),
    bottom: Math.max(margin.top + 1, height - margin.bottom),
  };
  const x = linearScale(domain, [plot.left, plot.right]);
  const y = linearScale(domain, [plot.bottom, plot.top]);
  const infinityY = plot.top - INFINITY_GAP;
  return {
    domain,
    plot,
    width,
    height,
    infinityY,
    x,
    y,
    /** Pixel centre of a feature; never-dying ones sit on the ∞ line. */
    featureToPixel(feature) {
      const py = Number.isFinite(feature.death) ? y.toPixel(feature.death) : infinityY;
      return [x.toPixel(feature.birth), py];
    },
  };
}

/**
 * Round tick values covering [low, high] (the 1-2-5 steps of d3's ticks), about `count`.
 * @returns {number[]}
 */
export function niceTicks(low, high, count = 5) {
  if (!(high > low) || !Number.isFinite(low) || !Number.isFinite(high)) return [low];
  const rough = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks = [];
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  for (let i = first; i <= last; i += 1) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}
