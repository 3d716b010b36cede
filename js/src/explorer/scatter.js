// The WebGL map: regl-scatterplot behind a small interface (data in, events out).
// regl-scatterplot wants positions in [-1, 1]; we normalise the data and keep d3 scales
// that it updates on pan and zoom, so data ↔ pixel conversions stay exact.

import createScatterplot from "regl-scatterplot";
import { scaleLinear } from "d3-scale";
import { categoryColors, VIRIDIS } from "../shared/colors.js";
import { normalisation, toColumns } from "./scales.js";

export class ScatterMap {
  /**
   * @param {HTMLElement} container
   * @param {{ width: number, height: number, background: number[], lasso: number[],
   *   onSelect: (ids: number[]) => void, onDeselect: () => void, onView: () => void,
   *   onPointOver: (i: number) => void, onPointOut: () => void }} options
   */
  constructor(container, options) {
    this.canvas = document.createElement("canvas");
    this.canvas.className = "lw-map-canvas";
    container.append(this.canvas);
    this.frame = { cx: 0, cy: 0, half: 1 };
    this.xScale = scaleLinear().domain([-1, 1]);
    this.yScale = scaleLinear().domain([-1, 1]);
    this.count = 0;
    this.plot = createScatterplot({
      canvas: this.canvas,
      width: options.width,
      height: options.height,
      xScale: this.xScale,
      yScale: this.yScale,
      backgroundColor: options.background,
      lassoColor: options.lasso,
      pointSize: 4,
      pointSizeSelected: 2,
      pointOutlineWidth: 2,
      opacity: 0.8,
      deselectOnDblClick: true,
      deselectOnEscape: true,
      performanceMode: false,
    });
    this.subscriptions = [
      ["select", ({ points }) => options.onSelect(Array.from(points))],
      ["deselect", () => options.onDeselect()],
      ["view", () => options.onView()],
      ["pointover", (index) => options.onPointOver(index)],
      ["pointout", () => options.onPointOut()],
    ].map(([event, handler]) => [event, this.plot.subscribe(event, handler)]);
  }

  /**
   * Draw new points (a transition when the count is unchanged and `animate` is set).
   * @param {ArrayLike<number>} xy
   * @param {{ categories: ArrayLike<number> | null, values: ArrayLike<number> | null,
   *   classCount: number, animate?: boolean }} encoding
   */
  async setPoints(xy, encoding) {
    const animate = Boolean(encoding.animate) && xy.length / 2 === this.count;
    this.frame = normalisation(xy);
    this.applyScales();
    this.setEncoding(encoding);
    this.count = xy.length / 2;
    const columns = toColumns(xy, this.frame, encoding.categories, encoding.values);
    await this.plot.draw(columns, {
      transition: animate,
      transitionDuration: 600,
      zDataType: "categorical",
      wDataType: "continuous",
      preventFilterReset: true,
    });
  }

  /**
   * Give regl-scatterplot scales whose domains are the data frame (what [-1, 1] stands for);
   * it then keeps them in step with the camera and the canvas size. New objects each time:
   * it updates both scales when it takes the first, so a reused y scale would be overwritten
   * before it is read. Called again after a resize, whose aspect ratio the view depends on.
   */
  applyScales() {
    const { cx, cy, half } = this.frame;
    this.xScale = scaleLinear().domain([cx - half, cx + half]);
    this.yScale = scaleLinear().domain([cy - half, cy + half]);
    this.plot.set({ xScale: this.xScale, yScale: this.yScale });
  }

  /** Colour by category (z) or by value (w). */
  setEncoding({ values, classCount }) {
    if (values) {
      this.plot.set({ colorBy: "valueB", pointColor: VIRIDIS });
    } else {
      this.plot.set({ colorBy: "valueA", pointColor: categoryColors(classCount) });
    }
  }

  /** @param {{ pointSize?: number, opacity?: number, background?: number[] }} style */
  setStyle(style) {
    const props = {};
    if (style.pointSize !== undefined) props.pointSize = style.pointSize;
    if (style.opacity !== undefined) props.opacity = style.opacity;
    if (style.background !== undefined) props.backgroundColor = style.background;
    this.plot.set(props);
  }

  /** Show only these point indices (null: all). */
  setVisible(indices) {
    if (indices === null) this.plot.unfilter({ preventEvent: true });
    else this.plot.filter(indices, { preventEvent: true });
  }

  /** Select points without echoing a select event back. */
  select(indices) {
    if (indices.length) this.plot.select(indices, { preventEvent: true });
    else this.plot.deselect({ preventEvent: true });
  }

  /** @returns {number} the index of the point under the mouse, or -1 */
  hoveredPoint() {
    const hovered = this.plot.get("hoveredPoint");
    return Number.isInteger(hovered) ? hovered : -1;
  }

  /** Data position → CSS pixel inside the canvas. */
  dataToPixel(x, y) {
    return [this.xScale(x), this.yScale(y)];
  }

  /** CSS pixel inside the canvas → data position. */
  pixelToData(px, py) {
    return [this.xScale.invert(px), this.yScale.invert(py)];
  }

  /** Resize the canvas; the scales follow once regl-scatterplot has the new aspect ratio. */
  async resize(width, height) {
    await this.plot.set({ width, height }); // the aspect ratio updates on the next frame
    this.applyScales();
  }

  /** The rendered map as ImageData (for tests and exports). */
  snapshot() {
    return this.plot.export();
  }

  destroy() {
    for (const [event, handle] of this.subscriptions) this.plot.unsubscribe(event, handle);
    this.plot.destroy();
    this.canvas.remove();
  }
}
