// The toolbar above the map: projection switch (with progress while one computes), the
// trustworthiness of the map shown, the layer mapped, decode-on-hover, point size and
// opacity, reset view, the gestures' help and the selection count. Each label stays with
// its control in a group, and the groups wrap as the output narrows.

import { element } from "../shared/dom.js";
import { PROJECTIONS } from "../shared/constants.js";
import { segmentedGroup } from "../shared/segmented.js";
import { GESTURES, HELP_LINE } from "./gestures.js";

export { PROJECTIONS };

/** What each projection button does, for its title. */
const PROJECTION_TITLES = {
  pca: "show the PCA map (linear: distances along its axes are kept best)",
  umap: "show the UMAP map (keeps neighbourhoods; computed in the background)",
};

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

/** A toolbar group: its children stay on one line together. */
function group(parent, className = "") {
  return element("span", `lw-tool-group ${className}`.trim(), parent);
}

export class Toolbar {
  /**
   * @param {HTMLElement} parent
   * @param {{ onProjection: (name: string) => void, onHover: (on: boolean) => void,
   *   onStyle: (traits: Record<string, number>) => void, onLayer: (name: string) => void,
   *   onReset: () => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-toolbar", parent);
    const maps = group(this.element, "lw-maps-group");
    this.projections = segmentedGroup(maps, {
      items: PROJECTIONS, attribute: "projection", label: "projection", onPick: handlers.onProjection,
    });
    for (const [name, button] of this.projections.buttons) button.title = PROJECTION_TITLES[name] ?? "";
    this.info = element("span", "lw-projection-info", maps);
    this.info.title = "the map shown; trustworthiness: how well it keeps each point's nearest "
      + "latent neighbours near it (1: all kept)";
    this.buildLayers(handlers.onLayer);
    this.buildHover(handlers.onHover);
    this.size = this.slider("point size", 1, 12, 0.5, (v) => handlers.onStyle({ point_size: v }),
      "the points' size in pixels");
    this.opacity = this.slider("opacity", 0.05, 1, 0.05, (v) => handlers.onStyle({ opacity: v }),
      "the points' opacity");
    this.buildView(handlers.onReset);
    this.selectionInfo = element("span", "lw-selection-info", this.element);
    this.timer = null;
  }

  /** The layer mapped: a select of the space's layers (hidden when it has one). */
  buildLayers(onLayer) {
    this.layerGroup = element("label", "lw-tool-group lw-layer-group", this.element);
    this.layerGroup.append("layer ");
    this.layerSelect = /** @type {HTMLSelectElement} */ (element("select", "lw-layer-select", this.layerGroup));
    this.layerSelect.title = "the layer whose latents are mapped; clicks decode on the decoder's layer";
    this.layerSelect.addEventListener("change", () => onLayer(this.layerSelect.value));
    this.layerGroup.hidden = true;
  }

  buildHover(onHover) {
    const hover = element("label", "lw-tool-group lw-hover-toggle", this.element);
    hover.title = "decode continuously under the mouse, without clicking";
    this.hoverBox = /** @type {HTMLInputElement} */ (element("input", "", hover));
    this.hoverBox.type = "checkbox";
    hover.append(" decode on hover");
    this.hoverBox.addEventListener("change", () => onHover(this.hoverBox.checked));
  }

  /** Reset view and the gestures' help: a "?" whose title lists them; a click shows them. */
  buildView(onReset) {
    const view = group(this.element, "lw-view-group");
    this.resetButton = element("button", "lw-button lw-reset-view", view);
    Object.assign(this.resetButton, { type: "button", textContent: "⟲ reset view" });
    this.resetButton.title = "zoom and pan back to the whole map (or double-click empty space)";
    this.resetButton.addEventListener("click", onReset);
    this.helpButton = element("button", "lw-button lw-help-button", view);
    Object.assign(this.helpButton, { type: "button", textContent: "?" });
    this.helpButton.title = `Gestures:\n${GESTURES.join("\n")}\n(click to show them under the toolbar)`;
    this.helpButton.setAttribute("aria-label", "gestures help");
    this.helpButton.setAttribute("aria-expanded", "false");
    this.help = element("div", "lw-help-line", this.element);
    this.help.textContent = HELP_LINE;
    this.help.hidden = true;
    this.helpButton.addEventListener("click", () => {
      this.help.hidden = !this.help.hidden;
      this.helpButton.setAttribute("aria-expanded", String(!this.help.hidden));
    });
  }

  /** A labelled range input that reports its value as a number. */
  slider(label, min, max, step, onInput, title) {
    const wrap = element("label", "lw-tool-group lw-slider", this.element);
    wrap.title = title;
    wrap.append(`${label} `);
    const input = /** @type {HTMLInputElement} */ (element("input", "", wrap));
    Object.assign(input, { type: "range", min, max, step, title });
    input.dataset.style = label;
    input.addEventListener("input", () => onInput(Number(input.value)));
    return input;
  }

  /** @param {{ pointSize: number, opacity: number }} style */
  showStyle({ pointSize, opacity }) {
    this.size.value = String(pointSize);
    this.opacity.value = String(opacity);
  }

  /**
   * @param {string[]} layers the space's layers
   * @param {string} current the layer mapped
   * @param {string} decodeLayer the decoder's layer ("" without one)
   */
  showLayers(layers, current, decodeLayer) {
    this.layerGroup.hidden = layers.length <= 1;
    const options = layers.map((name) => {
      const option = document.createElement("option");
      option.value = name;
      option.textContent = name === decodeLayer ? `${name} (decoder)` : name;
      return option;
    });
    this.layerSelect.replaceChildren(...options);
    this.layerSelect.value = current;
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
    const clear = "click empty space or press Escape to clear";
    this.selectionInfo.title = sync === "failed" ? why : sync === "syncing" ? "sending…" : count ? clear : "";
  }

  destroy() {
    clearInterval(this.timer);
  }
}
