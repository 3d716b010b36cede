// Binary arrays between Python and the views: the mirror of latent_widgets/widgets/_arrays.py.
// A trait arrives as {dtype, shape, buffer}; a command reply as {dtype, shape, buffer_index}
// plus a list of buffers. Both are wrapped in a typed array without copying when aligned.

/** @type {Record<string, any>} */
const TYPED_ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
};

/**
 * @typedef {{ data: ArrayLike<number> & { length: number }, shape: number[], dtype: string }} NDArray
 */

/**
 * View any binary container (DataView, ArrayBuffer, typed array) as bytes.
 * @param {DataView | ArrayBuffer | ArrayBufferView} buffer
 * @returns {Uint8Array}
 */
export function asBytes(buffer) {
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) {
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  throw new TypeError(`expected a binary buffer, got ${Object.prototype.toString.call(buffer)}`);
}

/**
 * Wrap bytes as a typed array of `dtype` and check they fill `shape`.
 * @param {DataView | ArrayBuffer | ArrayBufferView} buffer
 * @param {string} dtype
 * @param {number[]} shape
 * @returns {NDArray}
 */
export function wrapArray(buffer, dtype, shape) {
  const Typed = TYPED_ARRAYS[dtype];
  if (!Typed) throw new TypeError(`unsupported dtype "${dtype}"`);
  const bytes = asBytes(buffer);
  const length = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength !== length * Typed.BYTES_PER_ELEMENT) {
    throw new RangeError(
      `array of shape [${shape}] and dtype ${dtype} needs ${length * Typed.BYTES_PER_ELEMENT}` +
        ` bytes, got ${bytes.byteLength}`,
    );
  }
  // Typed arrays need their offset aligned to the element size; copy only when it is not.
  const aligned = bytes.byteOffset % Typed.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice();
  return { data: new Typed(aligned.buffer, aligned.byteOffset, length), shape, dtype };
}

/**
 * Decode an array trait ({dtype, shape, buffer}); null stays null.
 * @param {{dtype: string, shape: number[], buffer: any} | null | undefined} value
 * @returns {NDArray | null}
 */
export function decodeArray(value) {
  if (value == null) return null;
  return wrapArray(value.buffer, value.dtype, value.shape);
}

/**
 * Encode a typed array as an array trait value, for model.set.
 * @param {ArrayBufferView} data
 * @param {number[]} shape
 */
export function encodeArray(data, shape) {
  const dtype = Object.keys(TYPED_ARRAYS).find((k) => data instanceof TYPED_ARRAYS[k]);
  if (!dtype) throw new TypeError("unsupported typed array");
  return { dtype, shape, buffer: new DataView(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Put the buffers of a command reply back in place of their {buffer_index} references.
 * @param {any} value
 * @param {Array<DataView | ArrayBuffer | ArrayBufferView>} buffers
 * @returns {any}
 */
export function unpackArrays(value, buffers) {
  if (Array.isArray(value)) return value.map((v) => unpackArrays(v, buffers));
  if (value && typeof value === "object") {
    if ("buffer_index" in value && "dtype" in value && "shape" in value) {
      const buffer = buffers[value.buffer_index];
      if (buffer === undefined) {
        throw new RangeError(`reply refers to buffer ${value.buffer_index}, which is missing`);
      }
      return wrapArray(buffer, value.dtype, value.shape);
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, unpackArrays(v, buffers)]),
    );
  }
  return value;
}

/**
 * Decode point indices sent by `indices_to_json`: an int32 array, or a little-endian bit
 * mask of `n` points ({encoding: "mask", n, buffer}); null gives an empty array.
 * @param {any} value
 * @returns {Int32Array}
 */
export function decodeIndices(value) {
  if (value == null) return new Int32Array(0);
  if (value.encoding !== "mask") return Int32Array.from(decodeArray(value).data);
  return maskToIndices(asBytes(value.buffer), value.n);
}

/**
 * The indices of the set bits of a little-endian bit mask of `n` points.
 * @param {Uint8Array} bits @param {number} n
 */
export function maskToIndices(bits, n) {
  let count = 0;
  for (let byte = 0; byte < bits.length; byte++) {
    for (let v = bits[byte]; v; v &= v - 1) count++;
  }
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) if (bits[i >> 3] & (1 << (i & 7))) out[k++] = i;
  return out;
}

/**
 * Pack sorted point indices for a command: int32 when that is smaller, else a bit mask of
 * the `n` points (a selection of 10,000,000 points is then 1.25 MB). Returns the request
 * value and its buffer (for callCommand's `buffers`).
 * @param {Int32Array} indices @param {number} n
 * @returns {{ value: any, buffer: DataView }}
 */
export function packIndices(indices, n) {
  const maskBytes = Math.ceil(n / 8);
  if (indices.length * 4 <= maskBytes) {
    const buffer = new DataView(indices.buffer, indices.byteOffset, indices.byteLength);
    return { value: { dtype: "int32", shape: [indices.length], buffer_index: 0 }, buffer };
  }
  const bits = new Uint8Array(maskBytes);
  for (const i of indices) bits[i >> 3] |= 1 << (i & 7);
  return {
    value: { encoding: "mask", n, bits: { dtype: "uint8", shape: [maskBytes], buffer_index: 0 } },
    buffer: new DataView(bits.buffer),
  };
}

/**
 * Split a packed selection (`packIndices`) into parts of at most `maxBytes` of payload,
 * in order: int32 indices in runs, a bit mask in runs of its bytes. The kernel joins them
 * (latent_widgets/widgets/selection_parts.py), so that no message nears the server's limit.
 * @param {{ value: any, buffer: DataView }} packed
 * @param {number} maxBytes
 * @returns {{ value: any, buffer: DataView }[]}
 */
export function splitPacked(packed, maxBytes) {
  const { value, buffer } = packed;
  if (buffer.byteLength <= maxBytes) return [packed];
  const step = value.encoding === "mask" ? maxBytes : Math.max(4, maxBytes - (maxBytes % 4));
  const parts = [];
  for (let start = 0; start < buffer.byteLength; start += step) {
    const length = Math.min(step, buffer.byteLength - start);
    // a part of its own (a view at an offset is not sent as such by every front end)
    const from = buffer.byteOffset + start;
    const piece = new DataView(buffer.buffer.slice(from, from + length));
    const shape = [value.encoding === "mask" ? length : length / 4];
    parts.push({
      value: value.encoding === "mask"
        ? { ...value, bits: { ...value.bits, shape } }
        : { ...value, shape },
      buffer: piece,
    });
  }
  return parts;
}
