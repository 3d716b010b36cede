// The drawn points as the hover and click tests see them: regl-scatterplot's spatial index
// (a KDBush over the normalised positions it draws, reused, not rebuilt) and which points
// are shown.

import KDBush from "kdbush";
import { nearestPoint } from "./picking.js";

export class PointIndex {
  constructor() {
    this.columns = null; // { x, y } normalised positions, as drawn
    this.index = null; // null until regl-scatterplot has built its index
    this.visible = null; // 1 per shown point, null: all
  }

  /** New points are on their way: nothing to pick until they are drawn. */
  clear() {
    this.index = null;
  }

  /**
   * regl-scatterplot drew `columns` and built its index over them.
   * @param {{ x: Float32Array, y: Float32Array }} columns
   * @param {ArrayBuffer | undefined} data `plot.get("spatialIndex")`
   */
  set(columns, data) {
    this.columns = columns;
    this.index = data ? KDBush.from(data) : null;
  }

  /** Only these points may be picked (null: all of the `count`). */
  setVisible(count, indices) {
    this.visible = indices === null ? null : new Uint8Array(count);
    if (this.visible) for (const i of indices) this.visible[i] = 1;
  }

  /** The nearest shown point closer than `r` to (x, y), normalised coordinates; or -1. */
  nearest(x, y, r) {
    if (!this.index) return -1;
    return nearestPoint(this.index, this.columns.x, this.columns.y, x, y, r, this.visible);
  }

  /** @returns {[number, number]} point `i`, normalised */
  position(i) {
    return [this.columns.x[i], this.columns.y[i]];
  }
}
