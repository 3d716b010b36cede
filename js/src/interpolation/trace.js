// The smoothness trace under the strip: one bar per gap between consecutive frames (its
// height the pixel change between them), in the error colour where the change is above the
// threshold (the path leaves the data there), the threshold as a labelled dashed line, a
// legend that names the axis and the threshold, and a tooltip per step on hover.

import { element, svg } from "../shared/dom.js";
import { formatChange, gapAt, gapCenter, smoothnessGeometry, smoothnessTip } from "./layout.js";

/** CSS height of the trace. */
export const TRACE_HEIGHT = 56;

const FALLBACK = { error: "#d32f2f", muted: "#666666", ink: "#222222", background: "#ffffff" };

export class SmoothnessTrace {
  /**
   * @param {HTMLElement} scroller where the bars go (they scroll with the frames)
   * @param {HTMLElement} box where the legend and the tooltip go (they do not scroll)
   */
  constructor(scroller, box) {
    this.box = box;
    this.svg = svg("svg", { class: "lw-smoothness", height: TRACE_HEIGHT, width: 0 }, scroller);
    this.svg.setAttribute("role", "img");
    this.legend = element("div", "lw-smoothness-legend", box);
    this.axisLabel = element("span", "lw-smoothness-axis", this.legend);
    this.thresholdLabel = element("span", "lw-smoothness-threshold", this.legend);
    this.tip = element("div", "lw-smoothness-tip", box);
    this.tip.setAttribute("role", "tooltip");
    this.tip.hidden = true;
    this.values = [];
    this.threshold = 0;
    this.layout = null;
    this.onMove = (event) => this.hover(event.clientX, event.clientY);
    this.onLeave = () => this.hover(NaN, NaN);
    this.svg.addEventListener("pointermove", this.onMove);
    this.svg.addEventListener("pointerleave", this.onLeave);
  }

  /**
   * Draw the bars of `values` (one per gap of `layout`) against `threshold`.
   * @param {ArrayLike<number>} values
   * @param {number} threshold
   * @param {ReturnType<import("./layout.js").stripLayout>} layout
   * @param {{ error: string, muted: string, ink: string, background?: string } | null} theme
   */
  draw(values, threshold, layout, theme) {
    const colours = { ...FALLBACK, ...(theme ?? {}) };
    this.layout = layout;
    this.values = Array.from(values ?? []).slice(0, Math.max(0, layout.count - 1));
    this.threshold = threshold;
    const geometry = smoothnessGeometry(this.values, threshold, layout, { height: TRACE_HEIGHT });
    this.svg.setAttribute("width", String(layout.width));
    this.svg.setAttribute("aria-label", "pixel change between consecutive decoded frames");
    this.svg.replaceChildren();
    svg("line", {
      class: "lw-trace-base", x1: 0, x2: layout.width, y1: TRACE_HEIGHT - 2.5, y2: TRACE_HEIGHT - 2.5,
      stroke: colours.muted, "stroke-width": 1,
    }, this.svg);
    const pitch = layout.frameWidth + layout.gap;
    for (const bar of geometry.bars) {
      svg("rect", {
        class: "lw-gap",
        x: bar.x.toFixed(2),
        y: bar.y.toFixed(2),
        width: bar.width.toFixed(2),
        height: Math.max(1, bar.height).toFixed(2),
        fill: bar.flagged ? colours.error : colours.muted,
        "data-gap": bar.index,
        "data-flagged": bar.flagged,
      }, this.svg);
      // the whole column answers the pointer, however short its bar
      svg("rect", {
        class: "lw-gap-hit", x: (gapCenter(layout, bar.index) - pitch / 2).toFixed(2), y: 0,
        width: pitch.toFixed(2), height: TRACE_HEIGHT, fill: "transparent", "data-gap": bar.index,
        "aria-label": smoothnessTip(bar.index, bar.value, threshold),
      }, this.svg);
    }
    this.drawThreshold(geometry, layout, colours);
    this.svg.dataset.jumps = String(geometry.jumps);
    this.legend.dataset.jumps = String(geometry.jumps);
    this.legend.hidden = this.values.length === 0;
    this.axisLabel.textContent =
      `Bars: pixel change between consecutive frames (root mean square, 0–1; the trace spans 0 to ${formatChange(geometry.top)}).`;
    this.hover(NaN, NaN);
  }

  /** The dashed threshold line, its value written at its start, and the legend's words. */
  drawThreshold(geometry, layout, colours) {
    const y = geometry.thresholdY;
    const has = y !== null && layout.width > 0;
    this.thresholdLabel.hidden = !has;
    if (!has) return;
    svg("line", {
      class: "lw-threshold", x1: 0, x2: layout.width, y1: y.toFixed(2), y2: y.toFixed(2),
      stroke: colours.ink, "stroke-dasharray": "4 3", "stroke-width": 1,
    }, this.svg);
    const label = svg("text", {
      class: "lw-threshold-label", x: 2, y: Math.max(9, y - 2).toFixed(2), fill: colours.ink,
      stroke: colours.background, "stroke-width": 3, "paint-order": "stroke",
    }, this.svg);
    label.textContent = `threshold ${formatChange(this.threshold)}`;
    const jumps = geometry.jumps;
    const above = jumps === 0 ? "no step is above it"
      : `${jumps === 1 ? "1 step is" : `${jumps} steps are`} above it (red), where the path leaves the data`;
    this.thresholdLabel.textContent = ` Dashed line: the ${formatChange(this.threshold)} threshold; ${above}.`;
  }

  /** Show the tooltip of the gap under client (x, y); NaN hides it. */
  hover(clientX, clientY) {
    const layout = this.layout;
    const rect = this.svg.getBoundingClientRect();
    const gap = layout && Number.isFinite(clientX) ? gapAt(layout, clientX - rect.left) : -1;
    for (const bar of this.svg.querySelectorAll("rect.lw-gap[data-hover]")) bar.removeAttribute("data-hover");
    if (gap < 0 || gap >= this.values.length) {
      this.tip.hidden = true;
      return;
    }
    this.svg.querySelector(`rect.lw-gap[data-gap="${gap}"]`)?.setAttribute("data-hover", "true");
    this.tip.textContent = smoothnessTip(gap, this.values[gap], this.threshold);
    this.tip.dataset.gap = String(gap);
    this.tip.hidden = false;
    const box = this.box.getBoundingClientRect();
    this.tip.style.left = "0px"; // measured at full width, then moved: it never wraps at the edge
    const width = this.tip.offsetWidth;
    const left = Math.min(clientX - box.left + 12, Math.max(0, box.width - width));
    this.tip.style.left = `${Math.max(0, left)}px`;
    this.tip.style.top = `${rect.bottom - box.top + 2}px`;
  }

  destroy() {
    this.svg.removeEventListener("pointermove", this.onMove);
    this.svg.removeEventListener("pointerleave", this.onLeave);
  }
}
