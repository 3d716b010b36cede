// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encodeArray } from "../src/shared/arrays.js";
import view from "../src/interpolation/index.js";
import { FakeModel } from "./fake-model.js";

const H = 2;
const W = 3;

/** N frames of H×W, frame i filled with the byte i + 1 (so a drawn frame says which it is). */
function framesTrait(n) {
  const data = new Uint8Array(n * H * W * 4);
  for (let i = 0; i < n; i++) data.fill(i + 1, i * H * W * 4, (i + 1) * H * W * 4);
  return encodeArray(data, [n, H, W, 4]);
}

function traits(extra = {}) {
  return {
    anchor_names: ["start", "end"],
    method: "linear",
    steps: 4,
    frames: framesTrait(5),
    smoothness: encodeArray(Float32Array.from([0.1, 0.5, 0.1, 0.2]), [4]),
    smoothness_threshold: 0.3,
    current: 0,
    playing: false,
    picking: false,
    linked: false,
    status: { state: "ready", message: "", traceback: "" },
    axis_names: [],
    axis_ranges: [],
    traverse_origin: "",
    class_names: [],
    ...extra,
  };
}

/** A command reply carrying a frame filled with `byte`. */
function frameReply(byte, extra = {}) {
  const bytes = new Uint8Array(H * W * 4).fill(byte);
  return [{ ok: true, result: { ...extra, frame: { dtype: "uint8", shape: [H, W, 4], buffer_index: 0 } } }, [new DataView(bytes.buffer)]];
}
const failure = (message) => [{ ok: false, error: { type: "ValueError", message, traceback: "Traceback: here" } }, []];

/**
 * Render the view. Commands named in `manual` wait until the test answers them
 * (`pending[name]` lists {msg, answer(reply)}); the others answer `replies[name]` at once.
 */
function mount(values, { replies = {}, manual = [] } = {}) {
  const model = new FakeModel(values);
  const pending = {};
  const invoke = vi.fn((name, msg, options) => {
    if (manual.includes(name)) {
      return new Promise((resolve) => (pending[name] ??= []).push({ msg, answer: resolve, options }));
    }
    const reply = replies[name];
    return Promise.resolve(typeof reply === "function" ? reply(msg, options) : reply ?? [{ ok: true, result: {} }, []]);
  });
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = view.render({ model, el, experimental: { invoke } });
  const root = el.querySelector(".lw-interpolation");
  return { model, invoke, pending, root, cleanup, $: (s) => root.querySelector(s), $$: (s) => [...root.querySelectorAll(s)] };
}

const flush = async () => {
  for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
};
const calls = (invoke, name) => invoke.mock.calls.filter((c) => c[0] === name).map((c) => c[1]);
const slide = (input, value) => {
  input.value = String(value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
};
/** The first byte of each frame painted on `canvas` (which frame it was). */
const painted = (canvas) => canvas.paints ?? [];

beforeEach(() => {
  // jsdom has no canvas: a context that records putImageData per canvas lets drawing run.
  vi.stubGlobal("ImageData", class { constructor(data, width, height) { Object.assign(this, { data, width, height }); } });
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(function () {
    const canvas = this;
    return { putImageData: (image) => (canvas.paints ??= []).push(image.data[0]) };
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe("interpolation view: strip and scrubber", () => {
  it("shows the path as a strip, outlines the current frame and jumps to a clicked one", async () => {
    const { model, invoke, root, $, $$ } = mount(traits(), { replies: { _scrub_command: (msg) => frameReply(9, msg) } });
    expect(root.dataset.stripFrames).toBe("5");
    const frames = $$("canvas.lw-strip-frame");
    expect(frames.map((c) => painted(c)[0])).toEqual([1, 2, 3, 4, 5]);
    expect($(".lw-strip").dataset.currentStep).toBe("0");
    expect(frames[0].classList.contains("lw-current")).toBe(true);
    // The scrub frame starts with the strip's frame at `current`, without a round trip.
    expect(painted($("canvas.lw-scrub-frame"))).toEqual([1]);
    expect(calls(invoke, "_scrub_command")).toEqual([]);
    const scrubber = $("input.lw-scrubber");
    expect([scrubber.min, scrubber.max, scrubber.step]).toEqual(["0", "4", "0.01"]);

    const [clientX, clientY] = root.lwView.stripStepToClient(3);
    $(".lw-strip").dispatchEvent(new MouseEvent("click", { clientX, clientY, bubbles: true }));
    await flush();
    expect(model.get("current")).toBe(3);
    expect($(".lw-strip").dataset.currentStep).toBe("3");
    expect(frames[3].classList.contains("lw-current")).toBe(true);
    expect(frames[0].classList.contains("lw-current")).toBe(false);
    expect(Number(scrubber.value)).toBe(3);
    expect(calls(invoke, "_scrub_command")).toEqual([{ t: 3 }]);
  });

  it("scrubs latest-wins: replaced positions are never sent nor drawn", async () => {
    const { model, invoke, pending, $ } = mount(traits(), { manual: ["_scrub_command"] });
    const canvas = $("canvas.lw-scrub-frame");
    const drawn = () => Number(canvas.dataset.framesDrawn);
    const before = drawn();
    const scrubber = $("input.lw-scrubber");
    slide(scrubber, 1.5);
    await flush();
    slide(scrubber, 2.25); // waits, then is replaced
    slide(scrubber, 3.5);
    await flush();
    expect(calls(invoke, "_scrub_command")).toEqual([{ t: 1.5 }]);
    expect(model.get("current")).toBe(3.5);
    expect($(".lw-strip").dataset.currentStep).toBe("4");
    pending._scrub_command[0].answer(frameReply(7));
    await flush();
    expect(drawn()).toBe(before + 1);
    expect(calls(invoke, "_scrub_command")).toEqual([{ t: 1.5 }, { t: 3.5 }]);
    pending._scrub_command[1].answer(frameReply(8));
    await flush();
    expect(drawn()).toBe(before + 2);
    expect(painted(canvas).slice(-2)).toEqual([7, 8]);
    expect(Number(canvas.dataset.inputToFrameMs)).toBeGreaterThanOrEqual(0);
    expect(canvas.style.width).toBe(`${Math.floor(192 / 3) * 3}px`); // CSS-scaled up
  });

  it("never jumps back when the kernel's echo of an older position arrives late", async () => {
    const { model, invoke, $ } = mount(traits(), { replies: { _scrub_command: () => frameReply(1) } });
    const scrubber = $("input.lw-scrubber");
    slide(scrubber, 1.5);
    await flush();
    slide(scrubber, 3.25);
    await flush();
    const sent = calls(invoke, "_scrub_command").length;
    model.set("current", 1.5); // the kernel's late echo of the first scrub
    await flush();
    expect(Number(scrubber.value)).toBe(3.25);
    expect(calls(invoke, "_scrub_command").length).toBe(sent); // nothing re-sent
    model.set("current", 2); // a position the kernel chose itself: followed
    await flush();
    expect(Number(scrubber.value)).toBe(2);
  });

  it("shows a failed scrub in words, and the next scrub still draws", async () => {
    let fail = true;
    const { root, $ } = mount(traits(), {
      replies: { _scrub_command: () => (fail ? failure("the decoder ran out of memory") : frameReply(6)) },
    });
    const canvas = $("canvas.lw-scrub-frame");
    const before = Number(canvas.dataset.framesDrawn);
    slide($("input.lw-scrubber"), 2.5);
    await flush();
    expect(root.dataset.state).toBe("error");
    expect($(".lw-status").dataset.kind).toBe("error");
    expect($(".lw-status").textContent).toContain("ValueError: the decoder ran out of memory");
    expect(Number(canvas.dataset.framesDrawn)).toBe(before);
    fail = false;
    await expect(root.lwView.scrub(1.25)).resolves.toBeGreaterThanOrEqual(0);
    expect(Number(canvas.dataset.framesDrawn)).toBe(before + 1);
    expect(root.dataset.state).toBe("ready");
    expect($(".lw-status").dataset.kind).toBe("none");
  });

  it("does not draw an answer that arrives after the view is removed", async () => {
    const { pending, cleanup, model, $ } = mount(traits(), { manual: ["_scrub_command"] });
    const canvas = $("canvas.lw-scrub-frame");
    slide($("input.lw-scrubber"), 2.5);
    await flush();
    const before = Number(canvas.dataset.framesDrawn);
    cleanup();
    expect(pending._scrub_command[0].options.signal.aborted).toBe(true);
    pending._scrub_command[0].answer(frameReply(4));
    await flush();
    expect(Number(canvas.dataset.framesDrawn)).toBe(before);
    expect(model.listenerCount()).toBe(0);
  });

  it("draws the smoothness trace, jumps above the threshold in the error colour", () => {
    const { $, $$ } = mount(traits());
    const bars = $$("svg.lw-smoothness rect.lw-gap");
    expect(bars.map((b) => b.getAttribute("data-flagged"))).toEqual(["false", "true", "false", "false"]);
    expect(bars[1].getAttribute("fill")).toBe("#d32f2f"); // --jp-error-color1's fallback
    expect(bars[0].getAttribute("fill")).not.toBe("#d32f2f");
    expect(Number(bars[1].getAttribute("height"))).toBeGreaterThan(Number(bars[0].getAttribute("height")));
    const line = $("svg.lw-smoothness line.lw-threshold");
    expect(line.getAttribute("stroke-dasharray")).toBeTruthy();
    expect($(".lw-smoothness-axis").textContent).toBe(
      "Bars: pixel change between consecutive frames (root mean square, 0–1; the trace spans 0 to 0.5).",
    );
    expect($(".lw-smoothness-threshold").textContent).toBe(
      " Dashed line: the 0.3 threshold; 1 step is above it (red), where the path leaves the data.",
    );
    expect($("svg.lw-smoothness text.lw-threshold-label").textContent).toBe("threshold 0.3");
    // Each bar sits between its two frames.
    const frames = $$("canvas.lw-strip-frame");
    const centre = Number(bars[0].getAttribute("x")) + Number(bars[0].getAttribute("width")) / 2;
    expect(centre).toBeGreaterThan(parseFloat(frames[0].style.left) + parseFloat(frames[0].style.width) - 0.01);
    expect(centre).toBeLessThan(parseFloat(frames[1].style.left) + 0.01);
  });

  it("shows a tooltip per step of the trace, saying the change and the threshold", () => {
    const { root, $, $$ } = mount(traits());
    const svg = $("svg.lw-smoothness");
    const hits = $$("rect.lw-gap-hit");
    expect(hits.map((r) => r.getAttribute("aria-label"))).toEqual([
      "step 0→1: pixel change 0.1, at or below the 0.3 threshold",
      "step 1→2: pixel change 0.5, above the 0.3 threshold",
      "step 2→3: pixel change 0.1, at or below the 0.3 threshold",
      "step 3→4: pixel change 0.2, at or below the 0.3 threshold",
    ]);
    const centre = Number(hits[1].getAttribute("x")) + Number(hits[1].getAttribute("width")) / 2;
    svg.dispatchEvent(new MouseEvent("pointermove", { clientX: centre, clientY: 10, bubbles: true }));
    const tip = $(".lw-smoothness-tip");
    expect(tip.hidden).toBe(false);
    expect(tip.textContent).toBe("step 1→2: pixel change 0.5, above the 0.3 threshold");
    expect($('rect.lw-gap[data-gap="1"]').dataset.hover).toBe("true");
    svg.dispatchEvent(new MouseEvent("pointerleave"));
    expect(tip.hidden).toBe(true);
    expect(root.querySelector("rect.lw-gap[data-hover]")).toBeNull();
  });

  it("plays about four steps a second, wrapping, and stops when playing goes false", async () => {
    let now = 0;
    const queue = [];
    vi.spyOn(performance, "now").mockImplementation(() => now);
    vi.stubGlobal("requestAnimationFrame", (fn) => queue.push(fn));
    vi.stubGlobal("cancelAnimationFrame", () => {});
    const { model, invoke, root, $, cleanup } = mount(traits({ current: 3.5 }), { replies: { _scrub_command: () => frameReply(2) } });
    $("button.lw-play").click();
    expect(model.get("playing")).toBe(true);
    expect($("button.lw-play").getAttribute("aria-pressed")).toBe("true");
    now = 250;
    queue.shift()();
    await flush();
    expect(root.lwView.position()).toBeCloseTo(0.5); // 4.5 wrapped on a 0..4 path
    expect(calls(invoke, "_scrub_command").at(-1).t).toBeCloseTo(0.5);
    expect(model.get("current")).toBeCloseTo(0.5); // a new step: the kernel hears it
    now = 375;
    queue.shift()();
    await flush();
    expect(root.lwView.position()).toBeCloseTo(1);
    model.set("playing", false);
    expect($("button.lw-play").getAttribute("aria-pressed")).toBe("false");
    const sent = invoke.mock.calls.length;
    now = 1000;
    queue.shift()?.();
    await flush();
    expect(invoke.mock.calls.length).toBe(sent);
    expect(model.get("current")).toBeCloseTo(1);
    cleanup();
  });
});

describe("interpolation view: anchors, controls and sections", () => {
  it("lists anchors as text and sends the right anchor commands", async () => {
    const { invoke, $, $$ } = mount(traits({ anchor_names: ["a", "<b>b</b>", "c"] }));
    const items = $$("ol.lw-anchors li");
    expect(items.map((li) => li.querySelector(".lw-anchor-name").textContent)).toEqual(["a", "<b>b</b>", "c"]);
    expect($("ol.lw-anchors b")).toBeNull();
    expect(items[0].querySelector('[data-action="up"]').disabled).toBe(true);
    expect(items[2].querySelector('[data-action="down"]').disabled).toBe(true);
    items[0].querySelector('[data-action="down"]').click();
    await flush();
    items[2].querySelector('[data-action="up"]').click();
    await flush();
    items[1].querySelector('[data-action="remove"]').click();
    await flush();
    $('button[data-action="clear"]').click();
    await flush();
    expect(calls(invoke, "_anchors_command")).toEqual([
      { action: "down", index: 0 },
      { action: "up", index: 2 },
      { action: "remove", index: 1 },
      { action: "clear", index: -1 },
    ]);
  });

  it("says how to pick anchors when there are fewer than two, and hides the path", () => {
    const { model, root, $ } = mount(traits({ anchor_names: ["only"], frames: framesTrait(0), smoothness: encodeArray(new Float32Array(0), [0]) }));
    const empty = $(".lw-empty");
    expect(empty.hidden).toBe(false);
    expect(empty.textContent).toBe(
      "Pick two or more anchors: click points or places on a linked map, or set interpolation.anchors in Python.",
    );
    expect(root.dataset.stripFrames).toBe("0");
    expect($(".lw-strip-box").hidden).toBe(true);
    expect($(".lw-scrub").hidden).toBe(true);
    model.set("anchor_names", ["one", "two"]);
    model.set("frames", framesTrait(3));
    expect(empty.hidden).toBe(true);
    expect(root.dataset.stripFrames).toBe("3");
    expect($(".lw-scrub").hidden).toBe(false);
  });

  it("shows the picking checkbox only when linked, and sets method, steps and picking", () => {
    const { model, $ } = mount(traits());
    const picking = $(".lw-picking");
    expect(picking.hidden).toBe(true);
    model.set("linked", true);
    expect(picking.hidden).toBe(false);
    expect(picking.textContent).toContain("add map clicks as anchors");
    const box = $(".lw-picking-input");
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    expect(model.get("picking")).toBe(true);
    $('button[data-method="slerp"]').click();
    expect(model.get("method")).toBe("slerp");
    expect($('button[data-method="slerp"]').getAttribute("aria-pressed")).toBe("true");
    expect($('button[data-method="linear"]').getAttribute("aria-pressed")).toBe("false");
    expect($('button[data-method="data"]').textContent).toBe("Along the data");
    const steps = $(".lw-steps-input");
    expect(steps.value).toBe("4");
    steps.value = "100";
    steps.dispatchEvent(new Event("change"));
    expect(model.get("steps")).toBe(64);
    // Enter applies a typed count at once, and the notebook never sees the key
    steps.value = "7";
    const reached = vi.fn();
    document.addEventListener("keydown", reached);
    steps.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    document.removeEventListener("keydown", reached);
    expect(model.get("steps")).toBe(7);
    expect(reached).not.toHaveBeenCalled();
    expect(model.saved).toBeGreaterThanOrEqual(3);
  });

  it("shows the status trait, and its error with the traceback, as text", () => {
    const { model, root, $ } = mount(traits());
    model.set("status", { state: "computing", message: "decoding 40 frames…", traceback: "" });
    expect(root.dataset.state).toBe("computing");
    expect($(".lw-status").textContent).toContain("decoding 40 frames…");
    model.set("status", { state: "error", message: "<i>decode</i> failed", traceback: "Traceback (most recent call last)" });
    expect(root.dataset.state).toBe("error");
    expect($(".lw-status-text").textContent).toBe("<i>decode</i> failed");
    expect($(".lw-status i")).toBeNull();
    expect($(".lw-status-details pre").textContent).toContain("most recent call last");
  });

  it("lists the traversal axes with their variance and says how they are ordered", () => {
    const { $, $$ } = mount(traits({
      axis_names: ["z6", "z4"], axis_ranges: [[-3, 3], [-1.5, 1.5]], axis_variances: [1, 0.25],
      axis_shares: [0.6, 0.0004], axis_order: "by variance of the latents along each dimension, largest first",
    }));
    expect($$(".lw-axis-name").map((e) => e.textContent)).toEqual(["z6", "z4"]);
    expect($$(".lw-axis-variance").map((e) => e.textContent)).toEqual(["var 1 · 60 %", "var 0.25 · < 0.1 %"]);
    expect($(".lw-traverse-order").textContent).toContain("Axes by variance of the latents along each dimension, largest first");
    expect($$("input.lw-axis-slider")[0].title).toBe(
      "move the origin along z6, from -3.00 to 3.00; the latents' variance along it is 1, 60 % of their total",
    );
  });

  it("traverses along the axes latest-wins from the named origin, and resets", async () => {
    const { invoke, pending, $, $$ } = mount(
      traits({ axis_names: ["z0", "z1"], axis_ranges: [[-2, 2], [0.5, 3]], traverse_origin: "anchor 0 (start)" }),
      { manual: ["_traverse_command"] },
    );
    expect($(".lw-traverse-origin").textContent).toBe("from: anchor 0 (start)");
    await flush();
    expect(calls(invoke, "_traverse_command")).toEqual([{ values: [0, 0.5] }]); // the origin itself
    const sliders = $$("input.lw-axis-slider");
    slide(sliders[0], 1);
    slide(sliders[0], 1.5);
    await flush();
    pending._traverse_command[0].answer(frameReply(3));
    await flush();
    expect(calls(invoke, "_traverse_command")).toEqual([{ values: [0, 0.5] }, { values: [1.5, 0.5] }]);
    pending._traverse_command[1].answer(frameReply(5));
    await flush();
    const canvas = $("canvas.lw-traverse-frame");
    expect(canvas.dataset.framesDrawn).toBe("2");
    expect(painted(canvas)).toEqual([3, 5]);
    expect(Number(canvas.dataset.inputToFrameMs)).toBeGreaterThanOrEqual(0);
    $(".lw-traverse-reset").click();
    await flush();
    expect(calls(invoke, "_traverse_command").at(-1)).toEqual({ values: [0, 0.5] });
    expect(Number(sliders[0].value)).toBe(0);
  });

  it("hides class arithmetic without classes, and sends the class command", async () => {
    const { model, invoke, $ } = mount(traits(), { replies: { _class_command: failure("no points of class dog") } });
    const section = $(".lw-class-arithmetic");
    expect(section.hidden).toBe(true);
    model.set("class_names", ["cat", "dog", "<i>bird</i>"]);
    expect(section.hidden).toBe(false);
    expect([...$(".lw-class-to-select").options].map((o) => o.textContent)).toEqual(["cat", "dog", "<i>bird</i>"]);
    $(".lw-class-from-select").value = "2";
    $(".lw-class-to-select").value = "0";
    $(".lw-class-scale-input").value = "0.5";
    $(".lw-class-apply").click();
    await flush();
    expect(calls(invoke, "_class_command")).toEqual([{ from: 2, to: 0, scale: 0.5, replace: false }]);
    expect($(".lw-status").textContent).toContain("no points of class dog");
    expect($(".lw-class-apply").disabled).toBe(false);
    expect($(".lw-class-note").hidden).toBe(true); // a failure is no note of what happened
  });

  it("says beside the button what the class arithmetic did, and replaces only when asked", async () => {
    const note = "Class arithmetic added anchor 3, step 0 + 1 × (dog − cat), at the end of the path";
    const { invoke, $ } = mount(traits({ class_names: ["cat", "dog"] }), {
      replies: { _class_command: () => [{ ok: true, result: { note } }, []] },
    });
    expect($(".lw-class-mode-select").value).toBe("append"); // nothing is replaced by default
    $(".lw-class-apply").click();
    await flush();
    expect($(".lw-class-note").textContent).toBe(note);
    expect($(".lw-class-note").hidden).toBe(false);
    $(".lw-class-mode-select").value = "replace";
    $(".lw-class-apply").click();
    await flush();
    expect(calls(invoke, "_class_command").map((r) => r.replace)).toEqual([false, true]);
  });

  it("drops the note once the anchors it made are changed", async () => {
    const note = "Class arithmetic added anchor 3, r, at the end of the path";
    const { model, $ } = mount(traits({ class_names: ["cat", "dog"], anchor_names: ["a", "b"] }), {
      replies: { _class_command: () => [{ ok: true, result: { note, anchors: ["a", "b", "r"] } }, []] },
    });
    $(".lw-class-apply").click();
    await flush();
    model.set("anchor_names", ["a", "b", "r"]); // the kernel's own change: the note stays
    expect($(".lw-class-note").hidden).toBe(false);
    model.set("anchor_names", ["a", "b"]); // r removed with its ✕: the note is no longer true
    expect($(".lw-class-note").hidden).toBe(true);
    expect($(".lw-class-note").textContent).toBe("");
  });

  it("gives every control a title, and says its gestures in one line", () => {
    const { model, $, $$ } = mount(traits({
      anchor_names: ["a", "b"], class_names: ["cat", "dog"], linked: true,
      axis_names: ["z1"], axis_ranges: [[-1, 1]], axis_variances: [0.25], axis_shares: [0.5],
      axis_order: "by variance, largest first",
    }));
    model.set("picking", true);
    const controls = $$("button, input, select, canvas.lw-strip-frame, .lw-picking");
    expect(controls.length).toBeGreaterThan(15);
    const untitled = controls.filter((c) => !(c.title || c.closest("[title]")?.title));
    expect(untitled.map((c) => c.outerHTML)).toEqual([]);
    expect($(".lw-help").textContent).toBe(
      "Click a frame to jump to it · drag the scrubber or press play · hover the trace for each step",
    );
  });

  it("echoes a frame there and back, drawn on the scrub canvas", async () => {
    const { invoke, root, $ } = mount(traits(), {
      replies: { _echo_command: (msg, options) => [{ ok: true, result: msg }, options.buffers] },
    });
    const ms = await root.lwView.echo([H, W, 4]);
    expect(ms).toBeGreaterThanOrEqual(0);
    const [name, msg, options] = invoke.mock.calls.find((c) => c[0] === "_echo_command");
    expect(name).toBe("_echo_command");
    expect(msg.frame.shape).toEqual([H, W, 4]);
    expect(options.buffers[0].byteLength).toBe(H * W * 4);
    expect($("canvas.lw-scrub-frame").dataset.frameShape).toBe(`${H}x${W}x4`);
  });
});
