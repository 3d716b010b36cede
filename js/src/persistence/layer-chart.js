// The layer chart: how the Betti numbers change through the network, one panel per homology
// dimension, one line per class (with the range of a landmark sweep as a band), "all points"
// as a secondary dashed line when there are classes. It shows the effect Naitzat, Zhitnikov
// and Lim describe: each class's topology simplifies layer by layer (say from β = (3, 3) to
// (1, 0)). Clicking a layer's column switches the widget to that layer; clicking a legend
// entry hides or shows its line, double-clicking shows it alone.

import { element } from "../shared/dom.js";
import { readLayerChart, shortCaption } from "./layer-chart-data.js";
import { chartLayout, integerTicks, layerAt, panelTop } from "./layer-chart-layout.js";
import { svg } from "../shared/dom.js";
import { drawColumns, drawLayerAxis, drawPanel } from "./layer-chart-svg.js";

export { readLayerChart } from "./layer-chart-data.js";

const TICKS = 6; // most y ticks a panel shows
const LEGEND_HINT = "click: hide or show · double-click: show it alone";

export class LayerChart {
  /**
   * @param {HTMLElement} parent
   * @param {(layer: string) => void} onLayer called with the name of the layer clicked
   */
  constructor(parent, onLayer) {
    this.element = element("div", "lw-layer-chart", parent);
    this.element.hidden = true;
    const head = element("div", "lw-layer-chart-head", this.element);
    element("span", "lw-layer-chart-title", head).textContent = "Betti numbers by layer";
    this.subtitle = element("span", "lw-layer-chart-subtitle", head);
    this.errorBox = element("p", "lw-layer-chart-error", this.element);
    this.legend = element("div", "lw-legend lw-layer-legend", this.element);
    this.legend.setAttribute("role", "group");
    this.legend.setAttribute("aria-label", "lines shown");
    this.svg = svg("svg", { class: "lw-layer-chart-svg", role: "img" }, this.element);
    this.scale = element("div", "lw-layer-chart-scale", this.element);
    this.svg.addEventListener("click", (event) => this.click(event));
    this.onLayer = onLayer;
    /** Keys of the lines hidden with the legend; kept while the chart updates. */
    this.hidden = new Set();
    this.chart = {};
    this.width = 640;
    this.layout = null;
  }

  /**
   * Show the `layer_chart` trait: `{}` hides the chart, `{layers: [], error}` says why it is
   * missing.
   * @param {any} chart
   * @param {number} [width] the width available, in CSS pixels
   */
  show(chart, width = this.width) {
    this.chart = chart ?? {};
    this.width = width;
    const data = readLayerChart(this.chart);
    this.data = data;
    this.element.hidden = data.layers.length === 0 && !data.error;
    this.element.dataset.state = data.error ? "error" : "ready";
    this.errorBox.hidden = !data.error;
    this.errorBox.textContent = data.error
      ? `The layer chart could not be computed: ${data.error}`
      : "";
    const empty = data.layers.length === 0;
    for (const part of [this.legend, this.svg, this.scale, this.subtitle]) {
      part.toggleAttribute("hidden", empty);
    }
    if (empty) return;
    this.subtitle.textContent = data.classes.length
      ? `per class (${data.classes.length}), all points dashed`
      : "all points";
    this.showLegend(data);
    this.draw(data);
    const text = String(this.chart.scale_text ?? "");
    this.scale.textContent = shortCaption(text, this.chart.landmarks ?? []);
    this.scale.title = text;
  }

  /** The legend: one toggle per class and one for "all points" (only with classes). */
  showLegend(data) {
    this.legend.replaceChildren();
    this.legend.hidden = data.classes.length === 0;
    const entries = [...data.classes, { key: "all", name: "all points", color: null }];
    for (const entry of entries) {
      const item = /** @type {HTMLButtonElement} */ (
        element("button", "lw-legend-item", this.legend)
      );
      item.type = "button";
      item.dataset.key = entry.key;
      item.classList.add(entry.color ? "lw-legend-class" : "lw-legend-all");
      item.setAttribute("aria-pressed", String(!this.hidden.has(entry.key)));
      item.title = LEGEND_HINT;
      const swatch = element("span", "lw-line-swatch", item);
      if (entry.color) swatch.style.background = entry.color;
      element("span", "lw-legend-label", item).textContent = entry.name;
      item.addEventListener("click", () => this.toggle(entry.key));
      item.addEventListener("dblclick", () => this.solo(entry.key, entries.map((e) => e.key)));
    }
  }

  /** Hide line `key`, or show it again. */
  toggle(key) {
    if (this.hidden.has(key)) this.hidden.delete(key);
    else this.hidden.add(key);
    this.show(this.chart);
  }

  /** Show line `key` alone; when it is already alone, show every line again. */
  solo(key, keys) {
    const alone = keys.every((k) => (k === key) !== this.hidden.has(k));
    this.hidden = new Set(alone ? [] : keys.filter((k) => k !== key));
    this.show(this.chart);
  }

  /** Redraw the panels for the width given to `show`. */
  draw(data) {
    const scales = data.panels.map((panel) => {
      const { top, clipAll } = panelTop(panel.lines, this.hidden);
      return { ...integerTicks(top, TICKS), clipAll };
    });
    const tickDigits = Math.max(1, ...scales.map((s) => String(s.top).length));
    const layout = chartLayout({
      available: this.width, layers: data.layers, panels: data.panels.length, tickDigits,
    });
    this.layout = layout;
    const root = this.svg;
    root.replaceChildren();
    root.setAttribute("width", String(layout.width));
    root.setAttribute("height", String(layout.height));
    root.setAttribute("viewBox", `0 0 ${layout.width} ${layout.height}`);
    root.setAttribute("aria-label", `Betti numbers of ${data.layers.length} layers`);
    drawColumns(root, layout, data, this.hidden);
    data.panels.forEach((panel, index) => {
      drawPanel(root, layout, panel, { index, hidden: this.hidden, scale: scales[index],
        clipAll: scales[index].clipAll });
    });
    drawLayerAxis(root, layout, data);
  }

  /** A click on a column or a label picks its layer; anywhere else, the column under it. */
  click(event) {
    const target = /** @type {Element} */ (event.target);
    let name = target?.closest?.("[data-layer]")?.getAttribute("data-layer");
    if (!name && this.layout) {
      const box = this.svg.getBoundingClientRect();
      const scale = box.width ? this.layout.width / box.width : 1;
      const x = (event.clientX - box.left) * scale;
      const index = layerAt(this.layout, x, this.data.layers.length);
      name = this.data.layers[index];
    }
    if (name) this.onLayer(name);
  }
}
