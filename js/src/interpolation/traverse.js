// Traversal: one slider per latent axis, moving the traversal origin along that axis, and the
// decoded result. The axes come in the order the kernel sends (largest variance first), said
// in words, each with its variance and share of the total next to it. The pure helpers
// (clamping, the starting values, the variance's words) are exported for tests.

import { element } from "../shared/dom.js";
import { formatValue } from "../shared/format.js";
import { markDrawn, paintLarge } from "./paint.js";

const SLIDER_STEPS = 200;

/**
 * A usable [lo, hi] range: finite, ordered; [-3, 3] (three standard deviations) otherwise.
 * @param {any} range
 * @returns {[number, number]}
 */
export function axisRange(range) {
  const lo = Number(range?.[0]);
  const hi = Number(range?.[1]);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) return [-3, 3];
  return lo < hi ? [lo, hi] : [hi, lo];
}

/** `value` clamped into `range` (non-numbers become the range's nearest point to 0). */
export function clampValue(value, range) {
  const [lo, hi] = axisRange(range);
  const v = Number(value);
  return Math.min(hi, Math.max(lo, Number.isFinite(v) ? v : 0));
}

/** Where each slider starts: 0 (the origin itself), clamped into its range. */
export function initialValues(ranges, count) {
  return Array.from({ length: count }, (_, i) => clampValue(0, ranges?.[i]));
}

/**
 * A share of the total variance in words: whole percent from 10 %, one decimal below, and
 * "< 0.1 %" for less (never a rounded "0 %" for a share that is not zero).
 * @param {number} share in [0, 1]
 */
export function formatShare(share) {
  const percent = 100 * Number(share);
  if (!Number.isFinite(percent)) return "";
  if (percent === 0) return "0 %";
  if (percent < 0.1) return "< 0.1 %";
  return percent < 10 ? `${percent.toFixed(1)} %` : `${Math.round(percent)} %`;
}

/**
 * What the row of an axis says of its variance: "var 1.23 · 28 %", or "" when unknown.
 * @param {number | undefined} variance
 * @param {number | undefined} share
 */
export function varianceText(variance, share) {
  const v = Number(variance);
  if (variance === undefined || variance === null || !Number.isFinite(v)) return "";
  const s = formatShare(share);
  return s ? `var ${formatVariance(v)} · ${s}` : `var ${formatVariance(v)}`;
}

/** A variance, three significant digits (exponent when tiny or huge). */
export function formatVariance(v) {
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

export { formatValue };

export class TraverseSection {
  /**
   * @param {HTMLElement} parent
   * @param {(values: number[], startedAt: number) => void} onChange every slider move
   */
  constructor(parent, onChange) {
    this.element = element("div", "lw-traverse", parent);
    const head = element("div", "lw-traverse-head", this.element);
    element("span", "lw-section-title", head).textContent = "Traverse";
    this.origin = element("span", "lw-traverse-origin", head);
    this.order = element("div", "lw-traverse-order", this.element);
    this.reset = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-traverse-reset", head));
    this.reset.type = "button";
    this.reset.textContent = "reset";
    this.reset.title = "move every slider back to 0 (the origin itself)";
    const body = element("div", "lw-traverse-body", this.element);
    this.sliders = element("div", "lw-axis-sliders", body);
    this.frame = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-traverse-frame", body));
    this.frame.dataset.framesDrawn = "0";
    this.frame.title = "the origin moved by the sliders, decoded";
    this.ranges = [];
    /** @type {number[]} */
    this.values = [];
    /** @type {{ input: HTMLInputElement, value: HTMLElement }[]} */
    this.rows = [];
    this.onChange = onChange;
    this.onInput = (event) => {
      const input = /** @type {HTMLInputElement} */ (event.target);
      const axis = Number(input?.dataset?.axis);
      if (!input.classList?.contains("lw-axis-slider") || !(axis >= 0)) return;
      this.values[axis] = clampValue(input.value, this.ranges[axis]);
      this.rows[axis].value.textContent = formatValue(this.values[axis]);
      onChange(this.values.slice(), performance.now());
    };
    this.onReset = () => {
      this.setValues(initialValues(this.ranges, this.rows.length));
      onChange(this.values.slice(), performance.now());
    };
    this.sliders.addEventListener("input", this.onInput);
    this.reset.addEventListener("click", this.onReset);
  }

  /**
   * Build one slider per axis (values back to their start).
   * @param {string[]} names
   * @param {any[]} ranges [lo, hi] per axis
   * @param {{ variances?: number[], shares?: number[], order?: string }} [about] each axis's
   *   variance and share of the total, and in words how the axes are ordered
   */
  setAxes(names, ranges, about = {}) {
    const list = Array.isArray(names) ? names.map(String) : [];
    this.ranges = list.map((_, i) => axisRange(ranges?.[i]));
    this.rows = list.map((name, i) => this.axisRow(name, i, about.variances?.[i], about.shares?.[i]));
    this.sliders.replaceChildren(...this.rows.map((r) => r.row));
    this.order.textContent = about.order
      ? `Axes ${about.order} (var: the latents' variance along the axis · its share of the total); each slider spans ±3 standard deviations.`
      : "";
    this.order.hidden = !about.order;
    this.setValues(initialValues(this.ranges, list.length));
    this.element.hidden = list.length === 0;
  }

  /** One axis: its name, slider, value and variance. */
  axisRow(name, i, variance, share) {
    const [lo, hi] = this.ranges[i];
    const row = document.createElement("label");
    row.className = "lw-axis";
    element("span", "lw-axis-name", row).textContent = name; // text, never HTML
    const input = /** @type {HTMLInputElement} */ (element("input", "lw-axis-slider", row));
    input.type = "range";
    input.dataset.axis = String(i);
    input.min = String(lo);
    input.max = String(hi);
    input.step = String((hi - lo) / SLIDER_STEPS);
    input.setAttribute("aria-label", `move along ${name}`);
    const value = element("span", "lw-axis-value", row);
    value.title = `how far the origin is moved along ${name}`;
    const spread = element("span", "lw-axis-variance", row);
    spread.textContent = varianceText(variance, share);
    const known = spread.textContent !== "";
    const words = known ? `; the latents' variance along it is ${formatVariance(Number(variance))}` +
      (formatShare(share) ? `, ${formatShare(share)} of their total` : "") : "";
    input.title = `move the origin along ${name}, from ${formatValue(lo)} to ${formatValue(hi)}${words}`;
    spread.title = known ? `the latents' variance along ${name} · its share of their total variance` : "";
    return { input, value, row };
  }

  /** @param {number[]} values one per axis, clamped into the ranges */
  setValues(values) {
    this.values = this.rows.map((_, i) => clampValue(values[i], this.ranges[i]));
    this.rows.forEach((row, i) => {
      row.input.value = String(this.values[i]);
      row.value.textContent = formatValue(this.values[i]);
    });
  }

  /** @param {string} origin text naming the point the sliders start from */
  showOrigin(origin) {
    this.origin.textContent = origin ? `from: ${origin}` : "";
  }

  /** @param {{ data: any, shape: number[] }} frame @param {number | null} startedAt */
  draw(frame, startedAt) {
    paintLarge(this.frame, frame);
    markDrawn(this.frame, frame.shape, startedAt);
  }

  destroy() {
    this.sliders.removeEventListener("input", this.onInput);
    this.reset.removeEventListener("click", this.onReset);
  }
}
