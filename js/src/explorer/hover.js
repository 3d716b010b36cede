// The hovered point: which one it is and the ring that marks it, kept off the WebGL map.
//
// regl-scatterplot marks the hovered point by redrawing every point, and in a dense map the
// point under the pointer changes on almost every move (measured in
// benchmarks/bench_pointer_moves.py): a ring moved on the page instead costs a style write.

import { hoverChange } from "./picking.js";

/** Extra CSS pixels of the ring around the drawn disc (regl-scatterplot's hover ring adds
 * pointSizeSelected + 2 × pointOutlineWidth = 6 px to the diameter). */
const RING_EXTRA_PX = 6;

/** A circle over the map, positioned in CSS pixels of the map's box; it takes no events. */
export class HoverRing {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.element = document.createElement("div");
    this.element.className = "lw-hover-ring";
    Object.assign(this.element.style, {
      position: "absolute",
      left: "0px",
      top: "0px",
      boxSizing: "border-box",
      borderRadius: "50%",
      border: "2px solid var(--jp-ui-font-color0, #111)",
      boxShadow: "0 0 0 1px var(--jp-layout-color0, #fff)",
      pointerEvents: "none",
      zIndex: "1",
    });
    this.element.hidden = true;
    container.append(this.element);
  }

  /** Centre the ring on (px, py) around a disc of `diameter` CSS pixels. */
  show(px, py, diameter) {
    const size = diameter + RING_EXTRA_PX;
    this.element.style.width = `${size}px`;
    this.element.style.height = `${size}px`;
    this.element.style.transform = `translate(${px - size / 2}px, ${py - size / 2}px)`;
    this.element.hidden = false;
  }

  hide() {
    this.element.hidden = true;
  }

  remove() {
    this.element.remove();
  }
}

/**
 * The hover state machine: the point under the pointer, found by `pick`, is marked with a
 * ring and announced by `onOver` / `onOut` only when it changes.
 */
export class HoverTracker {
  /**
   * @param {HTMLElement} container
   * @param {{ pick: (px: number, py: number) => number,
   *   toPixel: (index: number) => [number, number], diameter: () => number,
   *   onOver: (index: number) => void, onOut: () => void }} hooks
   */
  constructor(container, hooks) {
    this.hooks = hooks;
    this.ring = new HoverRing(container);
    this.index = -1;
    this.last = null; // the pointer's last position (CSS px in the map), null: away
    this.suspended = false; // while a button is pressed (pan, lasso)
    this.changes = 0; // how often the hovered point changed (for tests and benchmarks)
  }

  /** The pointer is at (px, py): nothing happens unless the point under it changed. */
  moveTo(px, py) {
    if (this.suspended) return;
    if (this.last && this.last[0] === px && this.last[1] === py) return; // nothing moved
    this.last = [px, py];
    this.set(this.hooks.pick(px, py));
  }

  /** The map moved under a resting pointer (zoom, new points, point size): look again. */
  refresh() {
    if (this.suspended || !this.last) return;
    const next = this.hooks.pick(this.last[0], this.last[1]);
    if (next === this.index && next >= 0) this.placeRing();
    else this.set(next);
  }

  /** The pointer left the map, or the points it pointed at are gone. */
  clear() {
    this.last = null;
    this.set(-1);
  }

  /** A drag begins (pan or lasso): no hover until it ends. */
  suspend() {
    this.clear();
    this.suspended = true;
  }

  resume() {
    this.suspended = false;
  }

  /** @param {number} next */
  set(next) {
    const change = hoverChange(this.index, next);
    if (change === "none") return;
    this.index = next;
    this.changes += 1;
    if (change === "over") {
      this.placeRing();
      this.hooks.onOver(next);
    } else {
      this.ring.hide();
      this.hooks.onOut();
    }
  }

  placeRing() {
    const [px, py] = this.hooks.toPixel(this.index);
    this.ring.show(px, py, this.hooks.diameter());
  }

  destroy() {
    this.ring.remove();
  }
}
