// The anchors of the path, in order: each with its name (text, never HTML) and buttons to
// move it up or down or remove it, plus "clear". The kernel owns the list: a button sends a
// command and the list is redrawn when the traits change. While a command is on its way the
// buttons are disabled, so a second click never refers to an index that is about to move.

import { element } from "../shared/dom.js";

const ACTIONS = [
  ["up", "↑", "move earlier in the path"],
  ["down", "↓", "move later in the path"],
  ["remove", "✕", "remove this anchor"],
];

export class AnchorList {
  /**
   * @param {HTMLElement} parent
   * @param {(action: string, index: number) => void} onAction
   */
  constructor(parent, onAction) {
    this.element = element("div", "lw-anchors-box", parent);
    const head = element("div", "lw-anchors-head", this.element);
    this.title = element("span", "lw-anchors-title", head);
    this.clear = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-anchors-clear", head));
    this.clear.type = "button";
    this.clear.dataset.action = "clear";
    this.clear.textContent = "clear";
    this.clear.title = "remove every anchor";
    this.list = element("ol", "lw-anchors", this.element);
    this.empty = element("p", "lw-empty", this.element);
    this.empty.textContent =
      "Pick two or more anchors: click points or places on a linked map, or set interpolation.anchors in Python.";
    this.names = [];
    this.pending = false;

    // One listener for every button, present and future.
    this.onClick = (event) => {
      const button = /** @type {HTMLElement} */ (event.target)?.closest?.("button[data-action]");
      if (!button || !this.element.contains(button) || this.pending) return;
      const action = button.dataset.action;
      const index = action === "clear" ? -1 : Number(button.closest("li")?.dataset.index);
      if (action !== "clear" && !(index >= 0)) return;
      onAction(action, index);
    };
    this.element.addEventListener("click", this.onClick);
  }

  /** @param {string[]} names */
  show(names) {
    this.names = Array.isArray(names) ? names.map(String) : [];
    const n = this.names.length;
    this.title.textContent = n === 1 ? "1 anchor" : `${n} anchors`;
    this.clear.hidden = n === 0;
    this.empty.hidden = n >= 2;
    this.list.replaceChildren(
      ...this.names.map((name, index) => {
        const item = document.createElement("li");
        item.dataset.index = String(index);
        const label = element("span", "lw-anchor-name", item);
        label.textContent = name; // text, never HTML
        label.title = `anchor ${index + 1} of ${n}: ${name}`;
        for (const [action, symbol, title] of ACTIONS) {
          const button = /** @type {HTMLButtonElement} */ (element("button", "lw-icon-button", item));
          button.type = "button";
          button.dataset.action = action;
          button.textContent = symbol;
          button.title = title;
          button.setAttribute("aria-label", `${title}: ${name}`);
          if (action === "up") button.disabled = index === 0;
          if (action === "down") button.disabled = index === n - 1;
        }
        return item;
      }),
    );
    this.setPending(this.pending);
  }

  /** Disable the buttons while a command is on its way. @param {boolean} pending */
  setPending(pending) {
    this.pending = pending;
    this.element.dataset.pending = String(pending);
    for (const button of this.element.querySelectorAll("button[data-action]")) {
      button.setAttribute("aria-disabled", String(pending));
    }
  }

  destroy() {
    this.element.removeEventListener("click", this.onClick);
  }
}
