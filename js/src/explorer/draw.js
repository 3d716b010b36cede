// Canvas helpers: size a canvas for the screen, and draw RGBA frames from the kernel.

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
