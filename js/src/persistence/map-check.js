// "Does the map lie?": the kernel compares the loops of the 2-D map with those of the
// latents and answers in sentences; this section shows them, as text, with the set they are
// about (layer, scope, points). The kernel clears the answer when that set changes.

import { element } from "../shared/dom.js";

export class MapCheckSection {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.element = element("section", "lw-map-check", parent);
    this.element.hidden = true;
    element("div", "lw-map-check-title", this.element).textContent = "Does the map lie?";
    this.about = element("div", "lw-map-check-about", this.element);
    this.summary = element("div", "lw-map-check-summary", this.element);
    this.details = element("ul", "lw-map-check-details", this.element);
  }

  /**
   * @param {{summary?: string, details?: string[], about?: string} | null | undefined} result
   *   ({} hides it)
   */
  show(result) {
    const summary = result?.summary ? String(result.summary) : "";
    this.about.textContent = result?.about ? String(result.about) : "";
    this.about.hidden = !this.about.textContent;
    const details = Array.isArray(result?.details) ? result.details.map(String) : [];
    this.element.hidden = !summary && details.length === 0;
    this.summary.textContent = summary;
    this.details.replaceChildren(
      ...details.map((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        return item;
      }),
    );
  }
}
