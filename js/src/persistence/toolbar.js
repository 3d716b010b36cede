// The toolbar: which points (scope), which plots (diagram / barcode / both), the map check,
// and the status line with a thin progress bar while the homology computes.

import { element } from "../shared/dom.js";
import { createStatusLine } from "../shared/status.js";

export const VIEWS = [["diagram", "Diagram"], ["barcode", "Barcode"], ["both", "Both"]];

export class PersistenceToolbar {
  /**
   * @param {HTMLElement} parent
   * @param {{ onScope: (key: string) => void, onView: (view: string) => void,
   *   onMapCheck: () => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-toolbar", parent);
    const scopeLabel = element("label", "lw-scope", this.element);
    scopeLabel.append("points ");
    this.scope = /** @type {HTMLSelectElement} */ (element("select", "lw-scope-select", scopeLabel));
    this.scope.addEventListener("change", () => handlers.onScope(this.scope.value));

    const group = element("div", "lw-segmented lw-view-switch", this.element);
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "plots shown");
    this.viewButtons = new Map();
    for (const [name, text] of VIEWS) {
      const button = element("button", "lw-button", group);
      button.type = "button";
      button.dataset.view = name;
      button.textContent = text;
      button.addEventListener("click", () => handlers.onView(name));
      this.viewButtons.set(name, button);
    }

    this.mapCheck = element("button", "lw-button lw-map-check-button", this.element);
    this.mapCheck.type = "button";
    this.mapCheck.textContent = "Does the map lie?";
    this.mapCheck.title = "Compare the loops of the 2-D map with the loops of the latents";
    this.mapCheck.hidden = true;
    this.mapCheck.addEventListener("click", () => handlers.onMapCheck());

    const statusBox = element("div", "lw-status-box", this.element);
    this.progress = /** @type {HTMLProgressElement} */ (element("progress", "lw-progress", statusBox));
    this.progress.max = 1;
    this.progress.hidden = true;
    this.status = createStatusLine(statusBox);
  }

  /** @param {{key: string, text: string}[]} scopes @param {string} current */
  showScopes(scopes, current) {
    const list = Array.isArray(scopes) ? scopes : [];
    const same =
      this.scope.options.length === list.length &&
      list.every((s, i) => this.scope.options[i].value === s.key && this.scope.options[i].text === s.text);
    if (!same) {
      this.scope.replaceChildren(
        ...list.map((s) => {
          const option = document.createElement("option");
          option.value = String(s.key);
          option.textContent = String(s.text); // text, never HTML
          return option;
        }),
      );
    }
    this.scope.value = current;
    this.scope.disabled = list.length <= 1;
  }

  /** @param {string} view */
  showView(view) {
    for (const [name, button] of this.viewButtons) button.setAttribute("aria-pressed", String(name === view));
  }

  showLinked(linked) {
    this.mapCheck.hidden = !linked;
  }

  /**
   * Show the `status` trait: the message in words, the traceback folded away, and progress.
   * @param {{state?: string, message?: string, progress?: number | null, traceback?: string}} status
   */
  showStatus(status) {
    const state = status?.state ?? "ready";
    const message = String(status?.message ?? "");
    const computing = state === "computing" && typeof status?.progress === "number";
    this.progress.hidden = !computing;
    if (computing) this.progress.value = Math.min(1, Math.max(0, status.progress));
    if (state === "error") {
      this.status.error({ message: message || "the computation failed", detail: status?.traceback ?? "" });
    } else if (message) {
      this.status.note(message);
    } else {
      this.status.clear();
    }
  }
}
