// The decoder panel: the decoded frame, what was decoded (a data point itself, or the map's
// inverse at a position), the data points nearest to its latent (with their thumbnails), a
// status line for errors in words, and a way back to the decoder's layer.

import { element } from "../shared/dom.js";
import { createStatusLine } from "../shared/status.js";
import { drawFrame } from "../shared/canvas.js";
import { busyMarker } from "../shared/busy.js";
import { formatMs } from "../shared/format.js";

export class DecoderPanel {
  /** @param {HTMLElement} parent */
  constructor(parent) {
    this.element = element("div", "lw-panel", parent);
    const title = element("div", "lw-panel-title", this.element);
    title.textContent = "Decoded";
    this.spinner = element("span", "lw-busy-spinner", title);
    this.spinner.setAttribute("aria-label", "decoding");
    this.busy = busyMarker([this.element, this.spinner]);
    this.frame = element("canvas", "lw-frame", this.element);
    this.caption = element("div", "lw-caption", this.element);
    this.neighbourTitle = element("div", "lw-panel-subtitle", this.element);
    this.neighbourTitle.title = "the data points whose latents are nearest the decoded latent; "
      + "d: their distance in latent space";
    this.neighbours = element("div", "lw-neighbours", this.element);
    this.path = element("div", "lw-decoding-path", this.element);
    this.path.hidden = true;
    this.status = createStatusLine(this.element);
    this.layerButton = element("button", "lw-button lw-layer-back", this.element);
    this.layerButton.title = "map the decoder's layer again, so that clicks decode";
    this.layerButton.hidden = true;
    this.framesDrawn = 0;
  }

  /**
   * Where clicks decode (in the page, or in the kernel), and why on hover.
   * @param {{ path: string, reason: string }} path
   */
  showPath({ path, reason }) {
    this.path.hidden = false;
    this.path.dataset.path = path;
    this.path.textContent = path === "page" ? "decoding: in this page" : "decoding: in the kernel";
    this.path.title = reason;
  }

  /**
   * Offer a switch back to the decoder's layer while the map shows another one.
   * @param {string | null} layer the decoder's layer, or null to hide the button
   * @param {() => void} onClick
   */
  offerLayer(layer, onClick) {
    this.layerButton.type = "button";
    this.layerButton.hidden = !layer;
    this.layerButton.textContent = layer ? `Show layer ${layer} to decode` : "";
    this.layerButton.onclick = layer ? onClick : null;
  }

  /**
   * @param {{ x: number, y: number, index?: number, frame: any, neighbours: any }} result
   * @param {number} elapsedMs
   */
  show(result, elapsedMs) {
    drawFrame(this.frame, result.frame);
    this.framesDrawn += 1;
    this.frame.dataset.framesDrawn = String(this.framesDrawn);
    this.frame.dataset.frameShape = result.frame.shape.join("x");
    this.frame.dataset.clickToFrameMs = formatMs(elapsedMs);
    this.caption.textContent = describeDecoded(result);
    this.caption.dataset.source = (result.index ?? -1) >= 0 ? "point" : "inverse";
    this.showNeighbours(result.neighbours);
    this.status.clear();
    delete this.element.dataset.stale;
  }

  /**
   * A decode failed: the error in words, and the old frame and caption dimmed (they no
   * longer show what was asked for).
   * @param {any} err
   */
  failed(err) {
    this.status.error(err);
    if (this.framesDrawn > 0) this.element.dataset.stale = "true";
  }

  showNeighbours(neighbours) {
    this.neighbours.replaceChildren();
    const indices = neighbours?.indices?.data ?? [];
    this.neighbourTitle.textContent = indices.length ? "Nearest data (in latent space)" : "";
    const thumbs = neighbours?.thumbnails;
    for (let k = 0; k < indices.length; k++) {
      const item = element("div", "lw-neighbour", this.neighbours);
      item.dataset.index = String(indices[k]);
      if (thumbs) {
        const [, h, w] = thumbs.shape;
        const size = h * w * 4;
        const canvas = element("canvas", "lw-thumb", item);
        const data = thumbs.data.subarray(k * size, (k + 1) * size);
        drawFrame(canvas, { data, shape: [h, w, 4] });
      }
      const label = neighbours.labels?.[k];
      const text = element("span", "lw-neighbour-text", item);
      const distance = neighbours.distances.data[k];
      text.textContent = neighbourText(indices[k], label, distance);
      item.title = `data point #${indices[k]}${label != null ? ` (${label})` : ""}: its latent `
        + `is ${distance.toPrecision(3)} from the decoded latent`;
    }
  }

  /**
   * The map changed under the frame shown (decoded.js): say so and, when the frame's position
   * has no place on the new map, dim the frame as stale.
   * @param {string} note @param {boolean} stale
   */
  mapChanged(note, stale) {
    if (!note) return;
    this.status.note(note);
    if (stale) this.element.dataset.stale = "true";
  }
}

/**
 * One neighbour row, in the tooltip's order: label · #index, then the labelled distance.
 * @param {number} index @param {string | null | undefined} label @param {number} distance
 */
export function neighbourText(index, label, distance) {
  const who = label != null ? `${label} · #${index}` : `#${index}`;
  return `${who} · d = ${distance.toPrecision(3)}`;
}

/**
 * What a decoded frame shows, in words: a data point's own latent, or the map's inverse.
 * @param {{ x: number, y: number, index?: number }} result
 */
export function describeDecoded(result) {
  if ((result.index ?? -1) >= 0) return `#${result.index} itself`;
  return `the map's inverse at (${result.x.toFixed(3)}, ${result.y.toFixed(3)})`;
}
