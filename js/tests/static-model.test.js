// The model and codecs of a file written by to_html() (js/src/static): what the view reads.
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeFileValue, packReply, StaticModel } from "../src/static/model.js";

const b64 = (bytes) => Buffer.from(bytes).toString("base64");

describe("a file's values", () => {
  it("restores trait buffers and arrays, plain or gzip-compressed", async () => {
    const floats = new Float32Array([1.5, -2, 3]);
    const value = await decodeFileValue({
      trait: { dtype: "float32", shape: [3], buffer: { $b64: b64(new Uint8Array(floats.buffer)) } },
      array: { dtype: "float32", shape: [3], $gz: b64(gzipSync(new Uint8Array(floats.buffer))) },
      list: [1, "a", null],
    });
    expect(value.trait.buffer).toBeInstanceOf(DataView);
    expect(Array.from(new Float32Array(value.trait.buffer.buffer))).toEqual([1.5, -2, 3]);
    expect(Array.from(value.array.data)).toEqual([1.5, -2, 3]);
    expect(value.array.shape).toEqual([3]);
    expect(value.list).toEqual([1, "a", null]);
  });

  it("packs a command's arrays into buffers as a kernel does", () => {
    const [reply, buffers] = packReply({ frame: { data: new Uint8Array([1, 2, 3, 4]), shape: [1, 1, 4], dtype: "uint8" }, n: 2 });
    expect(reply).toEqual({ ok: true, result: { frame: { dtype: "uint8", shape: [1, 1, 4], buffer_index: 0 }, n: 2 } });
    expect(new Uint8Array(buffers[0].buffer)).toEqual(new Uint8Array([1, 2, 3, 4]));
  });
});

describe("a file's model", () => {
  const maps = {
    pca: { points: { data: new Float32Array([0, 0, 1, 1]), shape: [2, 2] }, state: { shown: "pca", state: "ready" } },
    umap: { points: { data: new Float32Array([5, 5, 6, 6]), shape: [2, 2] }, state: { shown: "umap", state: "ready" } },
  };

  it("shows another map it holds when the view switches projection", () => {
    const model = new StaticModel({ projection: "umap", projection_state: maps.umap.state }, maps);
    const seen = [];
    model.on("change:points", () => seen.push(Array.from(new Float32Array(model.get("points").buffer.buffer))));
    model.set("projection", "pca");
    model.save_changes();
    expect(seen).toEqual([[0, 0, 1, 1]]);
    expect(model.get("projection_state").shown).toBe("pca");
  });

  it("says so, and keeps the map on screen, for a map it does not hold", () => {
    const model = new StaticModel({ projection: "pca", projection_state: maps.pca.state }, { pca: maps.pca });
    model.set("projection", "umap");
    model.save_changes();
    expect(model.get("projection")).toBe("pca");
    expect(model.get("projection_state").state).toBe("error");
    expect(model.get("projection_state").message).toMatch(/this file holds no UMAP map .*the PCA map stays/);
  });
});
