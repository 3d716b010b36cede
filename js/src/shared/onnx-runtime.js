// onnxruntime-web's WebAssembly backend, started once per page whatever the number of views:
// the runtime is kept on `globalThis` under a registry symbol, so that the Explorer's and the
// Interpolation's bundles (each with its own copy of this module) share one. Its `.wasm`
// comes from the kernel as binary data (`env.wasm.wasmBinary`), never from a network; one
// thread and no proxy worker, so that no cross-origin isolation is needed.

import * as bundled from "onnxruntime-web/wasm";

const KEY = Symbol.for("latent_widgets.onnxruntime");

/** The page's runtime record: { ort, ready (a promise of ort, or null: not started) }. */
function record() {
  globalThis[KEY] ??= { ort: bundled, ready: null };
  return globalThis[KEY];
}

/**
 * Start the runtime (once per page: later calls share the first, and a failed start lets
 * the next call try again).
 * @param {() => Promise<Uint8Array>} fetchWasm gives the runtime's binary
 * @returns {Promise<any>} the onnxruntime-web module, ready
 */
export function startRuntime(fetchWasm) {
  const runtime = record();
  if (runtime.ready) return runtime.ready;
  runtime.ready = (async () => {
    const wasm = await fetchWasm();
    if (!wasm) throw new Error("no WebAssembly binary for the runtime was sent");
    const { env } = runtime.ort;
    env.wasm.wasmBinary = wasm;
    env.wasm.numThreads = 1;
    env.wasm.proxy = false;
    return runtime.ort;
  })();
  runtime.ready.catch(() => {
    runtime.ready = null; // a failed start may be tried again by the next view
  });
  return runtime.ready;
}

/**
 * A decoder session over an ONNX model (input "z", output "x").
 * @param {Uint8Array} model
 */
export async function decoderSession(model) {
  const ort = await record().ready;
  if (!ort) throw new Error("the runtime was not started");
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  });
  return {
    /**
     * Decode `count` latents of `width` values each.
     * @param {Float32Array} latents @param {number} count @param {number} width
     * @returns {Promise<Float32Array>} the outputs, one after another
     */
    async run(latents, count, width) {
      const input = new ort.Tensor("float32", latents, [count, width]);
      const outputs = await session.run({ [session.inputNames[0]]: input });
      return /** @type {Float32Array} */ (outputs[session.outputNames[0]].data);
    },
    release: () => session.release(),
  };
}
