// The WebGL map: regl-scatterplot behind a small interface (data in, events out).
// regl-scatterplot wants positions in [-1, 1]; we normalise the data and keep d3 scales
// that it updates on pan and zoom, so data ↔ pixel conversions stay exact.
// Hover is ours (hover.js, pointer-gate.js): moves without a button never reach
// regl-scatterplot, whose own hover redraws every point on every move over a point.

import createScatterplot from "regl-scatterplot";
import { scaleLinear } from "d3-scale";
import { categoryColors, VIRIDIS } from "../shared/colors.js";
import { normalisation, toColumns } from "./scales.js";
import { clickRadius, hoverRadius, pixelCircle, pointScale } from "./picking.js";
import { PointIndex } from "./point-index.js";
import { HoverTracker } from "./hover.js";
import { PointerGate, syncCamera } from "./pointer-gate.js";
import { fitDistance, isFitted, resizedCamera } from "./camera.js";
import { FrozenPan } from "./frozen-pan.js";
import { directRenderer, readPixels } from "./renderer.js";

/** The colour of the points outside a selection while one is shown: a mid grey that stays
 * visible on light and dark backgrounds (the selected points keep their colours). */
export const INACTIVE_COLOR = "#777777"; // 3:1 on white and on #111 at the default opacity 0.8

export class ScatterMap {
  /**
   * @param {HTMLElement} container
   * @param {{ width: number, height: number, background: number[], lasso: number[],
   *   onSelect: (ids: number[]) => void, onDeselect: () => void, onView: () => void,
   *   onPointOver: (i: number) => void, onPointOut: () => void }} options
   */
  constructor(container, options) {
    this.container = container;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "lw-map-canvas";
    container.append(this.canvas);
    this.frame = { cx: 0, cy: 0, half: 1 };
    this.xScale = scaleLinear().domain([-1, 1]);
    this.yScale = scaleLinear().domain([-1, 1]);
    this.count = 0;
    this.size = { width: options.width, height: options.height };
    this.pointSize = 4;
    this.palette = categoryColors(0);
    this.selecting = false; // whether a selection is shown (the other points are grey)
    this.points = new PointIndex(); // what the hover and click tests pick from
    this.draws = 0; // frames regl-scatterplot rendered (for tests and benchmarks)
    this.frozenPan = new FrozenPan(this.canvas, () => ({ xScale: this.xScale, yScale: this.yScale }),
      () => this.plot.redraw());
    this.renderer = directRenderer(this.canvas, options.width, options.height, {
      allowsDrawing: () => this.frozenPan.allowsDrawing(performance.now()),
      drawn: () => {
        this.draws += 1;
        this.frozenPan.drawn();
      },
    });
    this.plot = createScatterplot({
      renderer: this.renderer,
      canvas: this.canvas,
      width: options.width,
      height: options.height,
      xScale: this.xScale,
      yScale: this.yScale,
      backgroundColor: options.background,
      lassoColor: options.lasso,
      pointSize: this.pointSize,
      pointSizeSelected: 2,
      pointOutlineWidth: 2,
      opacity: 0.8,
      deselectOnDblClick: false, // a double-click on empty space resets the view (view.js)
      deselectOnEscape: true,
      performanceMode: false,
    });
    // after regl-scatterplot's own frame listener: the scales are then the camera's
    this.stopTicking = this.renderer.onFrame(() => this.frozenPan.tick(performance.now()));
    this.listenToPointer(container, options);
    this.subscriptions = this.subscribe(options);
  }

  /** Our hover test and ring, fed by the gate that keeps moves from regl-scatterplot. */
  listenToPointer(container, options) {
    this.hover = new HoverTracker(container, {
      pick: (px, py) => this.pick(px, py, this.hoverRadius()),
      toPixel: (i) => this.pointToPixel(i),
      diameter: () => this.pointSize * this.scale(),
      onOver: options.onPointOver,
      onOut: options.onPointOut,
    });
    this.gate = new PointerGate(container, {
      hover: (event) => this.hover.moveTo(...this.local(event)),
      leave: () => this.hover.clear(),
      dragStart: (press) => this.dragStart(press),
      dragEnd: () => this.dragEnd(),
    });
    // the gate ends a drag at the next move without a button; a frozen pan ends at the release
    this.releasePan = () => this.frozenPan.end();
    window.addEventListener("pointerup", this.releasePan, true);
  }

  /** regl-scatterplot's events → the options' callbacks; returns [event, handle] pairs. */
  subscribe(options) {
    // With the gate off, regl-scatterplot's own hover events stand in for ours.
    const unlessGated = (handler) => (...args) => {
      if (this.gate.enabled) return;
      this.hover.changes += 1;
      handler(...args);
    };
    return [
      ["select", ({ points }) => {
        this.showSelecting(points.length > 0);
        options.onSelect(Array.from(points));
      }],
      ["deselect", () => {
        this.showSelecting(false);
        options.onDeselect();
      }],
      ["view", () => {
        options.onView();
        this.hover.refresh();
      }],
      ["pointover", unlessGated((index) => options.onPointOver(index))],
      ["pointout", unlessGated(() => options.onPointOut())],
    ].map(([event, handler]) => [event, this.plot.subscribe(event, handler)]);
  }

  /**
   * Draw new points (a transition when the count is unchanged and `animate` is set).
   * @param {ArrayLike<number>} xy
   * @param {{ categories: ArrayLike<number> | null, values: ArrayLike<number> | null,
   *   classCount: number, animate?: boolean }} encoding
   */
  async setPoints(xy, encoding) {
    this.frozenPan.reset();
    const animate = Boolean(encoding.animate) && xy.length / 2 === this.count;
    const frame = normalisation(xy);
    const moved = ["cx", "cy", "half"].some((key) => frame[key] !== this.frame[key]);
    this.frame = frame;
    this.applyScales();
    // A new map (another projection or layer) is shown whole: the old zoom meant nothing there.
    if (moved || !this.count) this.camera().lookAt([0, 0], this.fitDistance());
    this.setEncoding(encoding);
    this.count = xy.length / 2;
    const columns = toColumns(xy, this.frame, encoding.categories, encoding.values);
    this.points.clear();
    this.hover.refresh();
    await this.plot.draw(columns, {
      transition: animate,
      transitionDuration: 600,
      zDataType: "categorical",
      wDataType: "continuous",
      preventFilterReset: true,
    });
    this.points.set(columns, this.plot.get("spatialIndex"));
    this.hover.refresh();
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
    this.palette = values ? VIRIDIS : categoryColors(classCount);
    this.plot.set({ colorBy: values ? "valueB" : "valueA" });
    this.applyColors();
  }

  /**
   * The colours drawn: selected points in their own colours (regl-scatterplot's active
   * colours, one per colour when all three lists have the same length) and, while a
   * selection is shown, every other point in INACTIVE_COLOR.
   */
  applyColors() {
    const { palette } = this;
    const base = this.selecting ? palette.map(() => INACTIVE_COLOR) : palette;
    this.plot.set({ pointColor: base, pointColorActive: palette, pointColorHover: palette });
  }

  /** @param {boolean} on whether a selection is shown */
  showSelecting(on) {
    if (on === this.selecting) return;
    this.selecting = on;
    this.applyColors();
  }

  /** @param {{ pointSize?: number, opacity?: number, background?: number[] }} style */
  setStyle(style) {
    const props = {};
    if (style.pointSize !== undefined) props.pointSize = this.pointSize = style.pointSize;
    if (style.opacity !== undefined) props.opacity = style.opacity;
    if (style.background !== undefined) props.backgroundColor = style.background;
    this.plot.set(props);
    this.hover.refresh();
  }

  /** Show only these point indices (null: all). */
  setVisible(indices) {
    if (indices === null) this.plot.unfilter({ preventEvent: true });
    else this.plot.filter(indices, { preventEvent: true });
    this.points.setVisible(this.count, indices);
    this.hover.refresh();
  }

  /** Select points without echoing a select event back. */
  select(indices) {
    if (indices.length) this.plot.select(indices, { preventEvent: true });
    else this.plot.deselect({ preventEvent: true });
    this.showSelecting(indices.length > 0);
  }

  /** @returns {number} the index of the hovered point (ringed), or -1 */
  hoveredPoint() {
    if (this.gate.enabled) return this.hover.index;
    const hovered = this.plot.get("hoveredPoint");
    return Number.isInteger(hovered) ? hovered : -1;
  }

  /**
   * The point a click at CSS pixel (px, py) of the canvas lands on: within its drawn radius
   * plus a pixel of slop (`clickRadius`), else -1 (a click between points), whatever the
   * larger hover test finds there.
   */
  clickedPoint(px, py) {
    return this.pick(px, py, clickRadius(this.pointSize, this.scale()));
  }

  /** The shown point within the hover radius of CSS pixel (px, py), or -1 (empty space). */
  pointNear(px, py) {
    return this.pick(px, py, this.hoverRadius());
  }

  /** The nearest shown point closer than `radius` CSS pixels to (px, py), or -1. */
  pick(px, py, radius) {
    if (px < 0 || py < 0 || px > this.size.width || py > this.size.height) return -1;
    const circle = pixelCircle(px, py, radius, this.xScale, this.yScale, this.frame);
    return this.points.nearest(circle.x, circle.y, circle.r);
  }

  /** regl-scatterplot's hover radius at the current zoom, in CSS pixels. */
  hoverRadius() {
    return hoverRadius(this.pointSize, this.scale(), this.pixelRatio());
  }

  /** How much larger than `pointSize` points are drawn at the current zoom. */
  scale() {
    return pointScale(this.plot.get("camera").scaling[0], this.pointSize);
  }

  pixelRatio() {
    return this.canvas.height / this.size.height || 1;
  }

  /** Point `i` → CSS pixel inside the canvas. */
  pointToPixel(i) {
    const { cx, cy, half } = this.frame;
    const [x, y] = this.points.position(i);
    return this.dataToPixel(cx + half * x, cy + half * y);
  }

  /**
   * The page (client) position of the canvas's top-left corner at rest: the map box's, where
   * the canvas sits (a frozen pan moves the canvas, not the box).
   * @returns {[number, number]}
   */
  clientOrigin() {
    const rect = this.container.getBoundingClientRect();
    return [rect.left, rect.top];
  }

  /** @param {MouseEvent} event → CSS pixel inside the canvas */
  local(event) {
    const [left, top] = this.clientOrigin();
    return [event.clientX - left, event.clientY - top];
  }

  /** A drag begins: no hover while it lasts, and the camera learns where the press was. */
  dragStart(press) {
    this.hover.suspend();
    // The camera pans with the primary button alone; a lasso (shift) fixes it.
    if (press && press.buttons === 1 && !press.shiftKey) {
      const rotate = Boolean(this.plot.get("actionKeyMap")?.rotate);
      syncCamera(this.plot.get("camera"), press.x, press.y, rotate);
      this.frozenPan.begin();
    }
  }

  /** A drag ended: regl-scatterplot may have marked a point meanwhile; ours again. */
  dragEnd() {
    this.frozenPan.end();
    this.hover.resume();
    const marked = this.plot.get("hoveredPoint");
    if (Number.isInteger(marked)) this.plot.hover(-1, { preventEvent: true });
  }

  /**
   * Whether moves without a button are kept from regl-scatterplot (on: the default). Off, it
   * hit-tests and marks points itself, as before the gate: for benchmarks only.
   */
  setPointerGate(on) {
    this.gate.enabled = on;
    this.hover.clear();
    if (on) this.dragEnd();
  }

  /** Data position → CSS pixel inside the canvas. */
  dataToPixel(x, y) {
    return [this.xScale(x), this.yScale(y)];
  }

  /** CSS pixel inside the canvas → data position. */
  pixelToData(px, py) {
    return [this.xScale.invert(px), this.yScale.invert(py)];
  }

  /**
   * Resize the canvas; the scales follow once regl-scatterplot has the new aspect ratio. The
   * camera follows `resizedCamera`: a fitted view is fitted again, a zoomed or panned one keeps
   * its centre and scale.
   */
  async resize(width, height) {
    const camera = this.camera();
    const next = resizedCamera({ target: camera.target, distance: camera.distance[0] },
      this.size, { width, height });
    // Size and camera change together, before any await: a resize that comes while this one
    // waits (a layout settling in steps) must see the camera that goes with the size.
    this.size = { width, height };
    this.frozenPan.reset();
    camera.lookAt(next.target, next.distance);
    const set = this.plot.set({ width, height }); // the aspect ratio updates on the next frame
    this.renderer.resize(width, height); // at once: no frame drawn at the new size from the old
    await set;
    this.applyScales();
    camera.translate([0, 0]); // a camera change: its next tick recomputes the scales and redraws
    this.hover.refresh();
  }

  /** The camera (dom-2d-camera) regl-scatterplot draws with. */
  camera() {
    return this.plot.get("camera");
  }

  /** The camera distance at which the whole frame fits the canvas (camera.js). */
  fitDistance() {
    return fitDistance(this.size.width / this.size.height);
  }

  /** Whether the view is at its fitted camera (not zoomed or panned since). */
  isFitted() {
    const camera = this.camera();
    return isFitted(camera.target, camera.distance[0], this.size.width / this.size.height);
  }

  /** Back to the fitted view; resolves once it is drawn. */
  resetView() {
    return this.plot.zoomToLocation([0, 0], this.fitDistance());
  }

  /** The rendered map as ImageData (for tests and exports). */
  snapshot() {
    return readPixels(this.renderer);
  }

  destroy() {
    this.stopTicking();
    window.removeEventListener("pointerup", this.releasePan, true);
    this.gate.destroy();
    this.hover.destroy();
    for (const [event, handle] of this.subscriptions) this.plot.unsubscribe(event, handle);
    this.plot.destroy();
    this.renderer.destroy();
    this.canvas.remove();
  }
}
