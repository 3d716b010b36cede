// Drawing the layer chart in SVG: a column per layer (the click target, the active one
// shaded), and per panel its integer grid, then per line a band (the sweep's range), the
// line and its dots. Colours of the page come from CSS (--jp-* variables), so JupyterLab's
// light and dark themes both apply; class colours are set here, the Explorer's.

import { svg } from "../shared/dom.js";
import { DIM_NAMES, describeLayer } from "./layer-chart-data.js";
import { OVERFLOW_ROOM, dodgeOffsets, yScale } from "./layer-chart-layout.js";


/**
 * One column per layer over every panel and its label: hover shows its numbers, click picks.
 * The layer shown is marked by a thin line at its centre (not a shaded column).
 */
export function drawColumns(root, layout, data, hidden) {
  const top = layout.panels[0]?.top ?? 0;
  const bottom = layout.axisY + layout.labels.depth;
  data.layers.forEach((name, i) => {
    const active = name === data.active;
    if (active) {
      svg("line", {
        class: "lw-layer-current", x1: layout.x(i), x2: layout.x(i), y1: top - 4, y2: layout.axisY,
        "data-layer": name,
      }, root);
    }
    const column = svg("rect", {
      class: "lw-layer-column", x: layout.left + layout.column * i, y: top - 4,
      width: layout.column, height: bottom - top + 4, "data-layer": name, "data-active": active,
    }, root);
    svg("title", {}, column).textContent = describeLayer(data, i, hidden);
  });
}

/** The layer names under the last panel, and the axis title. */
export function drawLayerAxis(root, layout, data) {
  const { labels, axisY } = layout;
  data.layers.forEach((name, i) => {
    const x = layout.x(i);
    const y = axisY + 14;
    const attributes = labels.slanted
      ? { x, y, "text-anchor": "end", transform: `rotate(-45 ${x} ${y})` }
      : { x, y, "text-anchor": "middle" };
    const group = svg("g", { class: "lw-layer-label" }, root); // its title: the full name
    svg("title", {}, group).textContent = name;
    const tick = svg("text", {
      class: "lw-layer-tick", "data-layer": name, "data-active": name === data.active,
      ...attributes,
    }, group);
    tick.textContent = labels.texts[i];
  });
  const title = svg("text", {
    class: "lw-layer-axis-title", x: (layout.left + layout.right) / 2,
    y: axisY + labels.depth + 12, "text-anchor": "middle",
  }, root);
  title.textContent = "layer (input → output)";
}

function drawGrid(group, layout, box, ticks, y) {
  for (const tick of ticks) {
    svg("line", {
      class: tick === 0 ? "lw-grid lw-grid-zero" : "lw-grid",
      x1: layout.left, x2: layout.right, y1: y(tick), y2: y(tick),
    }, group);
    const label = svg("text", {
      class: "lw-axis-text", x: layout.left - 6, y: y(tick) + 4, "text-anchor": "end",
    }, group);
    label.textContent = String(tick);
  }
}

/** Band of [low, high] per layer, as one polygon (skipped when the sweep agreed everywhere). */
function drawBand(group, line, xs, y, attributes) {
  if (line.low.every((low, i) => low === line.high[i])) return;
  const upper = line.high.map((v, i) => `${xs[i]},${y(v)}`);
  const lower = line.low.map((v, i) => `${xs[i]},${y(v)}`).reverse();
  svg("polygon", {
    class: "lw-layer-band", points: [...upper, ...lower].join(" "), "data-key": line.key,
    ...attributes,
  }, group);
}

/** Values above the panel's top ("all points" when clipped): a mark at the edge and its number. */
function drawOverflow(group, line, xs, top, box) {
  line.values.forEach((v, i) => {
    if (v <= top) return;
    const x = xs[i];
    const [tip, base] = [box.top + 4, box.top + 11];
    const mark = svg("path", {
      class: "lw-layer-overflow", d: `M${x - 4},${base} L${x},${tip} L${x + 4},${base} Z`,
    }, group);
    svg("title", {}, mark).textContent = `all points: ${v} (above this panel's scale)`;
    svg("text", { class: "lw-layer-overflow-text", x: x + 6, y: box.top + 12 }, group)
      .textContent = String(v);
  });
}

function drawLine(group, line, xs, y, role, top, box) {
  const color = line.color;
  const tint = color ? { fill: color } : {};
  drawBand(group, line, xs, y, tint);
  const points = line.values.map((v, i) => `${xs[i]},${y(v)}`).join(" ");
  const attributes = line.all
    ? { class: "lw-all-line", "data-role": role }
    : { class: "lw-class-line", stroke: color };
  svg("polyline", { points, fill: "none", "data-key": line.key, ...attributes }, group);
  line.values.forEach((v, i) => {
    if (line.all && v > top) return;
    svg("circle", {
      class: line.all ? "lw-layer-dot lw-all-dot" : "lw-layer-dot",
      cx: xs[i], cy: y(v), r: line.all && role === "secondary" ? 2.5 : 3.5,
      "data-key": line.key, ...(color ? { fill: color } : {}),
    }, group);
  });
  if (line.all) drawOverflow(group, line, xs, top, box);
}

/**
 * Draw panel `index` of the chart: its title, grid, and the lines not hidden ("all points"
 * behind the classes; secondary, thin and dashed, when classes are shown).
 * @param {SVGElement} root
 * @param {ReturnType<import("./layer-chart-layout.js").chartLayout>} layout
 * @param {{ dim: number, lines: import("./layer-chart-data.js").LayerSeries[] }} panel
 * @param {{ index: number, hidden: Set<string>, scale: { top: number, ticks: number[] },
 *   clipAll: boolean }} options
 */
export function drawPanel(root, layout, panel, { index, hidden, scale, clipAll }) {
  const box = layout.panels[index];
  const group = svg("g", { class: "lw-layer-panel", "data-dim": panel.dim }, root);
  const title = svg("text", {
    class: "lw-layer-panel-title", x: layout.left, y: box.titleY,
  }, group);
  title.textContent = `β${panel.dim} · ${DIM_NAMES[panel.dim] ?? `dimension ${panel.dim}`}`;
  if (clipAll) {
    const note = svg("text", {
      class: "lw-layer-panel-note", x: layout.right, y: box.titleY, "text-anchor": "end",
    }, group);
    note.textContent = "▲ all points, off scale";
  }
  const y = yScale(box, scale.top, clipAll ? OVERFLOW_ROOM : 0);
  drawGrid(group, layout, box, scale.ticks, y);
  const shown = panel.lines.filter((line) => !hidden.has(line.key));
  const classesShown = shown.some((line) => !line.all);
  const ordered = [...shown.filter((l) => l.all), ...shown.filter((l) => !l.all)];
  const offsets = dodgeOffsets(shown.length, layout.column);
  ordered.forEach((line) => {
    const offset = offsets[shown.indexOf(line)];
    const xs = line.values.map((_, i) => layout.x(i) + offset);
    drawLine(group, line, xs, y, classesShown ? "secondary" : "primary", scale.top, box);
  });
}
