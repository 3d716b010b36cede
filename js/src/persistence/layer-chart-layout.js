// Where the layer chart's parts go: panels stacked over one shared layer axis, integer y
// scales of each panel's own, layer labels that fit (flat, or slanted when crowded), the small
// sideways offsets that keep equal lines apart, and which layer a pixel belongs to. Pure.

/** Average width of a character of the chart's 11 px font, in CSS pixels (no measuring). */
export const CHAR_WIDTH = 6.4;
/** Widest and narrowest chart drawn (wider parents leave the rest empty). */
export const MAX_WIDTH = 900;
export const MIN_WIDTH = 260;
const PANEL_TITLE = 22; // room above each panel for its title
const PANEL_GAP = 12;
const LABEL_CHARS = 14; // longest layer label before an ellipsis

/**
 * Integer ticks from 0 to at least `top`, at most about `count` of them, on steps of
 * 1, 2, 5, 10, 20, 50, ...
 * @param {number} top the largest value to show
 * @param {number} count most ticks wanted (at least 2)
 * @returns {{ top: number, step: number, ticks: number[] }}
 */
export function integerTicks(top, count = 5) {
  const high = Math.max(1, Math.ceil(Number.isFinite(top) ? top : 1));
  const most = Math.max(2, Math.floor(count));
  let step = 1;
  for (let power = 1; ; power *= 10) {
    step = [1, 2, 5].map((m) => m * power).find((s) => Math.ceil(high / s) <= most - 1);
    if (step) break;
  }
  const last = Math.ceil(high / step) * step;
  const ticks = [];
  for (let v = 0; v <= last; v += step) ticks.push(v);
  return { top: last, step, ticks };
}

/**
 * The value at the top of a panel. With classes shown, their lines set it, so that per-class
 * numbers of 1 to 3 are not flattened by "all points" at 50; "all points" joins the scale only
 * when it is of the same size (at most twice the classes' top, or 3), and is clipped otherwise.
 * @param {import("./layer-chart-data.js").LayerSeries[]} lines
 * @param {Set<string>} hidden keys of lines not shown
 * @returns {{ top: number, clipAll: boolean }}
 */
export function panelTop(lines, hidden = new Set()) {
  const shown = lines.filter((line) => !hidden.has(line.key));
  const highest = (list) => Math.max(0, ...list.flatMap((line) => line.high));
  const classes = shown.filter((line) => !line.all);
  const all = shown.filter((line) => line.all);
  if (classes.length === 0) return { top: Math.max(1, highest(all)), clipAll: false };
  const classTop = Math.max(1, highest(classes));
  const allTop = highest(all);
  if (allTop > Math.max(3, 2 * classTop)) return { top: classTop, clipAll: true };
  return { top: Math.max(classTop, allTop), clipAll: false };
}

/**
 * Layer names as the axis shows them: flat when each fits its column (shortened with an
 * ellipsis in the middle if need be), slanted at 45° when the columns are too narrow for 6
 * characters.
 * @param {string[]} layers
 * @param {number} column width of one layer's column in pixels
 * @returns {{ slanted: boolean, texts: string[], depth: number, overhang: number }}
 *   `depth`: pixels the labels take below the axis; `overhang`: how far the first label
 *   reaches left of its column's centre.
 */
export function layerLabels(layers, column) {
  const shorten = (name, chars) => {
    if (name.length <= chars) return name;
    // Cut in the middle: names often share a prefix ("encoder.layers.3.mlp") and differ last.
    const head = Math.max(1, Math.floor((chars - 1) * 0.4));
    return `${name.slice(0, head)}…${name.slice(name.length - Math.max(1, chars - 1 - head))}`;
  };
  const longest = Math.max(1, ...layers.map((name) => name.length));
  const fits = Math.floor((column - 6) / CHAR_WIDTH);
  if (fits >= Math.min(longest, 6)) {
    const texts = layers.map((name) => shorten(name, Math.min(fits, LABEL_CHARS)));
    const first = (texts[0]?.length ?? 0) * CHAR_WIDTH;
    return { slanted: false, texts, depth: 18, overhang: first / 2 };
  }
  const texts = layers.map((name) => shorten(name, LABEL_CHARS));
  const reach = Math.max(...texts.map((t) => t.length)) * CHAR_WIDTH * Math.SQRT1_2;
  const first = (texts[0]?.length ?? 0) * CHAR_WIDTH * Math.SQRT1_2;
  return { slanted: true, texts, depth: Math.ceil(reach) + 16, overhang: first + 4 };
}

/**
 * The chart's geometry for a parent `available` pixels wide.
 * @param {{ available: number, layers: string[], panels: number, tickDigits?: number }} options
 *   `tickDigits`: digits of the largest y tick (sets the left margin).
 */
export function chartLayout({ available, layers, panels, tickDigits = 1 }) {
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, available || MAX_WIDTH)));
  const n = Math.max(1, layers.length);
  const tickRoom = 12 + tickDigits * CHAR_WIDTH;
  const right = width - 12;
  // The first label may reach left past the y ticks: widen the margin until it fits.
  let left = Math.max(28, tickRoom);
  let labels = layerLabels(layers, (right - left) / n);
  const need = labels.overhang - (right - left) / n / 2 + 4;
  if (need > left) {
    left = Math.ceil(need);
    labels = layerLabels(layers, (right - left) / n);
  }
  const column = (right - left) / n;
  const plotHeight = width < 480 ? 92 : 116;
  const boxes = [];
  let y = 0;
  for (let k = 0; k < panels; k += 1) {
    const top = y + PANEL_TITLE;
    boxes.push({ titleY: y + 13, top, bottom: top + plotHeight });
    y = top + plotHeight + PANEL_GAP;
  }
  const axisY = (boxes.at(-1)?.bottom ?? 0);
  const height = Math.ceil(axisY + labels.depth + 18); // + the axis title
  return {
    width, height, left, right, column, panels: boxes, axisY, labels, tickRoom,
    /** Pixel x of the centre of layer `i`. */
    x: (i) => left + column * (i + 0.5),
  };
}

/** Pixels kept free above a panel's highest tick for the values off its scale. */
export const OVERFLOW_ROOM = 16;

/**
 * A y scale for panel `box` from 0 (bottom) to `top` (the top edge, or `room` pixels below
 * it); values above `top` go to the middle of that room (the top edge when none).
 * @param {{ top: number, bottom: number }} box
 * @param {number} top
 * @param {number} [room]
 */
export function yScale(box, top, room = 0) {
  const span = box.bottom - box.top - room;
  return (value) => (value > top ? box.top + room / 2 : box.bottom - (span * value) / (top || 1));
}

/**
 * Sideways offsets (pixels) of `count` lines in a column, so equal values do not hide each
 * other: centred on 0, at most 5 px apart and within a third of the column.
 * @param {number} count
 * @param {number} column
 * @returns {number[]}
 */
export function dodgeOffsets(count, column) {
  if (count <= 1) return [0];
  const step = Math.min(5, column / 3 / (count - 1));
  return Array.from({ length: count }, (_, k) => (k - (count - 1) / 2) * step);
}

/**
 * The layer whose column holds pixel `x`, or -1 left or right of the plot.
 * @param {{ left: number, right: number, column: number }} layout
 * @param {number} x
 * @param {number} count number of layers
 */
export function layerAt(layout, x, count) {
  if (!(x >= layout.left && x < layout.right) || count < 1) return -1;
  return Math.min(count - 1, Math.floor((x - layout.left) / layout.column));
}
