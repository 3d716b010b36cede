// The layer chart's data: the `layer_chart` trait read into one series per line and panel
// (a panel per homology dimension, a line per class plus "all points"), and the words of
// its caption and tooltips. Pure functions, no DOM.

import { categoryColor } from "../shared/colors.js";

/** What each homology dimension counts, for the panel titles. */
export const DIM_NAMES = ["pieces", "loops", "voids"];

/**
 * @typedef {{ key: string, name: string, code: number, color: string | null, all: boolean,
 *   values: number[], low: number[], high: number[] }} LayerSeries
 *   One line of one panel: a Betti number per layer, and the sweep's range per layer.
 *   `key` names the line in the legend ("all" or "class:<code>").
 */

const number = (value) => {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
};

/**
 * One line of panel `which` from rows per layer (`betti[layer][dim]`) and ranges per layer
 * (`range[layer][dim] = [low, high]`); a missing range is the value itself.
 */
function seriesOf(betti, range, which, fields) {
  const values = (betti ?? []).map((row) => number(row?.[which]));
  const pair = (layer) => range?.[layer]?.[which];
  const low = values.map((v, layer) => Math.min(v, number(pair(layer)?.[0] ?? v)));
  const high = values.map((v, layer) => Math.max(v, number(pair(layer)?.[1] ?? v)));
  return { ...fields, values, low, high };
}

/**
 * Read the `layer_chart` trait: its layers, and per homology dimension the lines to draw.
 * Classes keep their class code, so their colours are the Explorer's.
 * @param {any} chart
 * @returns {{ layers: string[], active: string, error: string, panels: { dim: number,
 *   lines: LayerSeries[] }[], classes: { key: string, name: string, color: string }[] }}
 */
export function readLayerChart(chart) {
  const source = chart ?? {};
  const layers = (source.layers ?? []).map(String);
  const names = (source.classes ?? []).map(String);
  const codes = names.map((_, k) => number(source.codes?.[k] ?? k));
  const classes = names.map((name, k) => ({
    key: `class:${codes[k]}`, name, color: categoryColor(codes[k]),
  }));
  const dims = (source.dims ?? [0, 1]).map(number);
  const panels = dims.map((dim, which) => {
    const all = seriesOf(source.all, source.all_range, which,
      { key: "all", name: "all points", code: -1, color: null, all: true });
    const perClass = classes.map((entry, k) => seriesOf(
      source.per_class?.[k], source.per_class_range?.[k], which,
      { ...entry, code: codes[k], all: false }));
    return { dim, lines: [...perClass, all].filter((line) => line.values.length > 0) };
  });
  return {
    layers,
    active: String(source.active ?? ""),
    error: source.error ? String(source.error) : "",
    panels,
    classes,
  };
}

/**
 * The short caption shown under the chart: the scale sentence's opening words (before its
 * first colon or full stop) and what the bands are. The whole sentence goes in a tooltip.
 * @param {string} text the trait's `scale_text`
 * @param {number[]} [landmarks] per layer, the landmarks of all points
 */
export function shortCaption(text, landmarks = []) {
  const full = String(text ?? "").trim();
  const head = full.split(/[:.;](\s|$)/)[0].trim();
  const counts = landmarks.map(number).filter((n) => n > 0);
  const parts = [];
  if (head) parts.push(head.length > 60 ? `${head.slice(0, 59)}…` : head);
  if (counts.length) {
    const low = Math.min(...counts);
    const high = Math.max(...counts);
    parts.push(`${low === high ? low : `${low}–${high}`} landmarks per set`);
  }
  if (/band/i.test(full)) parts.push("bands: fewer landmarks");
  return parts.join(" · ");
}

/**
 * The values of one layer, in words: the tooltip of a layer's column.
 * @param {ReturnType<typeof readLayerChart>} data
 * @param {number} layer index into data.layers
 * @param {Set<string>} [hidden] keys of lines not shown
 */
export function describeLayer(data, layer, hidden = new Set()) {
  const lines = [data.layers[layer] + (data.layers[layer] === data.active ? " (shown)" : "")];
  for (const { dim, lines: series } of data.panels) {
    const parts = series.filter((s) => !hidden.has(s.key)).map((s) => {
      const v = s.values[layer];
      const range = s.low[layer] < s.high[layer] ? ` (${s.low[layer]}–${s.high[layer]})` : "";
      return `${s.name} ${v}${range}`;
    });
    if (parts.length) lines.push(`β${dim}: ${parts.join(", ")}`);
  }
  lines.push("click to show this layer");
  return lines.join("\n");
}
