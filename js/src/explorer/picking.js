// Which point is under the pointer: the rules, as pure functions of the map's geometry.
//
// Sizes follow regl-scatterplot 1.16 (src/index.js), which draws the points:
// - a point is a disc of diameter `pointSize × scale` CSS pixels, where `scale` grows with the
//   zoom as asinh (its default `pointScaleMode`) and shrinks linearly when zoomed out;
// - its own hover test (`raycast`) takes the nearest point closer than
//   `pointSize × scale + 4` device pixels: the whole diameter plus 4 px, not the radius.
// We keep that hover radius (what a person is used to from regl-scatterplot) and, for a
// click that decodes a point's own latent, the drawn radius (see `clickRadius`).

/** Device pixels regl-scatterplot adds to the hover radius. */
export const HOVER_EXTRA_PX = 4;

/** CSS pixels of slop around the drawn disc for a click: mouse coordinates are whole
 * pixels, so a click meant for the disc's edge can land up to ~0.7 px beyond it. */
export const CLICK_SLOP_PX = 1;

/**
 * How much larger than `pointSize` a point is drawn at the camera's zoom (CSS px per unit),
 * regl-scatterplot's asinh rule without the device pixel ratio.
 * @param {number} scaling the camera's scaling (1 at the initial view)
 * @param {number} pointSize
 */
export function pointScale(scaling, pointSize) {
  if (scaling > 1) return Math.asinh(scaling) / Math.asinh(1);
  return Math.max(1 / pointSize, scaling); // MIN_POINT_SIZE (1 px) / pointSize at the least
}

/**
 * The hover radius in CSS pixels: regl-scatterplot's `(pointSize × pointScale + 4)` device
 * pixels, where its pointScale includes the device pixel ratio.
 * @param {number} pointSize
 * @param {number} scale from `pointScale`
 * @param {number} pixelRatio device pixels per CSS pixel of the canvas
 */
export function hoverRadius(pointSize, scale, pixelRatio = 1) {
  return pointSize * scale + HOVER_EXTRA_PX / pixelRatio;
}

/** The drawn radius of a point in CSS pixels. */
export function drawnRadius(pointSize, scale) {
  return (pointSize * scale) / 2;
}

/**
 * The radius, in CSS pixels, within which a click is a click on a point (whose own latent
 * is then decoded): the drawn radius plus `CLICK_SLOP_PX`. Beyond it the click is between
 * points and decodes the map's inverse, even where the (larger) hover test finds a point.
 */
export function clickRadius(pointSize, scale) {
  return drawnRadius(pointSize, scale) + CLICK_SLOP_PX;
}

/** The first search box's half-size, as a share of the radius (see `nearestPoint`). */
const FIRST_BOX = 1 / 16;

/**
 * The nearest point strictly closer than `radius` to (qx, qy), or -1.
 *
 * The box searched starts at 1/16 of the radius and doubles: once the best point in a box of
 * half-size s is within s, no point outside the box can be nearer, so the answer is exact.
 * In a dense map (100 points per pixel²) the full box holds ~20,000 points and the small
 * one a few dozen.
 * @param {{ range: (x0: number, y0: number, x1: number, y1: number) => number[] } | null} index
 *   a spatial index over the same coordinates (KDBush)
 * @param {ArrayLike<number>} xs
 * @param {ArrayLike<number>} ys
 * @param {number} qx
 * @param {number} qy
 * @param {number} radius
 * @param {Uint8Array | null} visible 1 for points that may be picked (null: all)
 */
export function nearestPoint(index, xs, ys, qx, qy, radius, visible = null) {
  if (!index || !(radius > 0)) return -1;
  for (let half = radius * FIRST_BOX; ; half *= 2) {
    const box = Math.min(half, radius);
    let best = -1;
    let bestDistance = Infinity;
    for (const i of index.range(qx - box, qy - box, qx + box, qy + box)) {
      if (visible && !visible[i]) continue;
      const distance = Math.hypot(xs[i] - qx, ys[i] - qy);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    if (box === radius) return bestDistance < radius ? best : -1;
    if (bestDistance <= box) return best; // nothing outside the box is nearer
  }
}

/**
 * A circle of `radius` CSS pixels around canvas pixel (px, py), in the normalised coordinates
 * the points are drawn (and indexed) in: data = centre + half × normalised (scales.js), and
 * the scales map data to CSS pixels (one scale for both axes).
 * @param {number} px
 * @param {number} py
 * @param {number} radius
 * @param {{ invert: (v: number) => number }} xScale
 * @param {{ invert: (v: number) => number }} yScale
 * @param {{ cx: number, cy: number, half: number }} frame
 */
export function pixelCircle(px, py, radius, xScale, yScale, frame) {
  const unitsPerPixel = Math.abs(yScale.invert(0) - yScale.invert(1)) / frame.half;
  return {
    x: (xScale.invert(px) - frame.cx) / frame.half,
    y: (yScale.invert(py) - frame.cy) / frame.half,
    r: radius * unitsPerPixel,
  };
}

/**
 * What a new pick means for the hover state: nothing (the same point, or still none),
 * `over` a new point (a previous one is left implicitly) or `out` of the last one.
 * @param {number} current the hovered point, or -1
 * @param {number} next the point now under the pointer, or -1
 * @returns {"none" | "over" | "out"}
 */
export function hoverChange(current, next) {
  if (next === current) return "none";
  return next >= 0 ? "over" : "out";
}
