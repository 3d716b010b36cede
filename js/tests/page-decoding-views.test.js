// @vitest-environment jsdom
// The views' decoding in the page, with onnxruntime-web replaced by a fake session (the
// real runtime is tested in page-runtime.test.js): which path is taken and said, what is
// sent to the kernel, and the frames drawn.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import { FakeModel } from "./fake-model.js";
import { mockCanvas } from "./canvas-mock.js";

const runtime = vi.hoisted(() => ({ started: null, wasm: [], sessions: [] }));
vi.mock("../src/shared/onnx-runtime.js", () => ({
  startRuntime(fetchWasm) { // once per page, as the real one
    runtime.started ??= fetchWasm().then((wasm) => runtime.wasm.push(wasm));
    return runtime.started;
  },
  async decoderSession() {
    // a 2×2 grey image whose pixels are sigmoid(z0) and sigmoid(z1), twice
    const session = {
      runs: 0,
      released: false,
      async run(latents, count) {
        session.runs += 1;
        if (latents[0] === 99) throw new Error("the runtime ran out of memory");
        const out = new Float32Array(count * 4);
        for (let n = 0; n < count; n++) {
          for (let p = 0; p < 4; p++) out[n * 4 + p] = 1 / (1 + Math.exp(-latents[n * 2 + (p % 2)]));
        }
        return out;
      },
      release() { session.released = true; },
    };
    runtime.sessions.push(session);
    return session;
  },
}));

vi.mock("../src/explorer/scatter.js", () => ({
  ScatterMap: class {
    constructor(container) {
      this.canvas = document.createElement("canvas");
      container.append(this.canvas);
      this.hover = { changes: 0 };
      this.draws = 0;
    }
    async setPoints() {}
    setStyle() {}
    setVisible() {}
    select() {}
    async resize() {}
    hoveredPoint() { return -1; }
    local(event) {
      const rect = this.canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    }
    clickedPoint() { return -1; }
    pointNear() { return -1; }
    dataToPixel(x, y) { return [x, y]; }
    pixelToData(x, y) { return [x, y]; }
    destroy() {}
  },
}));

const explorer = (await import("../src/explorer/index.js")).default;
const interpolation = (await import("../src/interpolation/index.js")).default;

const sigmoidByte = (v) => Math.round(255 / (1 + Math.exp(-v)));
/** Python's frame of latent (a, b) under the fake decoder: [a b; a b] in grey. */
function pythonFrame([a, b]) {
  const out = [];
  for (const v of [a, b, a, b]) out.push(sigmoidByte(v), sigmoidByte(v), sigmoidByte(v), 255);
  return out;
}

const LATENTS = [[0, 0], [2, -1], [-1, 3], [1, 1]];
const RUNTIME = { wasm: encodeArray(new Uint8Array([0, 97, 115, 109]), [4]) };
function decoderReply({ wrong = false } = {}) {
  const check = LATENTS.slice(0, 2);
  const frames = check.flatMap((z) => pythonFrame(z)).map((v, i) => (wrong && i < 16 ? 0 : v));
  return {
    available: true,
    model: encodeArray(new Uint8Array([1, 2, 3]), [3]),
    recipe: { height: 2, width: 2, channels: 1, channels_first: false },
    check_latents: encodeArray(Float32Array.from(check.flat()), [2, 2]),
    check_frames: encodeArray(Uint8Array.from(frames), [2, 2, 2, 4]),
    tolerance: 2,
    tracer_warnings: [],
    latents: encodeArray(Float32Array.from(LATENTS.flat()), [4, 2]),
    thumbnails: null,
  };
}

/** anywidget's invoke: replies by command name (arrays packed into buffers as the kernel does). */
function invoker(replies) {
  return vi.fn(async (name) => {
    const result = replies[name];
    if (result === undefined) return [{ ok: true, result: {} }, []];
    const buffers = [];
    const pack = (v) => {
      if (v && typeof v === "object" && v.buffer instanceof DataView) {
        buffers.push(v.buffer);
        return { dtype: v.dtype, shape: v.shape, buffer_index: buffers.length - 1 };
      }
      if (Array.isArray(v) || v === null || typeof v !== "object") return v;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pack(x)]));
    };
    return [{ ok: true, result: pack(result) }, buffers];
  });
}

function explorerTraits() {
  return {
    points: encodeArray(Float32Array.from(LATENTS.flat()), [4, 2]), labels: null, class_names: [],
    color_mode: "label", color_values: null, color_range: [0, 1], hidden_classes: [],
    selection: null, highlight: null, cycle: null, rips_edges: null, rips_lengths: null,
    rips_eps: 0, path: null, path_current: -1, point_size: 4, opacity: 0.8, projection: "pca",
    projection_state: { shown: "pca", state: "ready" }, decode_on_hover: false, height: 200,
    n_neighbours: 2, has_decoder: true, decoder_note: "", decode_layer: "z", layer: "z",
    layers: ["z"],
  };
}

const flush = async () => {
  for (let i = 0; i < 8; i++) await new Promise((r) => setTimeout(r, 0));
};
const names = (invoke) => invoke.mock.calls.map((c) => c[0]);

function mountExplorer(reply) {
  const model = new FakeModel(explorerTraits());
  const invoke = invoker({
    _page_decoder_command: reply,
    _page_runtime_command: RUNTIME,
    // PCA here is the identity: the latent at (x, y) is (x, y)
    _page_inverse_command: { kind: "linear", mean: encodeArray(Float32Array.from([0, 0]), [2]),
      components: encodeArray(Float32Array.from([1, 0, 0, 1]), [2, 2]) },
  });
  const el = document.createElement("div");
  document.body.append(el);
  explorer.render({ model, el, experimental: { invoke } });
  const root = el.querySelector(".lw-explorer");
  return { model, invoke, root, view: root.lwView };
}

beforeEach(() => {
  runtime.started = null;
  runtime.wasm.length = 0;
  runtime.sessions.length = 0;
  vi.stubGlobal("ResizeObserver", class { observe() {} disconnect() {} });
  mockCanvas();
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe("the Explorer decodes in the page", () => {
  it("checks the model against Python's frames, then decodes with no decode command", async () => {
    const { model, invoke, root, view } = mountExplorer(decoderReply());
    await flush();
    expect(names(invoke).slice(0, 2)).toEqual(["_page_decoder_command", "_page_runtime_command"]);
    expect(runtime.wasm).toEqual([new Uint8Array([0, 97, 115, 109])]);
    const note = root.querySelector(".lw-decoding-path");
    expect(note.dataset.path).toBe("page");
    expect(note.textContent).toBe("decoding: in this page");
    expect(note.title).toMatch(/within 0\/255 of Python's on 2 check latents/);
    expect(model.get("decoding").path).toBe("page");

    await view.decode(0.5, -2); // between points: the inverse here is the identity
    expect(names(invoke)).not.toContain("_decode_command");
    expect(names(invoke)).toContain("_page_inverse_command");
    const sent = model.sent.at(-1);
    expect(sent).toMatchObject({ kind: "page_decoded", x: 0.5, y: -2, index: -1, click: false, position: [0.5, -2] });
    expect(sent.latent).toEqual([0.5, -2]);
    const canvas = root.querySelector("canvas.lw-frame");
    expect(canvas.dataset.framesDrawn).toBe("1");
    expect(canvas.dataset.frameShape).toBe("2x2x4");
    // the nearest data to (0.5, -2): #1 (2, -1) at 1.80, then #0 (0, 0) at 2.06
    expect([...root.querySelectorAll(".lw-neighbour")].map((n) => n.dataset.index)).toEqual(["1", "0"]);
  });

  it("decodes in the kernel, and says why, when the model's frames are not Python's", async () => {
    const { invoke, root, view } = mountExplorer(decoderReply({ wrong: true }));
    await flush();
    const note = root.querySelector(".lw-decoding-path");
    expect(note.dataset.path).toBe("kernel");
    expect(note.title).toMatch(/draws frames up to 255\/255 away from Python's on 2 check latents/);
    expect(runtime.sessions[0].released).toBe(true);
    await view.decode(0.5, -2).catch(() => {});
    expect(names(invoke)).toContain("_decode_command");
  });

  it("moves to the kernel when a decode in the page fails, and decodes that click there", async () => {
    const { invoke, root, view } = mountExplorer(decoderReply());
    await flush();
    await view.decode(99, 0).catch(() => {});
    expect(names(invoke)).toContain("_decode_command");
    const note = root.querySelector(".lw-decoding-path");
    expect(note.dataset.path).toBe("kernel");
    expect(note.title).toBe("decoding in the page failed (the runtime ran out of memory): decoding stays in the kernel");
    expect(runtime.sessions[0].released).toBe(true);
  });

  it("asks for the decoder again when the kernel says it changed, decoding there meanwhile", async () => {
    const { model, invoke, root } = mountExplorer(decoderReply());
    await flush();
    for (const fn of model.listeners.get("msg:custom") ?? []) fn({ kind: "page_decoder_changed" });
    const note = root.querySelector(".lw-decoding-path");
    expect(note.dataset.path).toBe("kernel");
    expect(note.title).toMatch(/the decoder changed in the kernel/);
    expect(runtime.sessions[0].released).toBe(true);
    await flush();
    expect(names(invoke).filter((n) => n === "_page_decoder_command")).toHaveLength(2);
    expect(note.dataset.path).toBe("page");
  });

  it("lets a later click win over one still waiting for the map's inverse", async () => {
    const { view, root } = mountExplorer(decoderReply());
    await flush();
    const first = view.decode(0.5, -2); // between points: waits for the inverse
    const second = view.decode(1, 1, 3); // on point #3
    await Promise.allSettled([first, second]);
    expect(root.querySelector(".lw-caption").textContent).toBe("#3 itself");
  });

  it("decodes in the kernel when the kernel says the page cannot", async () => {
    const { invoke, root } = mountExplorer({ available: false, reason: "decode_in_page=False: decoding stays in the kernel" });
    await flush();
    const note = root.querySelector(".lw-decoding-path");
    expect(note.dataset.path).toBe("kernel");
    expect(note.title).toBe("decode_in_page=False: decoding stays in the kernel");
    expect(runtime.sessions).toHaveLength(0);
    expect(names(invoke)).not.toContain("_page_runtime_command"); // no runtime without a model
    expect(names(invoke)).not.toContain("_page_inverse_command");
  });
});

describe("the Interpolation's scrubber decodes in the page", () => {
  it("draws the latent at a fractional step of the path and tells the kernel the position", async () => {
    const path = [[0, 0], [2, -2], [4, 0]];
    const frames = new Uint8Array(3 * 2 * 2 * 4);
    const model = new FakeModel({
      anchor_names: ["a", "b"], method: "linear", steps: 2, frames: encodeArray(frames, [3, 2, 2, 4]),
      path: encodeArray(Float32Array.from(path.flat()), [3, 2]),
      smoothness: encodeArray(Float32Array.from([0, 0]), [2]), smoothness_threshold: 0, current: 0,
      playing: false, picking: false, linked: false, status: { state: "ready" }, axis_names: [],
      axis_ranges: [], traverse_origin: "", class_names: [],
    });
    const invoke = invoker({ _page_decoder_command: decoderReply(), _page_runtime_command: RUNTIME });
    const el = document.createElement("div");
    document.body.append(el);
    interpolation.render({ model, el, experimental: { invoke } });
    const root = el.querySelector(".lw-interpolation");
    await flush();
    expect(root.querySelector(".lw-decoding-path").dataset.path).toBe("page");
    const saved = model.saved;
    await root.lwView.scrub(0.25); // a quarter of the way from (0, 0) to (2, -2): (0.5, -0.5)
    expect(names(invoke)).not.toContain("_scrub_command");
    expect(model.get("current")).toBe(0.25);
    expect(model.saved).toBeGreaterThan(saved); // the kernel hears where the scrubber is
    const session = runtime.sessions[0];
    expect(session.runs).toBe(2 + 1); // the two check latents, then the scrub
  });
});

describe("one runtime per page", () => {
  it("is fetched by the first view that needs it; the others wait for that one", async () => {
    const first = mountExplorer(decoderReply());
    const second = mountExplorer(decoderReply());
    await flush();
    const fetched = [first, second].map(({ invoke }) => names(invoke).filter((n) => n === "_page_runtime_command").length);
    expect(fetched).toEqual([1, 0]);
    expect(runtime.wasm).toHaveLength(1);
    for (const { root } of [first, second]) expect(root.querySelector(".lw-decoding-path").dataset.path).toBe("page");
  });
});
