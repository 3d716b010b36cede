// The Explorer's decoding in the page: the decoder as an ONNX model run by onnxruntime-web
// (../shared/onnx-runtime.js), the map's inverse and the nearest data computed here
// (page-inverse.js), frames drawn as Python draws them (../shared/frame-recipe.js). A click
// then decodes with no kernel round trip. Before it is trusted, the model decodes a few
// latents whose frames Python sent; when any differs by more than the tolerance, or the
// kernel says the page cannot decode (no export, bar-chart outputs, a space too large),
// or the runtime does not start, clicks decode in the kernel and `path` says why.

import { startRuntime, runtimeStarted, decoderSession } from "../shared/onnx-runtime.js";
import { rgbaFrames, largestDifference } from "../shared/frame-recipe.js";
import { linearInverse, knnInverse, nearestLatents } from "./page-inverse.js";

const KERNEL = "clicks decode in the kernel";

/** The frame at `k` of `(count, H, W, 4)` frames, as one `(H, W, 4)` frame. */
function frameAt(frames, k) {
  const [, h, w] = frames.shape;
  const size = h * w * 4;
  return { data: frames.data.subarray(k * size, (k + 1) * size), shape: [h, w, 4] };
}

export class PageDecoding {
  /**
   * @param {import("../shared/mount.js").Host} host
   * @param {(path: { path: string, reason: string }) => void} onPath told when the path changes
   */
  constructor(host, onPath) {
    this.host = host;
    this.onPath = onPath;
    this.path = { path: "kernel", reason: "starting the decoder in the page…" };
    this.session = null;
    this.inverse = null; // (x, y) → latent on the map shown, null: the kernel's
    this.inverseReady = Promise.resolve();
    this.mapKey = null;
  }

  /** Whether a click decodes here (the frame of a point; between points, with an inverse). */
  ready(index) {
    return this.path.path === "page" && (index >= 0 || this.inverse !== null);
  }

  use(path, reason) {
    this.path = { path, reason };
    this.onPath(this.path);
  }

  /** Ask the kernel for the model (and the runtime's binary, once per page); check it. */
  async start() {
    try {
      const reply = await this.host.command("_page_decoder_command", { runtime: !runtimeStarted() },
        { timeoutMs: 120000, label: "the decoder for the page" });
      if (!reply.available) {
        this.use("kernel", reply.reason);
        return;
      }
      await startRuntime(async () => reply.wasm?.data ?? null);
      this.session = await decoderSession(reply.model.data);
      this.recipe = reply.recipe;
      this.latents = reply.latents.data;
      this.width = reply.latents.shape[1];
      this.thumbnails = reply.thumbnails ?? null;
      const worst = await this.check(reply.check_latents, reply.check_frames);
      if (worst > reply.tolerance) {
        this.session.release();
        this.session = null;
        const traced = reply.tracer_warnings?.length ? `; tracing warned: ${reply.tracer_warnings[0]}` : "";
        this.use("kernel", `the decoder exported to ONNX draws frames up to ${worst}/255 away `
          + `from Python's on ${reply.check_latents.shape[0]} check latents (it may compute `
          + `outside torch${traced}): ${KERNEL}`);
        return;
      }
      this.use("page", `decoded in this page by onnxruntime-web (WebAssembly, one thread), `
        + `no kernel round trip; its frames are within ${worst}/255 of Python's on `
        + `${reply.check_latents.shape[0]} check latents`);
    } catch (err) {
      this.use("kernel", `the decoder could not start in the page (${err?.message ?? err}): ${KERNEL}`);
    }
  }

  /** The largest difference, per channel out of 255, between the model's frames and Python's. */
  async check(latents, frames) {
    const [count, width] = latents.shape;
    let worst = 0;
    for (let k = 0; k < count; k++) {
      const one = latents.data.subarray(k * width, (k + 1) * width);
      const mine = rgbaFrames(await this.session.run(one, 1, width), 1, this.recipe);
      worst = Math.max(worst, largestDifference(mine.data, frameAt(frames, k).data));
    }
    return worst;
  }

  /**
   * A new map is shown: ask how to invert it (its matrix, or the kNN over its positions).
   * @param {string} projection @param {string} layer @param {Float32Array} xy its positions
   */
  setMap(projection, layer, xy) {
    const key = `${projection}|${layer}|${xy.length}`;
    if (this.path.path !== "page" || (key === this.mapKey && this.inverse)) return this.inverseReady;
    this.mapKey = key;
    this.inverse = null;
    this.inverseReady = (async () => {
      try {
        const recipe = await this.host.command("_page_inverse_command", { projection, layer },
          { timeoutMs: 30000, label: "the map's inverse" });
        if (this.mapKey !== key) return; // another map came meanwhile
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
    const raw = await this.session.run(latent, 1, width);
    const frame = frameAt(rgbaFrames(raw, 1, this.recipe), 0);
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
