// Playing the path: the position moves at a few steps per second, wrapping from the last
// frame back to the first, driven by requestAnimationFrame. `advance` is the pure part.

/** Steps per second while playing. */
export const PLAY_RATE = 4;

/**
 * The position `elapsedMs` after `position` on a path of `count` frames (positions 0..count-1)
 * at `rate` steps per second, wrapping past the last frame back to the start.
 * @param {number} position
 * @param {number} elapsedMs
 * @param {number} count
 * @param {number} [rate]
 * @returns {number}
 */
export function advance(position, elapsedMs, count, rate = PLAY_RATE) {
  const span = count - 1;
  if (!(span > 0)) return 0;
  const start = Number.isFinite(position) ? Math.min(Math.max(position, 0), span) : 0;
  const step = Math.max(0, Number(elapsedMs) || 0) * rate / 1000;
  const next = start + step;
  return next > span ? next % span : next;
}

/**
 * A requestAnimationFrame loop calling `onTick(elapsedMs)` until stopped. The clock and the
 * scheduler can be replaced (tests; hosts without requestAnimationFrame fall back to timers).
 */
export class PlayLoop {
  /**
   * @param {(elapsedMs: number) => void} onTick
   * @param {{ now?: () => number, raf?: (fn: FrameRequestCallback) => any,
   *   caf?: (id: any) => void }} [clock]
   */
  constructor(onTick, clock = {}) {
    this.onTick = onTick;
    this.now = clock.now ?? (() => performance.now());
    this.raf =
      clock.raf ??
      (typeof requestAnimationFrame === "function"
        ? (fn) => requestAnimationFrame(fn)
        : (fn) => setTimeout(() => fn(this.now()), 16));
    this.caf =
      clock.caf ?? (typeof cancelAnimationFrame === "function" ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id));
    this.handle = null;
    this.last = 0;
  }

  /** Whether the loop runs. */
  get running() {
    return this.handle !== null;
  }

  start() {
    if (this.running) return;
    this.last = this.now();
    const frame = () => {
      if (!this.running) return;
      const now = this.now();
      const elapsed = now - this.last;
      this.last = now;
      this.handle = this.raf(frame);
      this.onTick(elapsed);
    };
    this.handle = this.raf(frame);
  }

  stop() {
    if (this.handle !== null) this.caf(this.handle);
    this.handle = null;
  }
}
