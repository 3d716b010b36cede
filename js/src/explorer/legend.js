// The legend under the map: one entry per class (click hides or shows it), or a colour bar
// for numeric colours. Names are text, never HTML.

import { element } from "../shared/dom.js";
import { categoryColor, paletteNote, VIRIDIS } from "../shared/colors.js";
import { formatTick } from "../shared/format.js";

export { formatTick };

export class Legend {
  /**
   * @param {HTMLElement} parent
   * @param {(code: number) => void} onToggle
   */
  constructor(parent, onToggle) {
    this.element = element("div", "lw-legend", parent);
    this.onToggle = onToggle;
  }

  /** @param {string[]} names @param {number[]} hidden @param {number[] | null} counts */
  showClasses(names, hidden, counts = null) {
    this.element.replaceChildren();
    this.element.hidden = names.length === 0;
    const hiddenSet = new Set(hidden);
    names.forEach((name, code) => {
      const item = element("button", "lw-legend-item", this.element);
      item.type = "button";
      item.dataset.code = String(code);
      item.setAttribute("aria-pressed", String(!hiddenSet.has(code)));
      item.title = hiddenSet.has(code) ? "show this class" : "hide this class";
      element("span", "lw-swatch", item).style.background = categoryColor(code);
      const label = element("span", "lw-legend-label", item);
      label.textContent = counts ? `${name} (${counts[code] ?? 0})` : String(name);
      item.addEventListener("click", () => this.onToggle(code));
    });
    const note = paletteNote(names.length);
    if (note) element("span", "lw-legend-note", this.element).textContent = `${note}; hover a point to read its class.`;
  }

  /** @param {string} name @param {number[]} range [low, high] */
  showColorBar(name, range) {
    this.element.replaceChildren();
    this.element.hidden = false;
    const bar = element("div", "lw-colorbar", this.element);
    element("span", "lw-colorbar-tick", bar).textContent = formatTick(range[0]);
    const ramp = element("span", "lw-colorbar-ramp", bar);
    ramp.style.background = `linear-gradient(to right, ${VIRIDIS.join(", ")})`;
    element("span", "lw-colorbar-tick", bar).textContent = formatTick(range[1]);
    element("span", "lw-colorbar-name", bar).textContent = name;
  }
}
