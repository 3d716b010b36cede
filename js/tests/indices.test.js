import { describe, expect, it } from "vitest";
import { decodeIndices, maskToIndices, packIndices, unpackArrays } from "../src/shared/arrays.js";

describe("point indices travel compactly", () => {
  it("packs few indices as int32 and many as a bit mask, both decoding to the same", () => {
    const few = Int32Array.from([3, 17, 90]);
    const small = packIndices(few, 1000);
    expect(small.value.dtype).toBe("int32");
    expect(Array.from(unpackArrays(small.value, [small.buffer]).data)).toEqual([3, 17, 90]);

    const many = Int32Array.from({ length: 600 }, (_, i) => 2 * i + 1);
    const big = packIndices(many, 1203);
    expect(big.value.encoding).toBe("mask");
    expect(big.buffer.byteLength).toBe(Math.ceil(1203 / 8));
    const bits = new Uint8Array(big.buffer.buffer);
    expect(Array.from(maskToIndices(bits, 1203))).toEqual(Array.from(many));
  });

  it("a selection of ten million points is a 1.25 MB mask", () => {
    const n = 10_000_000;
    const all = new Int32Array(n).map((_, i) => i);
    const packed = packIndices(all, n);
    expect(packed.buffer.byteLength).toBe(1_250_000);
    const back = decodeIndices({ encoding: "mask", n, buffer: packed.buffer });
    expect(back.length).toBe(n);
    expect(back[n - 1]).toBe(n - 1);
  });

  it("decodes the kernel's int32 arrays and null", () => {
    const data = Int32Array.from([1, 2, 5]);
    const value = { dtype: "int32", shape: [3], buffer: new DataView(data.buffer) };
    expect(Array.from(decodeIndices(value))).toEqual([1, 2, 5]);
    expect(decodeIndices(null).length).toBe(0);
  });
});

describe("splitPacked", () => {
  it("cuts a bit mask into byte runs and int32 indices into whole runs, in order", async () => {
    const { packIndices, splitPacked, maskToIndices } = await import("../src/shared/arrays.js");
    const n = 100_000;
    const dense = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i);
    const mask = packIndices(dense, n);
    expect(mask.value.encoding).toBe("mask");
    const parts = splitPacked(mask, 4096);
    expect(parts.length).toBe(Math.ceil(mask.buffer.byteLength / 4096));
    const joined = new Uint8Array(mask.buffer.byteLength);
    let at = 0;
    for (const part of parts) {
      expect(part.buffer.byteLength).toBeLessThanOrEqual(4096);
      expect(part.buffer.byteOffset).toBe(0); // each part its own buffer
      expect(part.buffer.buffer.byteLength).toBe(part.buffer.byteLength);
      expect(part.value.bits.shape).toEqual([part.buffer.byteLength]);
      expect(part.value.n).toBe(n);
      joined.set(new Uint8Array(part.buffer.buffer, part.buffer.byteOffset, part.buffer.byteLength), at);
      at += part.buffer.byteLength;
    }
    expect(Array.from(maskToIndices(joined, n))).toEqual(Array.from(dense));

    const sparse = Int32Array.from([3, 70, 9000, 99_999, 50_001].sort((a, b) => a - b));
    const list = packIndices(sparse, n);
    const pieces = splitPacked(list, 10); // 10 bytes: runs of 2 indices
    const values = pieces.flatMap((p) => Array.from(new Int32Array(p.buffer.buffer, p.buffer.byteOffset, p.value.shape[0])));
    expect(values).toEqual(Array.from(sparse));
    expect(pieces.every((p) => p.value.shape[0] <= 2)).toBe(true);
    expect(splitPacked(list, 1 << 20)).toEqual([list]); // small: one part, as before
  });
});
