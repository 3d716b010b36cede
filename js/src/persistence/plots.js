// The two plots of the features, side by side or one at a time: the persistence diagram and
// the barcode. Both are canvases (thousands of H0 bars stay cheap); this class owns their
// layouts, draws them, and turns pointer positions into features for hover and click.

import { element } from "../shared/dom.js";
import { describeFeature } from "./features.js";
import { diagramDomain, diagramLayout } from "./diagram-scales.js";
import { barcodeLayout, foldText } from "./barcode-layout.js";
import { barAt, foldAt, nearestFeature } from "./hit-test.js";
import { placeTooltip } from "../shared/tooltip-position.js";
import { drawDiagram } from "./diagram.js";
import { drawBarcode } from "./barcode.js";
import { sizeCanvas } from "../shared/canvas.js";
import { dimColor } from "./theme.js";

const MIN_WIDTH = 220;

/** Widths of the diagram (a square) and the barcode for a container `width` wide. */
export function plotSizes(view, width) {
  const w = Math.max(MIN_WIDTH, width);
  if (view === "diagram") return { diagram: Math.min(420, w), barcode: MIN_WIDTH };
  if (view === "barcode") return { diagram: MIN_WIDTH, barcode: w };
  const diagram = Math.min(360, Math.max(MIN_WIDTH, Math.floor(w * 0.42)));
  return { diagram, barcode: Math.max(MIN_WIDTH, w - diagram - 16) };
}

export class PersistencePlots {
  /**
   * @param {HTMLElement} parent
   * @param {{ onPick: (id: number) => void }} handlers id −1 = empty space
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-plots", parent);
    this.diagramBox = element("div", "lw-diagram-box", this.element);
    this.diagram = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-diagram", this.diagramBox));
    this.legend = element("div", "lw-dim-legend", this.diagramBox);
    this.barcodeBox = element("div", "lw-barcode-box", this.element);
    this.barcode = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-barcode", this.barcodeBox));
    this.tooltip = element("div", "lw-persistence-tooltip", this.element);
    this.tooltip.hidden = true;
    this.scene = { features: [], eps: 0, errorBound: 0, selected: -1, theme: null, maxdim: 1 };
    this.view = "both";
    this.width = 0;
    this.contexts = { diagram: null, barcode: null };
    this.layouts = { diagram: null, barcode: null };

    this.listeners = [];
    for (const where of ["diagram", "barcode"]) {
      const canvas = this[where];
      const on = (type, fn) => {
        canvas.addEventListener(type, fn);
        this.listeners.push(() => canvas.removeEventListener(type, fn));
      };
      on("pointermove", (event) => this.hover(where, event));
      on("pointerleave", () => this.hideTooltip());
      on("click", (event) => handlers.onPick(this.featureAt(where, event.clientX, event.clientY)));
    }
  }

  /** New features, bound or dimensions: the domain and both layouts change. */
  setData({ features, errorBound, maxdim }) {
    Object.assign(this.scene, { features, errorBound, maxdim });
    this.domain = diagramDomain(features);
    this.showLegend();
    this.layout(this.width);
  }

  /** @param {Partial<{eps: number, selected: number, theme: any}>} changes */
  update(changes) {
    Object.assign(this.scene, changes);
    this.draw();
  }

  setView(view) {
    this.view = ["diagram", "barcode", "both"].includes(view) ? view : "both";
    this.diagramBox.hidden = this.view === "barcode";
    this.barcodeBox.hidden = this.view === "diagram";
    this.element.dataset.view = this.view;
    this.hideTooltip();
    this.layout(this.width);
  }

  /** Lay both plots out for a container `width` wide and draw them. */
  layout(width) {
    this.width = width;
    const sizes = plotSizes(this.view, width);
    const domain = this.domain ?? [0, 1];
    this.layouts.diagram = diagramLayout(domain, sizes.diagram, sizes.diagram);
    this.layouts.barcode = barcodeLayout(this.scene.features, domain, sizes.barcode);
    const folded = this.layouts.barcode.blocks.reduce((n, b) => n + (b.fold?.ids.length ?? 0), 0);
    this.barcode.dataset.folded = String(folded);
    this.contexts.diagram = sizeCanvas(this.diagram, sizes.diagram, sizes.diagram);
    this.contexts.barcode = sizeCanvas(this.barcode, sizes.barcode, this.layouts.barcode.height);
    this.barcode.dataset.rowHeight = String(this.layouts.barcode.minStep);
    this.draw();
  }

  draw() {
    if (!this.scene.theme || !this.layouts.diagram) return;
    drawDiagram(this.contexts.diagram, { ...this.scene, layout: this.layouts.diagram });
    drawBarcode(this.contexts.barcode, { ...this.scene, layout: this.layouts.barcode });
  }

  showLegend() {
    this.legend.replaceChildren();
    const present = new Set(this.scene.features.map((f) => f.dim));
    for (let dim = 0; dim <= Math.max(this.scene.maxdim, ...present, 0); dim += 1) {
      const item = element("span", "lw-legend-item", this.legend);
      item.dataset.dim = String(dim);
      element("span", "lw-swatch", item).style.background = dimColor(dim);
      element("span", "lw-legend-label", item).textContent = `H${dim}`;
    }
  }

  /** Canvas-local CSS pixels of a client position (the canvas may be scaled by CSS). */
  local(where, clientX, clientY) {
    const canvas = this[where];
    const layout = this.layouts[where];
    const rect = canvas.getBoundingClientRect();
    const sx = rect.width ? layout.width / rect.width : 1;
    const sy = rect.height ? layout.height / rect.height : 1;
    return [(clientX - rect.left) * sx, (clientY - rect.top) * sy];
  }

  /** Id of the feature at a client position in one plot; −1 for empty space. */
  featureAt(where, clientX, clientY) {
    const layout = this.layouts[where];
    if (!layout) return -1;
    const [px, py] = this.local(where, clientX, clientY);
    const { features } = this.scene;
    if (where === "diagram") return nearestFeature(features, (f) => layout.featureToPixel(f), px, py);
    return barAt(layout, features, px, py);
  }

  /** Client position of the centre of feature `id` in one plot (for scripted clicks). */
  featureToClient(id, where = "diagram") {
    const feature = this.scene.features[id];
    const layout = this.layouts[where];
    if (!feature || !layout) throw new RangeError(`no feature ${id} in the ${where}`);
    let px;
    let py;
    if (where === "diagram") {
      [px, py] = layout.featureToPixel(feature);
    } else {
      if (!layout.rows.has(id)) throw new RangeError(`feature ${id} is folded in the barcode`);
      const [x0, x1] = layout.extent(feature);
      [px, py] = [(x0 + x1) / 2, layout.rows.get(id).y];
    }
    const rect = this[where].getBoundingClientRect();
    const sx = rect.width ? rect.width / layout.width : 1;
    const sy = rect.height ? rect.height / layout.height : 1;
    return [rect.left + px * sx, rect.top + py * sy];
  }

  /** The tooltip of what is under the pointer: a feature, or a folded row of the barcode. */
  hover(where, event) {
    const id = this.featureAt(where, event.clientX, event.clientY);
    const feature = this.scene.features[id];
    const fold = feature || where !== "barcode" ? null : this.foldUnder(event);
    if (!feature && !fold) return this.hideTooltip();
    // Text, never HTML.
    this.tooltip.textContent = feature
      ? describeFeature(feature)
      : `${foldText(fold, this.scene.features, this.scene.errorBound)} (folded: select them in the diagram)`;
    if (feature) this.tooltip.dataset.feature = String(id);
    else delete this.tooltip.dataset.feature;
    placeTooltip(this.tooltip, this.element, event.clientX, event.clientY);
    this[where].style.cursor = feature ? "pointer" : "";
  }

  /** The folded row of the barcode under a pointer event, or null. */
  foldUnder(event) {
    const layout = this.layouts.barcode;
    return layout ? foldAt(layout, ...this.local("barcode", event.clientX, event.clientY)) : null;
  }

  hideTooltip() {
    this.tooltip.hidden = true;
    delete this.tooltip.dataset.feature;
    this.diagram.style.cursor = "";
    this.barcode.style.cursor = "";
  }

  destroy() {
    for (const off of this.listeners) off();
    this.listeners = [];
  }
}
