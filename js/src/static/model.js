// The model a file's view reads (anywidget's get / set / on / save_changes / send), with
// the state the kernel last sent; a projection switch shows another map the file holds,
// as the kernel would. And the codecs between the file's JSON and the views' arrays.

/** base64 → bytes. */
function bytesOf(b64) {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const TYPED = { float32: Float32Array, int32: Int32Array, uint8: Uint8Array, int64: BigInt64Array, float64: Float64Array };

/** gzip-compressed bytes, inflated in the page (DecompressionStream). */
export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The file's JSON with its binary values restored: `{"$b64"}` or `{"$gz"}` (compressed) →
 * a DataView (a trait's buffer, as anywidget gives it); with `"dtype"` and `"shape"` →
 * `{data, shape, dtype}` (an array of a command's reply, as the views' commands unpack it).
 */
export async function decodeFileValue(value) {
  if (Array.isArray(value)) return Promise.all(value.map(decodeFileValue));
  if (value && typeof value === "object") {
    if ("$b64" in value || "$gz" in value) {
      const bytes = "$gz" in value ? await gunzip(bytesOf(value.$gz)) : bytesOf(value.$b64);
      if (!("dtype" in value)) return new DataView(bytes.buffer);
      const Typed = TYPED[value.dtype];
      return { data: new Typed(bytes.buffer), shape: value.shape, dtype: value.dtype };
    }
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await decodeFileValue(v)]));
    return Object.fromEntries(entries);
  }
  return value;
}

/** A command's result packed as a kernel packs it: arrays as buffers, `{buffer_index}` refs. */
export function packReply(result) {
  const buffers = [];
  const pack = (v) => {
    if (v && typeof v === "object" && ArrayBuffer.isView(v.data) && Array.isArray(v.shape)) {
      buffers.push(new DataView(v.data.buffer, v.data.byteOffset, v.data.byteLength));
      return { dtype: v.dtype ?? "uint8", shape: v.shape, buffer_index: buffers.length - 1 };
    }
    if (Array.isArray(v)) return v.map(pack);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]));
    return v;
  };
  return [{ ok: true, result: pack(result) }, buffers];
}

/** A trait value of an array: `{dtype, shape, buffer}` as a trait travels. */
export function arrayTrait({ data, shape, dtype = "float32" }) {
  return { dtype, shape, buffer: new DataView(data.buffer, data.byteOffset, data.byteLength) };
}

export class StaticModel {
  /**
   * @param {Record<string, any>} state @param {Record<string, any>} maps by projection
   * @param {(changed: Set<string>, model: StaticModel) => void} [onSave] what a kernel's
   *   links would do with the traits saved (links.js)
   */
  constructor(state, maps = {}, onSave = () => {}) {
    this.values = { ...state };
    this.maps = maps;
    this.onSave = onSave;
    this.listeners = new Map();
    this.pending = new Set();
  }

  get(name) {
    return this.values[name];
  }

  set(name, value) {
    this.values[name] = value;
    this.pending.add(name);
    this.emit(name);
  }

  emit(name) {
    for (const fn of this.listeners.get(`change:${name}`) ?? []) fn();
  }

  /** What the kernel does with the traits the view saves: a projection switch shows that map. */
  save_changes() {
    const changed = this.pending;
    this.pending = new Set();
    this.onSave(changed, this);
    if (!changed.has("projection")) return;
    const name = this.values.projection;
    const map = this.maps[name];
    if (map) {
      this.values.points = arrayTrait(map.points);
      this.values.projection_state = map.state;
      this.emit("points");
      this.emit("projection_state");
      return;
    }
    const shown = this.values.projection_state?.shown ?? "pca";
    this.values.projection_state = {
      ...this.values.projection_state, state: "error",
      message: `this file holds no ${String(name).toUpperCase()} map (it was not computed before the export); the ${shown.toUpperCase()} map stays`,
    };
    this.values.projection = shown;
    this.emit("projection");
    this.emit("projection_state");
  }

  send() {} // what the page decoded: no kernel to tell

  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event).add(fn);
  }

  off(event, fn) {
    this.listeners.get(event)?.delete(fn);
  }
}
