// regl-scatterplot's renderer drawing straight into the map's visible canvas.
//
// Its own renderer draws into an off-page WebGL canvas and copies every frame onto the map's
// 2-D canvas with drawImage. Where that 2-D canvas is not on the GPU (software rendering,
// as in headless Chromium, or a canvas the browser moved to the CPU), each copy reads the
// WebGL pixels back: the console's "GPU stall due to ReadPixels", on every frame of every
// map. Here the WebGL canvas is the one on the page, and the copy goes nowhere.

import { createRenderer } from "regl-scatterplot";

/** A stand-in for the 2-D canvas regl-scatterplot copies each frame onto. */
const NO_COPY = Object.freeze({
  width: 0,
  height: 0,
  getContext: () => ({ clearRect() {}, drawImage() {} }),
});

const ALWAYS = Object.freeze({ allowsDrawing: () => true, drawn() {} });

/**
 * @param {HTMLCanvasElement} canvas the visible canvas (it gets the WebGL context)
 * @param {number} width CSS pixels
 * @param {number} height
 * @param {{ allowsDrawing: () => boolean, drawn: () => void }} [drawing] asked before each
 *   frame regl-scatterplot draws (false: not drawn, the canvas keeps the last), told after
 */
export function directRenderer(canvas, width, height, drawing = ALWAYS) {
  const renderer = createRenderer({ canvas });
  const render = renderer.render;
  renderer.render = (draw) => {
    if (!drawing.allowsDrawing()) return;
    render(draw, NO_COPY);
    drawing.drawn();
  };
  renderer.resize(width, height);
  return renderer;
}

/**
 * The pixels last drawn, top row first, with ImageData's fields but, unlike ImageData,
 * premultiplied by alpha (WebGL's drawing buffer); for tests, a read-back never on the
 * drawing path. regl-scatterplot's own `export()` does not work with this renderer (it reads
 * the 2-D canvas that is no longer drawn): use this instead.
 * @param {{ regl: any, canvas: HTMLCanvasElement }} renderer
 */
export function readPixels(renderer) {
  const { width, height } = renderer.canvas;
  const bottomUp = renderer.regl.read();
  const data = new Uint8ClampedArray(width * height * 4);
  const row = width * 4;
  for (let y = 0; y < height; y++) {
    data.set(bottomUp.subarray((height - 1 - y) * row, (height - y) * row), y * row);
  }
  return { width, height, data };
}
