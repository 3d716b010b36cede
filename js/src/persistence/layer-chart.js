// The layer chart: how a Betti number changes through the network's layers, for all points
// (thick) and per class (thin). It answers "where do the loops appear?"; clicking a layer
// switches the diagrams to it.

import { element } from "../shared/dom.js";
import { categoryColor } from "../shared/colors.js";
import { niceTicks } from "./diagram-scales.js";

const SVG = "http://www.w3.org/2000/svg";
const MARGIN = { left: 34, right: 12, top: 10, bottom: 30 };
const HEIGHT = 160;

/**
 * The lines to draw for dimension position `which` (an index into chart.dims).
 * @param {{ layers: string[], all: number[][], classes?: string[], per_class?: number[][][] }} chart
 * @param {number} which
 */
export function layerSeries(chart, which) {
  const pick = (rows) => (rows ?? []).map((row) => Number(row?.[which] ?? 0));
  const all = pick(chart.all);
  const perClass = (chart.per_class ?? []).map((rows, code) => ({
    code,
    name: String(chart.classes?.[code] ?? `class ${code}`),
    values: pick(rows),
  }));
  const max = Math.max(1, ...all, ...perClass.flatMap((c) => c.values));
  return { layers: (chart.layers ?? []).map(String), all, perClass, max };
}

function svg(tag, attributes, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  parent?.append(node);
  return node;
}

export class LayerChart {
  /**
   * @param {HTMLElement} parent
   * @param {(layer: string) => void} onLayer
   */
  constructor(parent, onLayer) {
    this.element = element("div", "lw-layer-chart", parent);
    this.element.hidden = true;
    const head = element("div", "lw-layer-chart-head", this.element);
    element("span", "lw-layer-chart-title", head).textContent = "Betti number by layer";
    this.toggle = element("div", "lw-segmented", head);
    this.toggle.setAttribute("role", "group");
    this.toggle.setAttribute("aria-label", "Betti number shown");
    this.svg = svg("svg", { class: "lw-layer-chart-svg", role: "img" }, this.element);
    this.legend = element("div", "lw-legend", this.element);
    this.scale = element("div", "lw-layer-chart-scale", this.element);
    this.onLayer = onLayer;
    this.which = -1;
    this.chart = {};
    this.width = 480;
  }

  /** @param {any} chart the layer_chart trait ({} hides the chart) */
  show(chart, width = this.width) {
    this.chart = chart ?? {};
    this.width = Math.max(240, width);
    const layers = this.chart.layers ?? [];
    this.element.hidden = layers.length === 0;
    if (this.element.hidden) return;
    const dims = this.chart.dims ?? [0, 1];
    // Loops are what the chart is for: show β1 first when it was computed.
    if (this.which < 0 || this.which >= dims.length) this.which = Math.max(0, dims.indexOf(1));
    this.toggle.replaceChildren();
    dims.forEach((dim, which) => {
      const button = element("button", "lw-button", this.toggle);
      button.type = "button";
      button.dataset.dim = String(dim);
      button.textContent = `β${dim}`;
      button.setAttribute("aria-pressed", String(which === this.which));
      button.addEventListener("click", () => {
        this.which = which;
        this.show(this.chart);
      });
    });
    this.element.dataset.dim = String(dims[this.which]);
    this.draw(layerSeries(this.chart, this.which), String(this.chart.active ?? ""));
    this.scale.textContent = String(this.chart.scale_text ?? "");
  }

  draw(series, active) {
    const { width } = this;
    const root = this.svg;
    root.replaceChildren();
    root.setAttribute("width", String(width));
    root.setAttribute("height", String(HEIGHT));
    root.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    const n = series.layers.length;
    const left = MARGIN.left;
    const right = width - MARGIN.right;
    const bottom = HEIGHT - MARGIN.bottom;
    const column = (right - left) / Math.max(1, n);
    const px = (i) => left + column * (i + 0.5);
    const py = (v) => bottom - ((bottom - MARGIN.top) * v) / series.max;

    for (const tick of niceTicks(0, series.max, 4).filter(Number.isInteger)) {
      svg("line", { class: "lw-grid", x1: left, x2: right, y1: py(tick), y2: py(tick) }, root);
      const label = svg("text", { class: "lw-axis-text", x: left - 5, y: py(tick) + 4, "text-anchor": "end" }, root);
      label.textContent = String(tick);
    }
    series.layers.forEach((name, i) => {
      const isActive = name === active;
      // The whole column is the click target, so a layer is easy to hit.
      const hit = svg("rect", {
        class: "lw-layer-column", x: left + column * i, y: MARGIN.top, width: column,
        height: bottom - MARGIN.top, "data-layer": name, "data-active": isActive,
      }, root);
      const tick = svg("text", {
        class: "lw-layer-tick", x: px(i), y: bottom + 16, "text-anchor": "middle",
        "data-layer": name, "data-active": isActive,
      }, root);
      tick.textContent = name.length > 14 ? `${name.slice(0, 13)}…` : name;
      svg("title", {}, tick).textContent = name;
      for (const node of [hit, tick]) node.addEventListener("click", () => this.onLayer(name));
    });
    const line = (values, attributes) => {
      const points = values.map((v, i) => `${px(i)},${py(v)}`).join(" ");
      return svg("polyline", { points, fill: "none", ...attributes }, root);
    };
    for (const { code, values } of series.perClass) {
      line(values, { class: "lw-class-line", stroke: categoryColor(code), "stroke-width": 1.2, "data-code": code });
    }
    line(series.all, { class: "lw-all-line", "stroke-width": 3 });

    this.legend.replaceChildren();
    this.legend.hidden = series.perClass.length === 0;
    const entry = (text, color, className) => {
      const item = element("span", `lw-legend-item ${className}`, this.legend);
      const swatch = element("span", "lw-line-swatch", item);
      if (color) swatch.style.background = color;
      element("span", "lw-legend-label", item).textContent = text;
    };
    entry("all points", null, "lw-legend-all");
    for (const { code, name } of series.perClass) entry(name, categoryColor(code), "lw-legend-class");
  }
}
