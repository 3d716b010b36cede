// The hover tooltip: the point's thumbnail, label and index (label as text, never HTML).

import { drawFrame } from "../shared/canvas.js";

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
    // Beside the pointer, flipped to its other side where it would leave the map.
    const box = this.element.parentElement;
    const { offsetWidth: w, offsetHeight: h } = this.element;
    const left = box && px + 12 + w > box.clientWidth ? px - 12 - w : px + 12;
    const top = box && py + 12 + h > box.clientHeight ? py - 12 - h : py + 12;
    this.element.style.left = `${Math.max(0, left)}px`;
    this.element.style.top = `${Math.max(0, top)}px`;
  }

  hide() {
    this.index = -1;
    this.element.hidden = true;
  }
}
