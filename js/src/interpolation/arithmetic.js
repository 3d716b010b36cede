// Class arithmetic: from the current point, move by scale · (mean of class "to" − mean of
// class "from"). By default the kernel adds the result as a new anchor at the end of the path
// (the others kept); "a new path from the current point" replaces them, asked for by name.
// This section only asks, and says in words what the kernel did.

import { element } from "../shared/dom.js";

/** A usable scale: a finite number, else 1. */
export function readScale(value) {
  const v = Number(value);
  return value !== "" && Number.isFinite(v) ? v : 1;
}

const MODES = [
  ["append", "as a new anchor at the end", "keep every anchor and add the result after the last one"],
  ["replace", "as a new path from the current point", "replace the anchors by two: the current point and the result"],
];

/** A labelled control of the section. */
function labelled(parent, className, text, tag, title) {
  const label = element("label", className, parent);
  label.append(text);
  const control = element(tag, `${className}-${tag === "input" ? "input" : "select"}`, label);
  control.title = title;
  return control;
}

export class ClassArithmetic {
  /**
   * @param {HTMLElement} parent
   * @param {(request: { from: number, to: number, scale: number, replace: boolean }) => void} onApply
   */
  constructor(parent, onApply) {
    this.element = element("div", "lw-class-arithmetic", parent);
    element("span", "lw-section-title", this.element).textContent = "Class arithmetic";
    const row = element("div", "lw-class-row", this.element);
    this.from = /** @type {HTMLSelectElement} */ (labelled(row, "lw-class-from", "from class ", "select",
      "the class whose mean latent is subtracted"));
    this.to = /** @type {HTMLSelectElement} */ (labelled(row, "lw-class-to", "to class ", "select",
      "the class whose mean latent is added"));
    this.scale = /** @type {HTMLInputElement} */ (labelled(row, "lw-class-scale", "scale ", "input",
      "how far to move along (mean of to − mean of from): 1 is the whole difference"));
    this.scale.type = "number";
    this.scale.step = "0.1";
    this.scale.value = "1";
    this.mode = /** @type {HTMLSelectElement} */ (labelled(row, "lw-class-mode", "result ", "select",
      "where the result goes: a new last anchor (the others kept), or a new two-anchor path"));
    for (const [value, text, title] of MODES) {
      const option = element("option", "", this.mode);
      Object.assign(option, { value, textContent: text, title });
    }
    this.apply = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-class-apply", row));
    this.apply.type = "button";
    this.apply.textContent = "add (to − from) to the current point";
    this.apply.title = "current point + scale × (mean of to − mean of from), added as the result says";
    this.note = element("div", "lw-class-note", this.element);
    this.note.setAttribute("role", "status");
    this.onClick = () =>
      onApply({
        from: Number(this.from.value),
        to: Number(this.to.value),
        scale: readScale(this.scale.value),
        replace: this.mode.value === "replace",
      });
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

  /**
   * What the kernel did, in words (text, never HTML); "" clears it. `anchors`: the anchor
   * names it left, so that the note goes once they change (an anchor removed, a new path).
   * @param {string} text @param {string[] | null} anchors
   */
  showNote(text, anchors = null) {
    this.note.textContent = text;
    this.note.hidden = !text;
    this.noteAnchors = text && anchors ? anchors.join("\u0000") : null;
  }

  /** The path's anchors are now `names`: a note about other anchors is cleared. */
  anchorsChanged(names) {
    if (this.noteAnchors != null && names.join("\u0000") !== this.noteAnchors) {
      this.showNote("");
    }
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.apply.disabled = busy;
  }

  destroy() {
    this.apply.removeEventListener("click", this.onClick);
  }
}
