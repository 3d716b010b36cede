// The map's camera, as pure rules: the fitted view (the whole square frame of the points in
// sight) and what a resize keeps. regl-scatterplot draws normalised positions in [-1, 1];
// at camera distance d the canvas shows 2·d normalised units of height and 2·d·aspect of
// width (aspect = width / height), so the frame fits at d = 1 when the canvas is wider than
// tall and at d = 1 / aspect when it is narrower.

/** How close (relative) a camera must be to the fitted one to count as fitted. */
const FIT_TOLERANCE = 1e-3;

/**
 * The camera distance at which the square [-1, 1]² fits a canvas of this aspect ratio.
 * @param {number} aspect width / height
 */
export function fitDistance(aspect) {
  return aspect >= 1 || !(aspect > 0) ? 1 : 1 / aspect;
}

/**
 * Whether a camera shows the fitted view: centred on the frame, at the fitted distance.
 * @param {ArrayLike<number>} target the camera target (normalised units)
 * @param {number} distance
 * @param {number} aspect width / height of the canvas it was fitted to
 */
export function isFitted(target, distance, aspect) {
  const fit = fitDistance(aspect);
  return Math.hypot(target[0], target[1]) < FIT_TOLERANCE * fit
    && Math.abs(distance / fit - 1) < FIT_TOLERANCE;
}

/**
 * The camera after a resize. Our rule: a view at its fitted camera is fitted again to the new
 * size (nothing is cropped); a view the user zoomed or panned keeps the data position at its
 * centre and its scale (CSS pixels per data unit), so nothing jumps under the pointer.
 * Pixels per normalised unit are height / (2·d), so a kept scale scales d with the height.
 * @param {{ target: number[], distance: number }} camera before the resize
 * @param {{ width: number, height: number }} before
 * @param {{ width: number, height: number }} after
 * @returns {{ target: number[], distance: number, fitted: boolean }}
 */
export function resizedCamera(camera, before, after) {
  if (isFitted(camera.target, camera.distance, before.width / before.height)) {
    return { target: [0, 0], distance: fitDistance(after.width / after.height), fitted: true };
  }
  const distance = camera.distance * (after.height / before.height);
  return { target: [camera.target[0], camera.target[1]], distance, fitted: false };
}
