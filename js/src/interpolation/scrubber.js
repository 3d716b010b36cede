// The scrubber: a slider over the path (fractional positions decode in between the strip's
// frames), a play / pause button, and the frame at the slider's position, drawn large.

import { element } from "../shared/dom.js";
import { markDrawn, paintLarge } from "./paint.js";

/** The slider's resolution along the path, in steps. */
export const SCRUB_STEP = 0.01;

/** The slider value for position `t` on a path of `count` frames. */
export function clampPosition(t, count) {
  const span = Math.max(0, count - 1);
  const value = Number(t);
  return Number.isFinite(value) ? Math.min(span, Math.max(0, value)) : 0;
}

export class Scrubber {
  /**
   * @param {HTMLElement} parent
   * @param {{ onInput: (t: number, startedAt: number) => void, onPlay: () => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-scrub", parent);
    const controls = element("div", "lw-scrub-controls", this.element);
    this.play = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-play", controls));
    this.play.type = "button";
    this.play.title = "play the path from the scrubber's position, about four steps a second, looping";
    this.play.addEventListener("click", () => handlers.onPlay());
    this.slider = /** @type {HTMLInputElement} */ (element("input", "lw-scrubber", controls));
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.step = String(SCRUB_STEP);
    this.slider.setAttribute("aria-label", "position along the path");
    this.slider.title = "position along the path: drag to decode any point, between frames too";
    this.readout = element("span", "lw-scrub-readout", controls);
    this.readout.title = "the scrubber's position / the last step of the path";
    this.onSlide = () => handlers.onInput(Number(this.slider.value), performance.now());
    this.slider.addEventListener("input", this.onSlide);
    this.frame = /** @type {HTMLCanvasElement} */ (element("canvas", "lw-scrub-frame", this.element));
    this.frame.dataset.framesDrawn = "0";
    this.frame.title = "the decoded frame at the scrubber's position";
    this.count = 0;
    this.showPlaying(false);
  }

  /** @param {number} count frames on the path */
  setCount(count) {
    this.count = count;
    this.slider.max = String(Math.max(0, count - 1));
    this.slider.disabled = count < 2;
    this.play.disabled = count < 2;
    this.element.hidden = count === 0;
  }

  /** Move the slider (not the frame) to `t`. */
  showPosition(t) {
    const value = clampPosition(t, this.count);
    this.slider.value = String(value);
    this.readout.textContent = this.count ? `${value.toFixed(2)} / ${this.count - 1}` : "";
  }

  /** @param {boolean} playing */
  showPlaying(playing) {
    this.play.textContent = playing ? "❚❚ pause" : "▶ play";
    this.play.setAttribute("aria-pressed", String(Boolean(playing)));
    this.element.dataset.playing = String(Boolean(playing));
  }

  /**
   * Draw a decoded frame large.
   * @param {{ data: any, shape: number[] }} frame
   * @param {number | null} startedAt performance.now() of the input it answers
   */
  draw(frame, startedAt) {
    paintLarge(this.frame, frame);
    markDrawn(this.frame, frame.shape, startedAt);
  }

  destroy() {
    this.slider.removeEventListener("input", this.onSlide);
  }
}
