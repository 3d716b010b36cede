// The toolbar: which points (scope), which plots (diagram / barcode / both), the map check
// and the Rips edges on a linked map, and the status line with a thin progress bar while the
// homology computes.

import { element } from "../shared/dom.js";
import { createStatusLine } from "../shared/status.js";
import { VIEWS } from "../shared/constants.js";
import { segmentedGroup } from "../shared/segmented.js";

export { VIEWS };

/** What each plots button shows, for its tooltip. */
const VIEW_TITLES = {
  diagram: "Show the persistence diagram: a dot per feature at (birth, death)",
  barcode: "Show the barcode: a bar per feature, from its birth to its death",
  both: "Show the diagram and the barcode side by side",
};

export class PersistenceToolbar {
  /**
   * @param {HTMLElement} parent
   * @param {{ onScope: (key: string) => void, onView: (view: string) => void,
   *   onMapCheck: () => void, onEdges: (on: boolean) => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-toolbar", parent);
    const scopeLabel = element("label", "lw-scope", this.element);
    scopeLabel.append("points ");
    this.scope = /** @type {HTMLSelectElement} */ (element("select", "lw-scope-select", scopeLabel));
    this.scope.title = "Which points to compute the homology of: all, the map's lasso selection, or one class";
    this.scope.addEventListener("change", () => handlers.onScope(this.scope.value));

    this.views = segmentedGroup(this.element, {
      items: VIEWS, attribute: "view", label: "plots shown", className: "lw-view-switch",
      onPick: handlers.onView,
    });
    for (const [key, button] of this.views.buttons) button.title = VIEW_TITLES[key] ?? "";

    this.mapCheck = element("button", "lw-button lw-map-check-button", this.element);
    this.mapCheck.type = "button";
    this.mapCheck.textContent = "Does the map lie?";
    this.mapCheck.title = "Compare the loops of the 2-D map with the loops of the latents";
    this.mapCheck.hidden = true;
    this.mapCheck.addEventListener("click", () => handlers.onMapCheck());

    this.edgesLabel = element("label", "lw-map-edges", this.element);
    this.edges = /** @type {HTMLInputElement} */ (element("input", "lw-map-edges-box", this.edgesLabel));
    this.edges.type = "checkbox";
    this.edgesLabel.append(" edges on map");
    this.edgesLabel.title =
      "Draw the Rips complex's edges shorter than ε on the linked map (moving ε turns them on)";
    this.edgesLabel.hidden = true;
    this.edges.addEventListener("change", () => handlers.onEdges(this.edges.checked));

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
    this.views.show(view);
  }

  showLinked(linked) {
    this.mapCheck.hidden = !linked;
    this.edgesLabel.hidden = !linked;
  }

  /** @param {boolean} on whether the linked map draws the Rips edges */
  showEdges(on) {
    this.edges.checked = Boolean(on);
  }

  /**
   * Show the `status` trait: the status line's words, and the progress while it computes.
   * @param {import("../shared/status.js").Status} status
   */
  showStatus(status) {
    const computing = status?.state === "computing" && typeof status?.progress === "number";
    this.progress.hidden = !computing;
    if (computing) this.progress.value = Math.min(1, Math.max(0, status.progress));
    this.status.show(status, "the computation failed");
  }
}
