// Drawing decoded frames and reading the theme. Frames are RGBA uint8 arrays of shape
// [H, W, 4] drawn at their own resolution and scaled up by CSS (image-rendering: pixelated).
// Where there is no 2-D canvas (jsdom without a canvas package) the view keeps working,
// unpainted.

import { lightness, parseColor } from "../shared/colors.js";

/** The large frames (scrubber, traversal) fit in a square of this many CSS pixels. */
export const LARGE_FRAME = 192;

/** @param {HTMLCanvasElement} canvas */
function context(canvas) {
  try {
    return canvas.getContext("2d");
  } catch {
    return null;
  }
}

/**
 * Draw an RGBA frame into `canvas` at the frame's own size; returns whether it was painted.
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: ArrayLike<number> & { buffer: ArrayBufferLike, byteOffset: number }, shape: number[] }} frame
 */
export function paintFrame(canvas, frame) {
  const [height, width, channels] = frame.shape.slice(-3);
  if (channels !== 4) throw new RangeError(`a frame needs 4 channels (RGBA), got ${channels}`);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = context(canvas);
  if (!ctx || typeof ImageData === "undefined") return false;
  const pixels = new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, width * height * 4);
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  return true;
}

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
  const painted = paintFrame(canvas, frame);
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
  if (startedAt !== null) canvas.dataset.inputToFrameMs = (performance.now() - startedAt).toFixed(2);
}

function cssVar(el, name, fallback) {
  return getComputedStyle(el).getPropertyValue(name).trim() || fallback;
}

/**
 * The colours in force for `el` now, from JupyterLab's --jp-* variables with fallbacks.
 * @param {HTMLElement} el
 */
export function readTheme(el) {
  const background = cssVar(el, "--jp-layout-color0", "#ffffff");
  const dark = lightness(parseColor(background)) < 0.5;
  return {
    background,
    ink: cssVar(el, "--jp-ui-font-color1", dark ? "#dddddd" : "#222222"),
    muted: cssVar(el, "--jp-ui-font-color2", dark ? "#aaaaaa" : "#666666"),
    accent: cssVar(el, "--jp-brand-color1", "#1976d2"),
    error: cssVar(el, "--jp-error-color1", "#d32f2f"),
  };
}
