// A view's decoder in the page: asked from the kernel once (`_page_decoder_command`: the
// ONNX model, how its outputs become frames, latents with Python's frames to check it on),
// started on the page's one onnxruntime-web runtime (onnx-runtime.js: the first view that
// needs it asks its kernel for the wasm, `_page_runtime_command`; the others wait for that
// one), and checked before it is used: when any
// check frame differs from Python's by more than the tolerance, or the kernel says the
// page cannot decode, or the runtime does not start, the view decodes in the kernel and
// the path says why, in words.

import { startRuntime, decoderSession } from "./onnx-runtime.js";
import { rgbaFrames, largestDifference } from "./frame-recipe.js";

export const KERNEL = "decoding stays in the kernel";

/** The frame at `k` of `(count, H, W, 4)` frames, as one `(H, W, 4)` frame. */
export function frameAt(frames, k) {
  const [, h, w] = frames.shape;
  const size = h * w * 4;
  return { data: frames.data.subarray(k * size, (k + 1) * size), shape: [h, w, 4] };
}

/**
 * A started, checked decoder: `frame(latent)` draws one latent as Python's `decode` would.
 */
export class CheckedDecoder {
  constructor(session, reply) {
    this.session = session;
    this.recipe = reply.recipe;
    this.width = reply.check_latents.shape[1];
  }

  /** One latent's frame, `(H, W, 4)`, its own value range (as Python decodes one latent). */
  async frame(latent) {
    const raw = await this.session.run(Float32Array.from(latent), 1, this.width);
    return frameAt(rgbaFrames(raw, 1, this.recipe), 0);
  }

  release() {
    this.session.release();
  }
}

/** The largest difference, per channel out of 255, between the model's frames and Python's. */
async function checkAgainstPython(decoder, latents, frames) {
  const [count, width] = latents.shape;
  let worst = 0;
  for (let k = 0; k < count; k++) {
    const mine = await decoder.frame(latents.data.subarray(k * width, (k + 1) * width));
    worst = Math.max(worst, largestDifference(mine.data, frameAt(frames, k).data));
  }
  return worst;
}

/**
 * Ask for the decoder, start it and check it.
 * @param {import("./mount.js").Host} host
 * @returns {Promise<{ path: { path: "page" | "kernel", reason: string },
 *   decoder: CheckedDecoder | null, reply: any }>}
 */
export async function startPageDecoder(host) {
  const kernel = (reason) => ({ path: { path: "kernel", reason }, decoder: null, reply: null });
  let reply;
  let decoder = null;
  try {
    reply = await host.command("_page_decoder_command", {},
      { timeoutMs: 120000, label: "the decoder for the page" });
    if (!reply.available) return kernel(reply.reason);
    await startRuntime(async () => {
      const runtime = await host.command("_page_runtime_command", {},
        { timeoutMs: 120000, label: "the page's ONNX runtime" });
      return runtime.wasm.data;
    });
    decoder = new CheckedDecoder(await decoderSession(reply.model.data), reply);
    const worst = await checkAgainstPython(decoder, reply.check_latents, reply.check_frames);
    const count = reply.check_latents.shape[0];
    if (worst > reply.tolerance) {
      decoder.release();
      const traced = reply.tracer_warnings?.length ? `; tracing warned: ${reply.tracer_warnings[0]}` : "";
      return kernel(`the decoder exported to ONNX draws frames up to ${worst}/255 away from `
        + `Python's on ${count} check latents (it may compute outside torch${traced}): ${KERNEL}`);
    }
    return {
      path: {
        path: "page",
        reason: "decoded in this page by onnxruntime-web (WebAssembly, one thread), no kernel "
          + `round trip; its frames are within ${worst}/255 of Python's on ${count} check latents`,
      },
      decoder,
      reply,
    };
  } catch (err) {
    decoder?.release(); // a check that failed: its session goes too
    return kernel(`the decoder could not start in the page (${err?.message ?? err}): ${KERNEL}`);
  }
}
