// The strip: every frame of the decoded path side by side at a fixed height, the frame under
// the scrubber outlined, and under it the smoothness trace: one bar per gap between
// consecutive frames, in the error colour where the jump is above the threshold (the path
// leaves the data there), with the threshold as a dashed line. Both scroll together.

import { element, svg } from "../shared/dom.js";
import { frameAt, frameCenter, frameLeft, smoothnessGeometry, stripLayout } from "./layout.js";
import { drawFrame } from "../shared/canvas.js";

const TRACE_HEIGHT = 36;

export class Strip {
  /**
   * @param {HTMLElement} parent
   * @param {(step: number) => void} onPick called with the frame clicked
   */
  constructor(parent, onPick) {
    this.element = element("div", "lw-strip-box", parent);
    this.scroller = element("div", "lw-strip-scroller", this.element);
    this.frames = element("div", "lw-strip", this.scroller);
    this.frames.setAttribute("role", "listbox");
    this.frames.setAttribute("aria-label", "frames of the path; click one to jump to it");
    this.trace = svg("svg", { class: "lw-smoothness", height: TRACE_HEIGHT, width: 0 }, this.scroller);
    this.legend = element("div", "lw-smoothness-legend", this.element);
    this.legend.textContent = "jumps above the dashed line: the path leaves the data there";
    /** @type {HTMLCanvasElement[]} */
    this.canvases = [];
    this.layout = stripLayout(0, [1, 1]);
    this.current = -1;
    this.smoothness = { values: [], threshold: 0 };
    this.theme = null;
    this.onClick = (event) => {
      const step = this.stepAtClient(event.clientX);
      if (step >= 0) onPick(step);
    };
    this.frames.addEventListener("click", this.onClick);
  }

  /** Frame count shown. */
  get count() {
    return this.layout.count;
  }

  /**
   * Show the frames of an array of shape [N, H, W, 4] (or nothing for null / N = 0).
   * @param {{ data: Uint8Array, shape: number[] } | null} frames
   */
  setFrames(frames) {
    const [n, h, w] = frames?.shape ?? [0, 1, 1];
    this.layout = stripLayout(n, [h, w]);
    const { frameWidth, frameHeight, width } = this.layout;
    while (this.canvases.length > n) this.canvases.pop().remove();
    while (this.canvases.length < n) {
      const canvas = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-strip-frame", this.frames));
      canvas.setAttribute("role", "option");
      this.canvases.push(canvas);
    }
    const size = h * w * 4;
    this.canvases.forEach((canvas, i) => {
      canvas.dataset.step = String(i);
      canvas.style.left = `${frameLeft(this.layout, i)}px`;
      canvas.style.width = `${frameWidth}px`;
      canvas.style.height = `${frameHeight}px`;
      drawFrame(canvas, { data: frames.data.subarray(i * size, (i + 1) * size), shape: [h, w, 4] });
    });
    this.frames.style.width = `${width}px`;
    this.frames.style.height = n ? `${frameHeight}px` : "0px";
    this.element.hidden = n === 0;
    const step = this.current;
    this.current = -1;
    this.setCurrent(step);
    this.drawTrace();
  }

  /** Outline frame `step` (the one under the scrubber). @param {number} step */
  setCurrent(step) {
    const next = this.count > 0 ? Math.min(this.count - 1, Math.max(0, Math.round(step) || 0)) : -1;
    if (next === this.current) return;
    this.canvases[this.current]?.classList.remove("lw-current");
    this.canvases[this.current]?.setAttribute("aria-selected", "false");
    this.current = next;
    this.frames.dataset.currentStep = String(next);
    const canvas = this.canvases[next];
    if (!canvas) return;
    canvas.classList.add("lw-current");
    canvas.setAttribute("aria-selected", "true");
    this.scrollIntoView(next);
  }

  /** Keep frame `step` within the visible part of the scroller. */
  scrollIntoView(step) {
    const view = this.scroller.clientWidth;
    if (!view) return;
    const left = frameLeft(this.layout, step);
    const right = left + this.layout.frameWidth;
    if (left < this.scroller.scrollLeft) this.scroller.scrollLeft = left;
    else if (right > this.scroller.scrollLeft + view) this.scroller.scrollLeft = right - view;
  }

  /**
   * @param {ArrayLike<number>} values one per gap
   * @param {number} threshold
   */
  setSmoothness(values, threshold) {
    this.smoothness = { values: Array.from(values ?? []), threshold };
    this.drawTrace();
  }

  /** @param {{ accent: string, error: string, muted: string, ink: string }} theme */
  setTheme(theme) {
    this.theme = theme;
    this.frames.style.setProperty("--lw-accent", theme.accent);
    this.drawTrace();
  }

  drawTrace() {
    const theme = this.theme ?? { error: "#d32f2f", muted: "#666666", ink: "#222222" };
    const { values, threshold } = this.smoothness;
    const gaps = Math.max(0, this.count - 1);
    const shown = values.slice(0, gaps);
    const geometry = smoothnessGeometry(shown, threshold, this.layout, { height: TRACE_HEIGHT });
    this.trace.setAttribute("width", String(this.layout.width));
    this.trace.replaceChildren();
    svg("title", {}, this.trace).textContent = "distance between consecutive decoded frames";
    for (const bar of geometry.bars) {
      const rect = svg("rect", {
        class: "lw-gap",
        x: bar.x.toFixed(2),
        y: bar.y.toFixed(2),
        width: bar.width.toFixed(2),
        height: Math.max(0.5, bar.height).toFixed(2),
        fill: bar.flagged ? theme.error : theme.muted,
        "data-gap": bar.index,
        "data-flagged": bar.flagged,
      }, this.trace);
      svg("title", {}, rect).textContent = `frames ${bar.index}→${bar.index + 1}: ${Number(bar.value).toPrecision(3)}`;
    }
    if (geometry.thresholdY !== null && this.layout.width > 0) {
      svg("line", {
        class: "lw-threshold",
        x1: 0,
        x2: this.layout.width,
        y1: geometry.thresholdY.toFixed(2),
        y2: geometry.thresholdY.toFixed(2),
        stroke: theme.ink,
        "stroke-dasharray": "4 3",
        "stroke-width": 1,
      }, this.trace);
    }
    this.trace.dataset.jumps = String(geometry.jumps);
    this.legend.hidden = geometry.thresholdY === null || shown.length === 0;
    this.legend.dataset.jumps = String(geometry.jumps);
  }

  /** The frame under client x, or -1. */
  stepAtClient(clientX) {
    const rect = this.frames.getBoundingClientRect();
    return frameAt(this.layout, clientX - rect.left);
  }

  /** [clientX, clientY] of the centre of frame `step`. */
  stepToClient(step) {
    this.scrollIntoView(step); // a frame scrolled out of sight could not be clicked
    const rect = this.frames.getBoundingClientRect();
    return [rect.left + frameCenter(this.layout, step), rect.top + this.layout.frameHeight / 2];
  }

  destroy() {
    this.frames.removeEventListener("click", this.onClick);
  }
}
