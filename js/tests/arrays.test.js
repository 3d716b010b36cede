import { describe, expect, it } from "vitest";
import { asBytes, decodeArray, encodeArray, unpackArrays, wrapArray } from "../src/shared/arrays.js";

describe("binary arrays", () => {
  it("wraps a DataView of float32 without copying", () => {
    const source = new Float32Array([1, 2, 3, 4, 5, 6]);
    const view = new DataView(source.buffer);
    const array = decodeArray({ dtype: "float32", shape: [3, 2], buffer: view });
    expect(Array.from(array.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(array.shape).toEqual([3, 2]);
    expect(array.data.buffer).toBe(source.buffer); // same memory: no copy
  });

  it("copies only when the offset is not aligned to the element size", () => {
    const bytes = new Uint8Array(13);
    new DataView(bytes.buffer).setFloat32(1, 2.5, true);
    new DataView(bytes.buffer).setFloat32(5, -1, true);
    new DataView(bytes.buffer).setFloat32(9, 7, true);
    const unaligned = new DataView(bytes.buffer, 1, 12);
    const array = wrapArray(unaligned, "float32", [3]);
    expect(Array.from(array.data)).toEqual([2.5, -1, 7]);
  });

  it("refuses a buffer that does not fill the shape, saying how many bytes", () => {
    expect(() => wrapArray(new ArrayBuffer(8), "float32", [3])).toThrow(/needs 12 bytes, got 8/);
  });

  it("refuses an unknown dtype", () => {
    expect(() => wrapArray(new ArrayBuffer(8), "complex64", [1])).toThrow(/unsupported dtype/);
  });

  it("keeps null as null", () => {
    expect(decodeArray(null)).toBeNull();
  });

  it("round-trips encodeArray → decodeArray for every supported type", () => {
    for (const Typed of [Float32Array, Float64Array, Uint8Array, Int8Array, Uint16Array,
      Int16Array, Uint32Array, Int32Array]) {
      const data = new Typed([1, 2, 3, 4]);
      const back = decodeArray(encodeArray(data, [2, 2]));
      expect(Array.from(back.data)).toEqual([1, 2, 3, 4]);
      expect(back.data).toBeInstanceOf(Typed);
    }
  });

  it("reads ArrayBuffer and typed arrays as bytes", () => {
    expect(asBytes(new ArrayBuffer(3)).length).toBe(3);
    expect(asBytes(new Uint16Array(2)).length).toBe(4);
    expect(() => asBytes("nope")).toThrow(/binary buffer/);
  });

  it("unpacks command replies with arrays nested at any depth", () => {
    const frame = new Uint8Array([1, 2, 3, 4]);
    const reply = { x: 1, nested: [{ frame: { dtype: "uint8", shape: [1, 1, 4], buffer_index: 0 } }] };
    const out = unpackArrays(reply, [new DataView(frame.buffer)]);
    expect(out.x).toBe(1);
    expect(Array.from(out.nested[0].frame.data)).toEqual([1, 2, 3, 4]);
    expect(out.nested[0].frame.shape).toEqual([1, 1, 4]);
  });

  it("says so when a reply refers to a missing buffer", () => {
    expect(() => unpackArrays({ dtype: "uint8", shape: [1], buffer_index: 2 }, [])).toThrow(
      /buffer 2, which is missing/,
    );
  });
});
