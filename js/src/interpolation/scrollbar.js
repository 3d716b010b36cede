// A scrollbar of the strip's own, always visible while the strip scrolls: native ones are
// hidden by overlay-scrollbar systems (macOS, headless Chromium) until the user scrolls,
// so a strip cut at the edge gave no sign that more frames follow. A track with a thumb
// the size of the visible part; click or drag it to scroll the strip (never the notebook).

import { element } from "../shared/dom.js";

/** The thumb's smallest width, CSS pixels. */
export const MIN_THUMB = 24;

/**
 * Where the thumb sits on a track of `track` pixels for a scroller scrolled `scrollLeft` of
 * `scrollWidth` with `clientWidth` in view.
 * @returns {{ left: number, width: number }}
 */
export function thumbGeometry(scrollLeft, scrollWidth, clientWidth, track) {
  if (!(scrollWidth > clientWidth) || !(track > 0)) return { left: 0, width: Math.max(0, track) };
  const width = Math.min(track, Math.max(MIN_THUMB, (clientWidth / scrollWidth) * track));
  const range = scrollWidth - clientWidth;
  const left = (Math.min(Math.max(scrollLeft, 0), range) / range) * (track - width);
  return { left, width };
}

/**
 * The scrollLeft that puts the thumb's centre at `x` pixels along the track.
 * @returns {number}
 */
export function scrollForTrack(x, scrollWidth, clientWidth, track) {
  const range = scrollWidth - clientWidth;
  if (!(range > 0) || !(track > 0)) return 0;
  const { width } = thumbGeometry(0, scrollWidth, clientWidth, track);
  const travel = track - width;
  if (!(travel > 0)) return 0;
  return (Math.min(Math.max(x - width / 2, 0), travel) / travel) * range;
}

export class StripScrollbar {
  /**
   * @param {HTMLElement} parent where the track goes
   * @param {HTMLElement} scroller what it scrolls
   */
  constructor(parent, scroller) {
    this.scroller = scroller;
    this.track = element("div", "lw-strip-track", parent);
    this.track.title = "the part of the strip in view: drag or click to scroll the strip";
    this.thumb = element("div", "lw-strip-thumb", this.track);
    this.track.hidden = true;
    this.dragging = false;
    this.onScroll = () => this.update();
    this.onDown = (event) => {
      this.dragging = true;
      this.track.setPointerCapture?.(event.pointerId);
      this.scrollTo(event.clientX);
      event.preventDefault();
    };
    this.onMove = (event) => {
      if (this.dragging) this.scrollTo(event.clientX);
    };
    this.onUp = () => {
      this.dragging = false;
    };
    scroller.addEventListener("scroll", this.onScroll);
    this.track.addEventListener("pointerdown", this.onDown);
    this.track.addEventListener("pointermove", this.onMove);
    this.track.addEventListener("pointerup", this.onUp);
    this.track.addEventListener("pointercancel", this.onUp);
  }

  /** Scroll the strip so that the thumb's centre is under client x. */
  scrollTo(clientX) {
    const { scroller, track } = this;
    const x = clientX - track.getBoundingClientRect().left;
    scroller.scrollLeft = scrollForTrack(x, scroller.scrollWidth, scroller.clientWidth, track.clientWidth);
    this.update();
  }

  /** Show the track while the strip overflows, the thumb where the view is. */
  update() {
    const { scroller, track, thumb } = this;
    const overflowing = scroller.scrollWidth > scroller.clientWidth + 1;
    track.hidden = !overflowing;
    if (!overflowing) return;
    const { left, width } = thumbGeometry(scroller.scrollLeft, scroller.scrollWidth, scroller.clientWidth, track.clientWidth);
    thumb.style.left = `${left}px`;
    thumb.style.width = `${width}px`;
  }

  destroy() {
    this.scroller.removeEventListener("scroll", this.onScroll);
    this.track.removeEventListener("pointerdown", this.onDown);
    this.track.removeEventListener("pointermove", this.onMove);
    this.track.removeEventListener("pointerup", this.onUp);
    this.track.removeEventListener("pointercancel", this.onUp);
  }
}
