// Drawing on canvases: the points of the map, the decoded position, and RGBA frames.

import { categoryColor } from "../shared/colors.js";

/**
 * Size a canvas's backing store to its CSS size times the device pixel ratio.
 * @param {HTMLCanvasElement} canvas
 * @param {number} width CSS pixels
 * @param {number} height CSS pixels
 */
export function sizeCanvas(canvas, width, height) {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  canvas.width = Math.max(1, Math.round(width * ratio));
  canvas.height = Math.max(1, Math.round(height * ratio));
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * Draw the points, coloured by label code when given.
 * @param {CanvasRenderingContext2D} ctx
 * @param {ArrayLike<number>} xy interleaved positions
 * @param {ArrayLike<number> | null} labels
 * @param {(x: number, y: number) => [number, number]} toPixel
 * @param {{ radius?: number, color?: string, background?: string, width: number, height: number }} style
 */
export function drawPoints(ctx, xy, labels, toPixel, style) {
  ctx.fillStyle = style.background ?? "transparent";
  ctx.clearRect(0, 0, style.width, style.height);
  if (style.background) ctx.fillRect(0, 0, style.width, style.height);
  const radius = style.radius ?? 2.5;
  const n = xy.length / 2;
  // Batch by colour: one path per category keeps the canvas calls few.
  const groups = new Map();
  for (let i = 0; i < n; i++) {
    const key = labels ? labels[i] : -1;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  }
  ctx.globalAlpha = 0.8;
  for (const [code, indices] of groups) {
    ctx.fillStyle = code < 0 ? (style.color ?? "#4e79a7") : categoryColor(code);
    ctx.beginPath();
    for (const i of indices) {
      const [px, py] = toPixel(xy[2 * i], xy[2 * i + 1]);
      ctx.moveTo(px + radius, py);
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
    }
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

/**
 * A cross-hair ring where the user clicked.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} px
 * @param {number} py
 * @param {string} color
 */
export function drawMarker(ctx, px, py, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(px, py, 7, 0, 2 * Math.PI);
  ctx.moveTo(px - 11, py);
  ctx.lineTo(px - 4, py);
  ctx.moveTo(px + 4, py);
  ctx.lineTo(px + 11, py);
  ctx.moveTo(px, py - 11);
  ctx.lineTo(px, py - 4);
  ctx.moveTo(px, py + 4);
  ctx.lineTo(px, py + 11);
  ctx.stroke();
}

/**
 * Draw an RGBA uint8 frame of shape [H, W, 4] into a canvas of its own size.
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: Uint8Array, shape: number[] }} frame
 */
export function drawFrame(canvas, frame) {
  const [height, width, channels] = frame.shape;
  if (channels !== 4) throw new RangeError(`a frame needs 4 channels (RGBA), got ${channels}`);
  canvas.width = width;
  canvas.height = height;
  const pixels = new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, width * height * 4);
  canvas.getContext("2d").putImageData(new ImageData(pixels, width, height), 0, 0);
}
