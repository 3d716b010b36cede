// The hover tooltip: the point's thumbnail, label and index (label as text, never HTML).

import { drawFrame } from "../shared/canvas.js";
import { tooltipPosition } from "../shared/tooltip-position.js";

export class Tooltip {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.element = document.createElement("div");
    this.element.className = "lw-tooltip";
    this.element.hidden = true;
    this.thumb = document.createElement("canvas");
    this.thumb.className = "lw-thumb";
    this.text = document.createElement("div");
    this.element.append(this.thumb, this.text);
    parent.append(this.element);
    this.index = -1;
  }

  /** @param {{ index: number, label: string | null, thumbnail: any }} info */
  show(info, px, py) {
    this.index = info.index;
    this.element.dataset.index = String(info.index);
    this.text.textContent = info.label != null ? `${info.label} · #${info.index}` : `#${info.index}`; // as panel.js's rows
    this.thumb.hidden = !info.thumbnail;
    if (info.thumbnail) drawFrame(this.thumb, info.thumbnail);
    this.element.hidden = false;
    // Beside the pointer, flipped to its other side (or clamped) where it would leave the map.
    const box = this.element.parentElement;
    const size = { width: this.element.offsetWidth, height: this.element.offsetHeight };
    const bounds = box ? { width: box.clientWidth, height: box.clientHeight } : { width: Infinity, height: Infinity };
    const { left, top } = tooltipPosition({ x: px, y: py }, size, bounds);
    this.element.style.left = `${left}px`;
    this.element.style.top = `${top}px`;
  }

  hide() {
    this.index = -1;
    this.element.hidden = true;
  }
}
