// A small handle on the Explorer's root (`root.lwView`) for browser tests, benchmarks and
// notebooks that script the view. Its names are what tests/browser and benchmarks call.

import { drawFrame } from "../shared/canvas.js";

/** The floor of a click: the echo command carries a frame there and back, drawn. */
async function echo(view, shape = [8, 8, 4]) {
  const started = performance.now();
  const bytes = new Uint8Array(shape.reduce((a, b) => a * b, 1));
  const request = { frame: { dtype: "uint8", shape, buffer_index: 0 } };
  const result = await view.host.command("_echo_command", request, {
    buffers: [new DataView(bytes.buffer)],
  });
  drawFrame(view.panel.frame, result.frame);
  return performance.now() - started;
}

/** @param {import("./view.js").ExplorerView} view */
export function explorerHooks(view) {
  const { scatter } = view;
  return {
    dataToClient(x, y) {
      const [left, top] = scatter.clientOrigin();
      const [px, py] = scatter.dataToPixel(x, y);
      return [left + px, top + py];
    },
    clientToData(cx, cy) {
      const [left, top] = scatter.clientOrigin();
      return scatter.pixelToData(cx - left, cy - top);
    },
    /** Decode a data position as a click does, without the click; resolves to the ms. */
    async decode(x, y, index = -1) {
      await view.decodeAt(x, y, index);
      return Number(view.panel.frame.dataset.clickToFrameMs);
    },
    /** The floor of a click: the echo command carries a frame there and back, drawn. */
    echo: (shape) => echo(view, shape),
    /** The decoder panel's frame as drawn: { shape: [H, W, 4], data: number[] }. */
    frame() {
      const canvas = view.panel.frame;
      const { width, height } = canvas;
      const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
      return { shape: [height, width, 4], data: Array.from(data) };
    },
    /** The map's positions as drawn, [[x, y], ...] (for front ends without a kernel handle). */
    points() {
      return Array.from({ length: view.xy.length / 2 }, (_, i) => [view.xy[2 * i], view.xy[2 * i + 1]]);
    },
    /** Where clicks decode: { path: "page" | "kernel", reason }. */
    decodingPath: () => ({ ...view.pageDecoding.path }),
    /**
     * Select points as a lasso does (the map shows them, the kernel is sent them);
     * resolves when the kernel confirmed them, or failed to: the toolbar says which.
     * @param {ArrayLike<number> | {start: number, stop: number}} ids indices, or a range
     */
    async select(ids) {
      const list = Array.isArray(ids) || ArrayBuffer.isView(ids)
        ? Int32Array.from(/** @type {ArrayLike<number>} */ (ids))
        : Int32Array.from({ length: ids.stop - ids.start }, (_, i) => ids.start + i);
      scatter.select(Array.from(list));
      await view.setSelection(list);
      return view.selection.length;
    },
    /** Frames the WebGL map rendered, changes of the hovered point, and frames a frozen pan
     * did not draw, since the start. */
    pointerCounts() {
      return { draws: scatter.draws, hoverChanges: scatter.hover.changes,
               frozenFrames: scatter.frozenPan.skipped };
    },
    /** Tests only: treat the map's frames as slow (pans move the last frame; frozen-pan.js). */
    setSlowPans(on) {
      scatter.frozenPan.slow = Boolean(on);
    },
    /** Benchmarks only: off, moves reach regl-scatterplot as before the pointer gate. */
    setPointerGate(on) {
      scatter.setPointerGate(Boolean(on));
    },
    snapshot() {
      const image = scatter.snapshot();
      return { width: image.width, height: image.height, data: Array.from(image.data) };
    },
  };
}
