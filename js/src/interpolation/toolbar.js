// The toolbar: how to interpolate (Linear / Slerp / Along the data), frames per segment,
// whether clicks on a linked map add anchors, and the status line.

import { element } from "../shared/dom.js";
import { createStatusLine } from "../shared/status.js";
import { MAX_STEPS, METHODS, MIN_STEPS } from "../shared/constants.js";
import { segmentedGroup } from "../shared/segmented.js";

export { MAX_STEPS, METHODS, MIN_STEPS };

/** `value` as a whole number of steps in MIN_STEPS..MAX_STEPS, or null when not a number. */
export function clampSteps(value) {
  const n = Math.round(Number(value));
  if (!Number.isFinite(n)) return null;
  return Math.min(MAX_STEPS, Math.max(MIN_STEPS, n));
}

export class InterpolationToolbar {
  /**
   * @param {HTMLElement} parent
   * @param {{ onMethod: (m: string) => void, onSteps: (n: number) => void,
   *   onPicking: (on: boolean) => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-toolbar", parent);
    this.methods = segmentedGroup(this.element, {
      items: METHODS, attribute: "method", label: "interpolation method", className: "lw-methods",
      onPick: handlers.onMethod,
    });

    const stepsLabel = element("label", "lw-steps", this.element);
    stepsLabel.append("steps ");
    this.steps = /** @type {HTMLInputElement} */ (element("input", "lw-steps-input", stepsLabel));
    this.steps.type = "number";
    this.steps.min = String(MIN_STEPS);
    this.steps.max = String(MAX_STEPS);
    this.steps.step = "1";
    this.steps.title = `frames per segment between consecutive anchors, both ends included (${MIN_STEPS} to ${MAX_STEPS}; Enter applies)`;
    this.onStepsChange = () => {
      const n = clampSteps(this.steps.value);
      if (n === null) return;
      this.steps.value = String(n);
      handlers.onSteps(n);
    };
    this.steps.addEventListener("change", this.onStepsChange);
    // Enter applies the count at once (JupyterLab would take the key for its own shortcuts)
    this.steps.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();
      this.onStepsChange();
    });

    this.pickingLabel = element("label", "lw-picking", this.element);
    this.picking = /** @type {HTMLInputElement} */ (element("input", "lw-picking-input", this.pickingLabel));
    this.picking.type = "checkbox";
    this.pickingLabel.title = "when on, each click on the linked map adds an anchor at the end of the path";
    this.pickingLabel.append(" add map clicks as anchors");
    this.picking.addEventListener("change", () => handlers.onPicking(this.picking.checked));
    this.pickingLabel.hidden = true;

    this.status = createStatusLine(this.element);
  }

  /** @param {string} method */
  showMethod(method) {
    this.methods.show(method);
  }

  /** @param {number} steps */
  showSteps(steps) {
    this.steps.value = Number.isFinite(Number(steps)) ? String(steps) : "";
  }

  /** @param {boolean} picking @param {boolean} linked */
  showPicking(picking, linked) {
    this.picking.checked = Boolean(picking);
    this.pickingLabel.hidden = !linked;
  }
}
