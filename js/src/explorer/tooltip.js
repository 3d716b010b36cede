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
    this.text.textContent = info.label != null ? `${info.label} · #${info.index}` : `#${info.index}`;
    this.thumb.hidden = !info.thumbnail;
    if (info.thumbnail) drawFrame(this.thumb, info.thumbnail);
    this.element.style.left = `${px + 12}px`;
    this.element.style.top = `${py + 12}px`;
    this.element.hidden = false;
  }

  hide() {
    this.index = -1;
    this.element.hidden = true;
  }
}
