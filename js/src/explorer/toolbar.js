// The toolbar above the map: projection switch (with progress while one computes), the
// trustworthiness of the map shown, decode-on-hover, point size and opacity, and the
// selection count.

import { element } from "../shared/dom.js";
import { PROJECTIONS } from "../shared/constants.js";
import { segmentedGroup } from "../shared/segmented.js";

export { PROJECTIONS };

/** A sentence for the projection state, as the toolbar shows it. */
export function describeProjection(state, now = Date.now()) {
  if (!state || !state.shown) return "";
  const shown = state.shown.toUpperCase();
  const trust = Number.isFinite(state.trustworthiness)
    ? ` · trustworthiness ${state.trustworthiness.toFixed(3)}`
    : "";
  if (state.state === "computing") {
    const seconds = state.started ? ((now - state.started) / 1000).toFixed(0) : "0";
    return `${shown} shown${trust} · ${state.message} ${seconds} s`;
  }
  if (state.state === "error") return `${shown} shown${trust} · ${state.message}`;
  return `${shown}${trust}`;
}

export class Toolbar {
  /**
   * @param {HTMLElement} parent
   * @param {{ onProjection: (name: string) => void, onHover: (on: boolean) => void,
   *   onStyle: (traits: Record<string, number>) => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-toolbar", parent);
    this.projections = segmentedGroup(this.element, {
      items: PROJECTIONS, attribute: "projection", label: "projection", onPick: handlers.onProjection,
    });
    this.info = element("span", "lw-projection-info", this.element);
    const hover = element("label", "lw-hover-toggle", this.element);
    this.hoverBox = element("input", "", hover);
    this.hoverBox.type = "checkbox";
    hover.append(" decode on hover");
    this.hoverBox.addEventListener("change", () => handlers.onHover(this.hoverBox.checked));
    this.size = this.slider("point size", 1, 12, 0.5, (v) => handlers.onStyle({ point_size: v }));
    this.opacity = this.slider("opacity", 0.05, 1, 0.05, (v) => handlers.onStyle({ opacity: v }));
    this.selectionInfo = element("span", "lw-selection-info", this.element);
    this.timer = null;
  }

  /** A labelled range input that reports its value as a number. */
  slider(label, min, max, step, onInput) {
    const wrap = element("label", "lw-slider", this.element);
    wrap.append(`${label} `);
    const input = element("input", "", wrap);
    Object.assign(input, { type: "range", min, max, step });
    input.dataset.style = label;
    input.addEventListener("input", () => onInput(Number(input.value)));
    return input;
  }

  /** @param {{ pointSize: number, opacity: number }} style */
  showStyle({ pointSize, opacity }) {
    this.size.value = String(pointSize);
    this.opacity.value = String(opacity);
  }

  /** @param {string} wanted @param {any} state */
  showProjection(wanted, state) {
    this.projections.show(state?.shown);
    for (const [name, button] of this.projections.buttons) {
      button.classList.toggle("lw-pending", name === wanted && state?.state === "computing");
    }
    const render = () => {
      this.info.textContent = describeProjection(state);
      this.info.dataset.status = state?.state ?? "";
    };
    render();
    clearInterval(this.timer);
    this.timer = state?.state === "computing" ? setInterval(render, 500) : null;
  }

  showHover(on) {
    this.hoverBox.checked = on;
  }

  /**
   * The selection count, and whether the kernel has it: "synced", "syncing" (sent, no
   * answer yet) or "failed" (kept on the map, not in the kernel; `why` says why).
   * @param {number} count @param {string} [sync] @param {string} [why]
   */
  showSelection(count, sync = "synced", why = "") {
    const suffix = sync === "failed" ? " · not synced to the kernel" : "";
    this.selectionInfo.textContent = count || sync === "failed" ? `${count} selected${suffix}` : "";
    this.selectionInfo.dataset.sync = sync;
    this.selectionInfo.title = sync === "failed" ? why : sync === "syncing" ? "sending…" : "";
  }

  destroy() {
    clearInterval(this.timer);
  }
}
