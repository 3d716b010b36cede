import { describe, expect, it } from "vitest";
import { linearInverse, knnInverse, nearestLatents } from "../src/explorer/page-inverse.js";

const arr = (values, shape) => ({ data: Float32Array.from(values), shape });

describe("the map's inverse in the page", () => {
  it("PCA: mean + x · c0 + y · c1", () => {
    const inverse = linearInverse({ mean: arr([1, 2, 3], [3]), components: arr([1, 0, 0, 0, 1, 0], [2, 3]) });
    expect(Array.from(inverse(2, -1))).toEqual([3, 1, 3]);
  });

  it("kNN: a data point's own latent on it, the 1/distance barycentre between", () => {
    // four corners of a unit square, latents 0, 1, 2, 3 (one value each)
    const xy = Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1]);
    const latents = Float32Array.from([0, 1, 2, 3]);
    const inverse = knnInverse(xy, latents, 1, { k: 2, weights: "distance", tolerance: 1e-9 });
    expect(inverse(1, 0)[0]).toBe(1); // on point 1
    // (0.25, 0): nearest 0 (d 0.25) and 1 (d 0.75): weights 4 and 4/3 → (0·4 + 1·4/3) / (16/3)
    expect(inverse(0.25, 0)[0]).toBeCloseTo(0.25, 6);
    const all = knnInverse(xy, latents, 1, { k: 4, weights: "distance", tolerance: 1e-9 });
    expect(all(0.5, 0.5)[0]).toBeCloseTo(1.5, 6); // the centre: the mean of all four
    const far = knnInverse(xy, latents, 1, { k: 1, weights: "distance", tolerance: 1e-9 });
    expect(far(50, 50)[0]).toBe(3); // far outside: the widening search still finds (1, 1)
  });

  it("kNN with Gaussian weights uses the k-th distance as bandwidth", () => {
    const xy = Float32Array.from([0, 0, 2, 0]);
    const latents = Float32Array.from([0, 10]);
    const inverse = knnInverse(xy, latents, 1, { k: 2, weights: "gaussian", tolerance: 1e-9 });
    const w0 = Math.exp(-0.5 * (0.5 / 1.5) ** 2), w1 = Math.exp(-0.5); // d 0.5, 1.5; h 1.5
    expect(inverse(0.5, 0)[0]).toBeCloseTo((10 * w1) / (w0 + w1), 5);
  });

  it("finds the nearest data latents, nearest first", () => {
    const latents = Float32Array.from([0, 0, 3, 4, 1, 0, -2, 0]); // 4 points in 2-D
    const near = nearestLatents(latents, 2, [0.9, 0], 3);
    expect(Array.from(near.indices)).toEqual([2, 0, 3]);
    expect(Array.from(near.distances).map((d) => +d.toFixed(4))).toEqual([0.1, 0.9, 2.9]);
    expect(nearestLatents(latents, 2, [0, 0], 0).indices.length).toBe(0);
    expect(nearestLatents(latents, 2, [0, 0], 10).indices.length).toBe(4);
  });
});
