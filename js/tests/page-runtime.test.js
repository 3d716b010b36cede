// The page's decoder end to end, in Node: onnxruntime-web's own wasm runtime runs a small
// decoder exported by Python (tests/unit/in_page/fixtures.py), and its frames are Python's
// within 2/255; the map's inverses agree with Python's on the same points.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { startRuntime, decoderSession } from "../src/shared/onnx-runtime.js";
import { rgbaFrames, largestDifference } from "../src/shared/frame-recipe.js";
import { knnInverse, linearInverse } from "../src/explorer/page-inverse.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/page-decoding.json", import.meta.url)));
const model = new Uint8Array(readFileSync(new URL("./fixtures/tiny-decoder.onnx", import.meta.url)));
const require = createRequire(import.meta.url);
const wasmPath = require.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm");
const flat = (rows) => Float32Array.from(rows.flat());

describe("the decoder in the page (onnxruntime-web, wasm, one thread)", () => {
  it("starts once per page and draws Python's frames within 2/255", async () => {
    let fetched = 0;
    const fetchWasm = async () => {
      fetched += 1;
      return new Uint8Array(readFileSync(wasmPath));
    };
    const [a, b] = await Promise.all([startRuntime(fetchWasm), startRuntime(fetchWasm)]);
    expect(a).toBe(b);
    expect(fetched).toBe(1);
    expect(a.env.wasm.numThreads).toBe(1);

    const session = await decoderSession(model);
    const width = fixture.latents[0].length;
    let worst = 0;
    for (let k = 0; k < fixture.latents.length; k++) {
      const raw = await session.run(Float32Array.from(fixture.latents[k]), 1, width);
      const frame = rgbaFrames(raw, 1, fixture.recipe);
      expect(frame.shape).toEqual([1, 4, 5, 4]);
      worst = Math.max(worst, largestDifference(frame.data, Uint8Array.from(fixture.frames[k])));
    }
    expect(worst).toBeLessThanOrEqual(2);
    const batch = await session.run(flat(fixture.latents), fixture.latents.length, width);
    expect(batch.length).toBe(fixture.latents.length * 60); // the batch axis is free
  }, 60000);

  it("inverts a map as Python does: the kNN barycentre and PCA's matrix", () => {
    const { knn, pca } = fixture;
    const inverse = knnInverse(flat(knn.y), flat(knn.z), knn.z[0].length, { k: knn.k, weights: "distance", tolerance: knn.tolerance });
    knn.queries.forEach(([x, y], q) => {
      Array.from(inverse(x, y)).forEach((v, j) => expect(v).toBeCloseTo(knn.expected[q][j], 5));
    });
    const linear = linearInverse({ mean: { data: Float32Array.from(pca.mean) }, components: { data: flat(pca.components) } });
    pca.queries.forEach(([x, y], q) => {
      Array.from(linear(x, y)).forEach((v, j) => expect(v).toBeCloseTo(pca.expected[q][j], 5));
    });
  });
});
