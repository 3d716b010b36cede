// The Explorer's decoding in the page: the checked decoder (../shared/page-decoder.js), the
// map's inverse and the nearest data computed here (page-inverse.js), with the data's
// latents and thumbnails the kernel sent with the model. A click then decodes with no
// kernel round trip; when the page cannot decode, clicks go to the kernel and `path` says
// why.

import { startPageDecoder } from "../shared/page-decoder.js";
import { linearInverse, knnInverse, nearestLatents } from "./page-inverse.js";

export class PageDecoding {
  /**
   * @param {import("../shared/mount.js").Host} host
   * @param {(path: { path: string, reason: string }) => void} onPath told when the path changes
   */
  constructor(host, onPath) {
    this.host = host;
    this.onPath = onPath;
    this.path = { path: "kernel", reason: "starting the decoder in the page…" };
    this.decoder = null;
    this.inverse = null; // (x, y) → latent on the map shown, null: the kernel's
    this.inverseReady = Promise.resolve();
    this.mapKey = null;
  }

  /** The view is gone: its session goes too (the page's runtime stays for other views). */
  release() {
    this.released = true;
    this.decoder?.release();
    this.decoder = null;
    this.path = { path: "kernel", reason: "the view was removed" };
  }

  /** The decoder changed in the kernel (trained further): decode there until the new one
   * is checked here. */
  restart() {
    this.decoder?.release();
    this.decoder = null;
    this.inverse = null;
    this.mapKey = null;
    this.use("kernel", "the decoder changed in the kernel since this page was sent it: "
      + "clicks decode there until its new copy is checked here");
    this.start();
  }

  /** A decode in the page failed: the kernel decodes from now on, and the path says why. */
  failed(err) {
    this.decoder?.release();
    this.decoder = null;
    this.use("kernel", `decoding in the page failed (${err?.message ?? err}): decoding stays in the kernel`);
  }

  /** Whether a click decodes here (the frame of a point; between points, with an inverse). */
  ready(index) {
    return this.path.path === "page" && (index >= 0 || this.inverse !== null);
  }

  use(path, reason) {
    this.path = { path, reason };
    this.onPath(this.path);
  }

  /** Ask the kernel for the model and the data, start the decoder and check it. */
  async start() {
    const { path, decoder, reply } = await startPageDecoder(this.host);
    if (this.released) {
      decoder?.release();
      return;
    }
    if (decoder) {
      this.decoder = decoder;
      this.latents = reply.latents.data;
      this.width = reply.latents.shape[1];
      this.thumbnails = reply.thumbnails ?? null;
    }
    this.use(path.path, path.reason);
  }

  /**
   * A new map is shown: ask how to invert it (its matrix, or the kNN over its positions).
   * @param {string} projection @param {string} layer @param {Float32Array} xy its positions
   */
  setMap(projection, layer, xy) {
    const key = `${projection}|${layer}`;
    if (this.path.path !== "page") return this.inverseReady;
    if (key === this.mapKey && xy === this.mapXY && this.inverse) return this.inverseReady;
    this.mapXY = xy; // the positions the kNN inverse is over (a new array for a new map)
    this.mapKey = key;
    this.inverse = null;
    this.inverseReady = (async () => {
      try {
        const recipe = await this.host.command("_page_inverse_command", { projection, layer },
          { timeoutMs: 30000, label: "the map's inverse" });
        if (this.mapKey !== key || this.mapXY !== xy) return; // another map came meanwhile
        if (recipe.kind === "linear") this.inverse = linearInverse(recipe);
        else if (recipe.kind === "knn") this.inverse = knnInverse(xy, this.latents, this.width, recipe);
        this.inverseNote = recipe.kind === "kernel" ? recipe.reason : "";
      } catch (err) {
        this.inverseNote = `the map's inverse stays in the kernel (${err?.message ?? err})`;
      }
    })();
    return this.inverseReady;
  }

  /**
   * Decode here: a data point's own latent (`index` ≥ 0, at its position `at`), else the
   * map's inverse at (x, y); the nearest data with their labels and thumbnails.
   * @param {number} x @param {number} y @param {number} index @param {number[] | null} at
   * @param {{ neighbours: number, labelOf: (i: number) => string | null }} options
   */
  async decode(x, y, index, at, { neighbours, labelOf }) {
    const { width } = this;
    const latent = index >= 0 ? this.latents.slice(index * width, (index + 1) * width)
      : this.inverse(x, y);
    const frame = await this.decoder.frame(latent);
    const near = nearestLatents(this.latents, width, latent, neighbours);
    const [px, py] = index >= 0 && at ? at : [x, y];
    return {
      x: px, y: py, index, frame, latent,
      neighbours: {
        indices: { data: near.indices, shape: [near.indices.length] },
        distances: { data: near.distances, shape: [near.distances.length] },
        labels: Array.from(near.indices, (i) => labelOf(i)),
        thumbnails: this.thumbnailsOf(near.indices),
      },
    };
  }

  /**
   * A decode of the view's (latest wins, page-decoding's caller queues them), then the
   * kernel is told what was decoded (a message; no answer awaited), so that its traits
   * follow as for a click decoded there.
   * @param {{ x: number, y: number, index: number, click: boolean }} request
   * @param {{ xy: Float32Array, labels: ArrayLike<number> | null, names: string[],
   *   neighbours: number }} map the map shown and what the panel lists
   */
  async decodeAndTell({ x, y, index, click }, { xy, labels, names, neighbours }) {
    const labelOf = (i) => (labels ? names[labels[i]] ?? null : null);
    const at = index >= 0 ? [xy[2 * index], xy[2 * index + 1]] : null;
    const result = await this.decode(x, y, index, at, { neighbours, labelOf });
    this.host.send({
      kind: "page_decoded", x, y, index, click: Boolean(click),
      position: [result.x, result.y], latent: Array.from(result.latent),
    });
    return result;
  }

  /**
   * A decode of the view's page queue: here when it can (a new map's inverse awaited
   * first), else `kernel()`.
   */
  async decodeOrKernel(payload, map, kernel) {
    if (payload.index < 0) await this.inverseReady;
    return this.ready(payload.index) ? this.decodeAndTell(payload, map) : kernel();
  }

  thumbnailsOf(indices) {
    const thumbs = this.thumbnails;
    if (!thumbs) return null;
    const [, h, w] = thumbs.shape;
    const size = h * w * 4;
    const data = new Uint8Array(indices.length * size);
    indices.forEach((i, k) => data.set(thumbs.data.subarray(i * size, (i + 1) * size), k * size));
    return { data, shape: [indices.length, h, w, 4] };
  }
}
