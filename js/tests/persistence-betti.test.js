import { describe, expect, it } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import { aliveAt, bettiAt, describeBetti } from "../src/persistence/betti.js";
import { describeFeature, formatScale, readFeatures } from "../src/persistence/features.js";
import { noteDetails, noteParts } from "../src/persistence/note.js";

/** A features trait from rows of (dim, birth, death). */
function featuresTrait(rows) {
  return encodeArray(Float32Array.from(rows.flat()), [rows.length, 3]);
}

const ROWS = [
  [0, 0, Infinity],
  [0, 0, 0.5],
  [0, 0, 0.25],
  [1, 0.5, 2],
  [1, 1, 1.25],
];

describe("readFeatures", () => {
  it("decodes rows with ids, infinite deaths and cycle flags", () => {
    const features = readFeatures(featuresTrait(ROWS), encodeArray(Uint8Array.from([0, 0, 0, 1, 0]), [5]));
    expect(features).toHaveLength(5);
    expect(features[0]).toEqual({ id: 0, dim: 0, birth: 0, death: Infinity, hasCycle: false });
    expect(features[3]).toMatchObject({ id: 3, dim: 1, birth: 0.5, death: 2, hasCycle: true });
  });

  it("reads a missing or empty trait as no features", () => {
    expect(readFeatures(null)).toEqual([]);
    expect(readFeatures(encodeArray(new Float32Array(0), [0, 3]))).toEqual([]);
  });
});

describe("bettiAt", () => {
  const features = readFeatures(featuresTrait(ROWS));

  it("counts features with birth <= eps < death, per dimension up to maxdim", () => {
    expect(bettiAt(features, 0, 1)).toEqual([3, 0]);
    expect(bettiAt(features, 0.3, 1)).toEqual([2, 0]);
    expect(bettiAt(features, 1.1, 1)).toEqual([1, 2]);
    expect(bettiAt(features, 5, 2)).toEqual([1, 0, 0]);
    expect(bettiAt(features, 1.1, 0)).toEqual([1]); // H1 not asked for
  });

  it("is alive at its birth and dead at its death (the kernel's rule)", () => {
    const f = { dim: 1, birth: 0.5, death: 2 };
    expect(aliveAt(f, 0.5)).toBe(true);
    expect(aliveAt(f, 2)).toBe(false);
    expect(aliveAt({ dim: 0, birth: 0, death: Infinity }, 1e9)).toBe(true);
  });

  it("reads out as words", () => {
    expect(describeBetti(0.83, [3, 1])).toBe("ε = 0.83 · β0 = 3 · β1 = 1");
  });
});

describe("words", () => {
  it("describes a feature for the tooltip", () => {
    expect(describeFeature({ dim: 1, birth: 0.52, death: 1.83 })).toBe(
      "H1 · born 0.52 · dies 1.83 · persistence 1.31",
    );
    expect(describeFeature({ dim: 0, birth: 0, death: Infinity })).toBe(
      "H0 · born 0.00 · dies never · persistence ∞",
    );
  });

  it("formats tiny and large scales without losing them", () => {
    expect(formatScale(0.004567)).toBe("0.00457");
    expect(formatScale(12345)).toBe("12300");
    expect(formatScale(0)).toBe("0.00");
  });

  it("writes the note from info and the error bound", () => {
    const info = { n_points: 5000, n_landmarks: 800, note: "Euclidean distances", scope_text: "all points" };
    const parts = noteParts(info, 0.05);
    expect(parts[0]).toBe("all points");
    expect(parts[1]).toBe("computed on 800 landmarks of 5000 points");
    // the kernel's note (and its arithmetic) is the tooltip now, not the line
    expect(parts).not.toContain("Euclidean distances");
    expect(noteDetails(info)).toBe("Euclidean distances");
    expect(parts[2]).toMatch(/closer than 2·0.05 to the diagonal \(shaded\) may come from the subsampling/);
    expect(parts).toHaveLength(3);
    expect(noteParts({ n_points: 100, n_landmarks: 100 }, 0)).toEqual([]);
  });
});
