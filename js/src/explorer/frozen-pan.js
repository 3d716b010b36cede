// Panning a map whose frames are slow to draw: the last frame moves, the map is drawn at the end.
//
// Where WebGL runs in software (a machine without a GPU, headless Chromium) a frame of a
// million points takes most of a second to draw, and a pan that redraws at every move shows
// one or two frames a second. Once a frame drawn during a pan took longer than
// SLOW_FRAME_MS, the map's frames are no longer drawn while a pan lasts: the last one drawn is
// moved with the camera instead (a CSS translation of the canvas, which the browser moves
// without drawing), and the map is drawn again when the drag ends or the zoom changes. The
// points shown stay where the camera puts them; those that come into view wait for the drag's
// end. A map whose frames are quick is drawn at every move, as before.

/** A frame drawn during a pan taking longer than this (ms) makes the map's pans move its last frame. */
export const SLOW_FRAME_MS = 120;

export class FrozenPan {
  /**
   * @param {HTMLCanvasElement} canvas the map's canvas (moved while frozen)
   * @param {() => { xScale: any, yScale: any }} scales data → CSS pixel, as last drawn
   * @param {() => void} redraw asks for the map to be drawn at the next frame
   */
  constructor(canvas, scales, redraw) {
    this.canvas = canvas;
    this.scales = scales;
    this.redraw = redraw;
    this.slow = false; // a pan's frame was slow: pans move the last frame
    this.panning = false;
    this.frozen = null; // { anchor: [x, y] data at the canvas's top-left, step } while frozen
    this.drew = false; // a frame was drawn since the last animation frame
    this.checkGap = false; // the last animation frame drew: time the gap to the next
    this.lastFrame = 0;
    this.skipped = 0; // frames not drawn while frozen (for tests and benchmarks)
  }

  /** A pan begins (a drag with the primary button alone). */
  begin() {
    this.panning = true;
    if (this.slow) this.freeze();
  }

  /** The drag ended: a frozen map is drawn again. */
  end() {
    this.panning = false;
    this.thaw();
  }

  /** The map's points changed: how long their frames take is not known yet. */
  reset() {
    this.slow = false;
    this.thaw();
  }

  /**
   * Asked before regl-scatterplot draws a frame, whose scales are still those of the frame
   * on the canvas. A pan whose last frame was slow freezes here, before drawing another.
   * @param {number} now ms
   * @returns {boolean} whether regl-scatterplot may draw the frame it is about to
   */
  allowsDrawing(now) {
    if (!this.frozen && this.panning && this.slowSinceLastFrame(now)) {
      this.slow = true;
      this.freeze();
    }
    if (this.frozen) this.skipped += 1;
    return !this.frozen;
  }

  /** Whether the last animation frame drew and the page was held longer than SLOW_FRAME_MS since. */
  slowSinceLastFrame(now) {
    return this.checkGap && now - this.lastFrame > SLOW_FRAME_MS;
  }

  /** regl-scatterplot drew a frame: the canvas shows it where it is. */
  drawn() {
    this.drew = true;
    if (this.canvas.style.transform) this.canvas.style.transform = ""; // no style write a frame
  }

  /**
   * Every animation frame, after regl-scatterplot's (whose scales are then the camera's):
   * time the frame just drawn, and move a frozen map with the camera.
   * @param {number} now ms
   */
  tick(now) {
    const slowFrame = this.slowSinceLastFrame(now);
    this.checkGap = this.drew;
    this.drew = false;
    this.lastFrame = now;
    if (this.panning && slowFrame) this.slow = true;
    if (!this.panning || !this.slow) return;
    if (!this.frozen) {
      this.freeze();
      return;
    }
    const { xScale, yScale } = this.scales();
    if (Math.abs(step(xScale) - this.frozen.step) > 1e-9 * Math.abs(this.frozen.step)) {
      this.thaw(); // zoomed: drawn again, then frozen at the new zoom
      return;
    }
    const [x, y] = this.frozen.anchor;
    this.canvas.style.transform = `translate(${xScale(x)}px, ${yScale(y)}px)`;
  }

  freeze() {
    const { xScale, yScale } = this.scales();
    this.frozen = { anchor: [xScale.invert(0), yScale.invert(0)], step: step(xScale) };
  }

  thaw() {
    if (!this.frozen) return;
    this.frozen = null;
    this.redraw(); // the transform goes when the frame is drawn, in the same task
  }
}

/** Data units per CSS pixel along a scale (changes with the zoom only). */
function step(scale) {
  return scale.invert(1) - scale.invert(0);
}
