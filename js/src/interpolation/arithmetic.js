// Class arithmetic: from the current point, move by scale · (mean of class "to" − mean of
// class "from"). The kernel builds a two-anchor path; this section only asks for it.

import { element } from "../shared/dom.js";

/** A usable scale: a finite number, else 1. */
export function readScale(value) {
  const v = Number(value);
  return value !== "" && Number.isFinite(v) ? v : 1;
}

export class ClassArithmetic {
  /**
   * @param {HTMLElement} parent
   * @param {(request: { from: number, to: number, scale: number }) => void} onApply
   */
  constructor(parent, onApply) {
    this.element = element("div", "lw-class-arithmetic", parent);
    element("span", "lw-section-title", this.element).textContent = "Class arithmetic";
    const fromLabel = element("label", "lw-class-from", this.element);
    fromLabel.append("from class ");
    this.from = /** @type {HTMLSelectElement} */ (element("select", "lw-class-from-select", fromLabel));
    const toLabel = element("label", "lw-class-to", this.element);
    toLabel.append("to class ");
    this.to = /** @type {HTMLSelectElement} */ (element("select", "lw-class-to-select", toLabel));
    const scaleLabel = element("label", "lw-class-scale", this.element);
    scaleLabel.append("scale ");
    this.scale = /** @type {HTMLInputElement} */ (element("input", "lw-class-scale-input", scaleLabel));
    this.scale.type = "number";
    this.scale.step = "0.1";
    this.scale.value = "1";
    this.apply = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-class-apply", this.element));
    this.apply.type = "button";
    this.apply.textContent = "add (to − from) to the current point";
    this.onClick = () =>
      onApply({ from: Number(this.from.value), to: Number(this.to.value), scale: readScale(this.scale.value) });
    this.apply.addEventListener("click", this.onClick);
    this.names = [];
    this.element.hidden = true;
  }

  /** @param {string[]} names the class names; none hides the section */
  show(names) {
    const list = Array.isArray(names) ? names.map(String) : [];
    const same = list.length === this.names.length && list.every((n, i) => n === this.names[i]);
    this.element.hidden = list.length === 0;
    if (same) return;
    this.names = list;
    const options = () =>
      list.map((name, code) => {
        const option = document.createElement("option");
        option.value = String(code);
        option.textContent = name; // text, never HTML
        return option;
      });
    this.from.replaceChildren(...options());
    this.to.replaceChildren(...options());
    this.from.value = "0";
    this.to.value = String(Math.min(1, Math.max(0, list.length - 1)));
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.apply.disabled = busy;
  }

  destroy() {
    this.apply.removeEventListener("click", this.onClick);
  }
}
