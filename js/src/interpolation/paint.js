// The large decoded frames: drawn at their own resolution (../shared/canvas.js) and scaled
// up by CSS (image-rendering: pixelated), with what they record for tests and benchmarks.

import { drawFrame } from "../shared/canvas.js";
import { formatMs } from "../shared/format.js";

/** The large frames (scrubber, traversal) fit in a square of this many CSS pixels. */
export const LARGE_FRAME = 192;

/**
 * CSS size of a frame of `shape` ([H, W, ...]) shown in a `box`-pixel square: an integer
 * zoom when the frame is smaller than the box (crisp pixels), else shrunk to fit.
 * @param {number[]} shape
 * @param {number} [box]
 * @returns {[number, number]} [width, height]
 */
export function displaySize(shape, box = LARGE_FRAME) {
  const [h, w] = shape;
  const longest = Math.max(h, w, 1);
  const zoom = longest <= box ? Math.floor(box / longest) : box / longest;
  return [Math.round(w * zoom), Math.round(h * zoom)];
}

/**
 * Draw `frame` large: painted at its resolution, CSS-scaled to the box.
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: any, shape: number[] }} frame
 */
export function paintLarge(canvas, frame) {
  const painted = drawFrame(canvas, frame);
  const [width, height] = displaySize(frame.shape);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  return painted;
}

/**
 * Record a drawn frame on its canvas: data-frames-drawn (count), data-frame-shape and,
 * when the draw answers an input, data-input-to-frame-ms.
 * @param {HTMLCanvasElement} canvas
 * @param {number[]} shape
 * @param {number | null} startedAt performance.now() of the input event, or null
 */
export function markDrawn(canvas, shape, startedAt) {
  canvas.dataset.framesDrawn = String(Number(canvas.dataset.framesDrawn ?? 0) + 1);
  canvas.dataset.frameShape = shape.join("x");
  if (startedAt !== null) canvas.dataset.inputToFrameMs = formatMs(performance.now() - startedAt);
}
