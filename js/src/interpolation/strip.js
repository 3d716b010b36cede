// The strip: every frame of the decoded path side by side, the frame under the scrubber
// outlined, and under it the smoothness trace (./trace.js). The frames shrink to fit the
// width (down to MIN_STRIP_HEIGHT); past that the strip scrolls sideways, with a scrollbar of
// its own (./scrollbar.js) and a caption saying so, and keeps the current frame in view by
// scrolling the strip only (never the notebook). Frames and trace scroll together.

import { element } from "../shared/dom.js";
import { fitHeight, frameAt, frameCenter, frameLeft, stripLayout } from "./layout.js";
import { drawFrame } from "../shared/canvas.js";
import { SmoothnessTrace } from "./trace.js";
import { StripScrollbar } from "./scrollbar.js";

const SCROLLER_PADDING = 3; // CSS pixels each side of the strip inside its scroller

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
    this.frames.title = "the decoded frames of the path: click one to jump to it";
    this.trace = new SmoothnessTrace(this.scroller, this.element);
    this.scrollbar = new StripScrollbar(this.element, this.scroller);
    this.caption = element("div", "lw-strip-caption", this.element);
    this.caption.hidden = true;
    this.element.insertBefore(this.scrollbar.track, this.trace.legend);
    this.element.insertBefore(this.caption, this.trace.legend);
    /** @type {HTMLCanvasElement[]} */
    this.canvases = [];
    this.shape = [1, 1];
    this.layout = stripLayout(0, this.shape);
    this.current = -1;
    this.smoothness = { values: [], threshold: 0 };
    this.theme = null;
    this.onClick = (event) => {
      const step = this.stepAtClient(event.clientX);
      if (step >= 0) onPick(step);
    };
    this.frames.addEventListener("click", this.onClick);
    // The output's width changes (a panel opens, the window narrows): fit the frames again.
    this.resizes = typeof ResizeObserver === "function" ? new ResizeObserver(() => this.relayout()) : null;
    this.resizes?.observe(this.scroller);
  }

  /** Frame count shown. */
  get count() {
    return this.layout.count;
  }

  /** The width the frames may take without scrolling (0 before the strip is laid out). */
  available() {
    return Math.max(0, this.scroller.clientWidth - 2 * SCROLLER_PADDING);
  }

  /**
   * Show the frames of an array of shape [N, H, W, 4] (or nothing for null / N = 0).
   * @param {{ data: Uint8Array, shape: number[] } | null} frames
   */
  setFrames(frames) {
    const [n, h, w] = frames?.shape ?? [0, 1, 1];
    this.shape = [h, w];
    while (this.canvases.length > n) this.canvases.pop().remove();
    while (this.canvases.length < n) {
      const canvas = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-strip-frame", this.frames));
      canvas.setAttribute("role", "option");
      this.canvases.push(canvas);
    }
    const size = h * w * 4;
    this.canvases.forEach((canvas, i) => {
      canvas.dataset.step = String(i);
      canvas.setAttribute("aria-label", `frame ${i}`);
      drawFrame(canvas, { data: frames.data.subarray(i * size, (i + 1) * size), shape: [h, w, 4] });
    });
    this.element.hidden = n === 0;
    this.layout = stripLayout(n, this.shape);
    this.relayout(true);
    const step = this.current;
    this.current = -1;
    this.setCurrent(step);
  }

  /**
   * Size and place the frames for the width there is; `force` redraws even when the size
   * did not change.
   */
  relayout(force = false) {
    const n = this.canvases.length;
    const height = fitHeight(n, this.shape, this.available());
    if (!force && height === this.layout.frameHeight && n === this.layout.count) {
      this.showOverflow();
      return;
    }
    this.layout = stripLayout(n, this.shape, { height });
    const { frameWidth, frameHeight, width } = this.layout;
    this.canvases.forEach((canvas, i) => {
      canvas.style.left = `${frameLeft(this.layout, i)}px`;
      canvas.style.width = `${frameWidth}px`;
      canvas.style.height = `${frameHeight}px`;
    });
    this.frames.style.width = `${width}px`;
    this.frames.style.height = n ? `${frameHeight}px` : "0px";
    this.frames.dataset.frameHeight = String(frameHeight);
    this.drawTrace();
    this.showOverflow();
    if (this.current >= 0) this.scrollIntoView(this.current);
  }

  /** Say when the frames do not all fit and the strip scrolls. */
  showOverflow() {
    const view = this.available();
    const overflowing = view > 0 && this.layout.width > view;
    this.element.dataset.overflowing = String(overflowing);
    this.caption.hidden = !overflowing;
    this.caption.textContent = overflowing
      ? `${this.count} frames: scroll the strip sideways for the rest (the current frame stays in view)`
      : "";
    this.scrollbar.update();
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

  /** Keep frame `step` (and its outline) within the visible part of the scroller. */
  scrollIntoView(step) {
    const view = this.scroller.clientWidth;
    if (!view) return;
    const left = frameLeft(this.layout, step); // the scroller's padding pads the outline
    const right = left + this.layout.frameWidth + 2 * SCROLLER_PADDING;
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

  /** @param {{ accent: string, error: string, muted: string, ink: string, background: string }} theme */
  setTheme(theme) {
    this.theme = theme;
    this.frames.style.setProperty("--lw-accent", theme.accent);
    this.drawTrace();
  }

  drawTrace() {
    const { values, threshold } = this.smoothness;
    this.trace.draw(values, threshold, this.layout, this.theme);
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
    this.resizes?.disconnect();
    this.scrollbar.destroy();
    this.trace.destroy();
  }
}
