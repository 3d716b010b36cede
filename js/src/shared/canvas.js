// Canvases shared by every view: sizing for the screen, and RGBA frames from the kernel.
// Where there is no 2-D canvas (jsdom without a canvas package) views keep working, unpainted.

/** @param {HTMLCanvasElement} canvas @returns {CanvasRenderingContext2D | null} */
export function canvasContext(canvas) {
  try {
    return canvas.getContext("2d");
  } catch {
    return null;
  }
}

/**
 * Size a canvas's backing store to its CSS size × devicePixelRatio so that lines stay sharp
 * on dense screens; returns the 2-D context drawing in CSS pixels (or null, see above).
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
  const ctx = canvasContext(canvas);
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * Draw an RGBA uint8 frame of shape [..., H, W, 4] into a canvas of the frame's own size
 * (CSS scales it); returns whether it was painted.
 * @param {HTMLCanvasElement} canvas
 * @param {{ data: ArrayLike<number> & { buffer: ArrayBufferLike, byteOffset: number }, shape: number[] }} frame
 */
export function drawFrame(canvas, frame) {
  const [height, width, channels] = frame.shape.slice(-3);
  if (channels !== 4) throw new RangeError(`a frame needs 4 channels (RGBA), got ${channels}`);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvasContext(canvas);
  if (!ctx || typeof ImageData === "undefined") return false;
  const pixels = new Uint8ClampedArray(frame.data.buffer, frame.data.byteOffset, width * height * 4);
  ctx.putImageData(new ImageData(pixels, width, height), 0, 0);
  return true;
}

/** Clear a 2-D context's `width` x `height` and paint it `background` (a plot's first step). */
export function clearTo(ctx, width, height, background) {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
}
