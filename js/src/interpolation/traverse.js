// Traversal: one slider per latent axis, moving the traversal origin along that axis, and the
// decoded result. The pure helpers (clamping, the starting values) are exported for tests.

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
    this.reset = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-traverse-reset", head));
    this.reset.type = "button";
    this.reset.textContent = "reset";
    this.reset.title = "all sliders back to the origin";
    const body = element("div", "lw-traverse-body", this.element);
    this.sliders = element("div", "lw-axis-sliders", body);
    this.frame = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-traverse-frame", body));
    this.frame.dataset.framesDrawn = "0";
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
   */
  setAxes(names, ranges) {
    const list = Array.isArray(names) ? names.map(String) : [];
    this.ranges = list.map((_, i) => axisRange(ranges?.[i]));
    this.rows = list.map((name, i) => {
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
      return { input, value, row };
    });
    this.sliders.replaceChildren(...this.rows.map((r) => r.row));
    this.setValues(initialValues(this.ranges, list.length));
    this.element.hidden = list.length === 0;
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
