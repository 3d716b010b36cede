// @vitest-environment jsdom
// The Explorer's pure rules for resize, gestures, the marker across maps and the layout,
// and the toolbar and panel parts that show them (issue 15).
import { describe, expect, it, vi } from "vitest";
import { fitDistance, isFitted, resizedCamera } from "../src/explorer/camera.js";
import { clickAction, doubleClickAction, GESTURES, HELP_LINE } from "../src/explorer/gestures.js";
import { followDecoded, mapName } from "../src/explorer/decoded.js";
import { isNarrow, NARROW_WIDTH } from "../src/explorer/layout.js";
import { neighbourText, DecoderPanel } from "../src/explorer/panel.js";
import { Toolbar } from "../src/explorer/toolbar.js";

describe("camera", () => {
  it("fits the square frame: distance 1 when wide, 1 / aspect when narrow", () => {
    expect(fitDistance(2)).toBe(1);
    expect(fitDistance(1)).toBe(1);
    expect(fitDistance(0.5)).toBe(2);
    expect(isFitted([0, 0], 2, 0.5)).toBe(true);
    expect(isFitted([0, 0], 1, 0.5)).toBe(false); // the frame would be cropped at both edges
    expect(isFitted([0.1, 0], 1, 2)).toBe(false); // panned
    expect(isFitted([0, 0], 0.5, 2)).toBe(false); // zoomed
  });

  it("refits a fitted view on resize, and keeps a zoomed one's centre and scale", () => {
    const wide = { width: 1000, height: 400 };
    const narrow = { width: 300, height: 400 };
    expect(resizedCamera({ target: [0, 0], distance: 1 }, wide, narrow))
      .toEqual({ target: [0, 0], distance: 4 / 3, fitted: true });
    const zoomed = resizedCamera({ target: [0.3, -0.2], distance: 0.4 }, wide, narrow);
    expect(zoomed).toEqual({ target: [0.3, -0.2], distance: 0.4, fitted: false });
    // a taller map: pixels per unit (height / 2d) kept
    const taller = resizedCamera({ target: [0.3, -0.2], distance: 0.4 }, wide, { width: 1000, height: 800 });
    expect(800 / (2 * taller.distance)).toBeCloseTo(400 / (2 * 0.4));
  });
});

describe("gestures", () => {
  it("clears a selection on a click on empty space, and decodes otherwise", () => {
    expect(clickAction({ shift: false, hovered: -1, empty: true, selected: 5 })).toBe("clear");
    expect(clickAction({ shift: false, hovered: -1, empty: true, selected: 0 })).toBe("decode");
    expect(clickAction({ shift: false, hovered: 3, empty: false, selected: 5 })).toBe("decode");
    expect(clickAction({ shift: true, hovered: 3, empty: false, selected: 0 })).toBe("toggle");
    expect(clickAction({ shift: true, hovered: -1, empty: true, selected: 5 })).toBe("none");
    expect(doubleClickAction(true)).toBe("reset");
    expect(doubleClickAction(false)).toBe("none");
  });

  it("names every gesture in the help line", () => {
    for (const word of ["shift-drag", "Escape", "double-click", "scroll", "drag: pan", "decode"]) {
      expect(HELP_LINE).toContain(word);
    }
    expect(GESTURES.length).toBeGreaterThan(5);
  });
});

describe("the decoded marker across maps", () => {
  const xy = [0, 0, 10, 20, 30, 40];
  const pca = mapName("pca", "");

  it("follows a decoded point to its place on the new map and says so", () => {
    const decoded = { index: 2, x: 1, y: 2, map: mapName("umap", "") };
    const next = followDecoded(decoded, xy, pca);
    expect(next.marker).toEqual([30, 40]);
    expect(next.note).toBe("The marker follows #2 to its place on the PCA map.");
    expect(next.stale).toBe(false);
  });

  it("clears an inverse's marker, which has no place on the new map, in words", () => {
    const decoded = { index: -1, x: 1.5, y: -2, map: mapName("umap", "mean") };
    const next = followDecoded(decoded, xy, mapName("umap", "encoder.3"));
    expect(next.marker).toBeNull();
    expect(next.stale).toBe(true);
    expect(next.note).toContain("(1.500, -2.000) on the UMAP map of layer 'mean'");
    expect(next.note).toContain("no place on the UMAP map of layer 'encoder.3'");
  });

  it("keeps the marker when the map is the same, and has none before a decode", () => {
    expect(followDecoded({ index: -1, x: 1, y: 2, map: pca }, xy, pca).marker).toEqual([1, 2]);
    expect(followDecoded(null, xy, pca)).toEqual({ marker: null, note: "", stale: false });
  });
});

describe("layout and panel rows", () => {
  it("puts the panel under the map below NARROW_WIDTH", () => {
    expect(isNarrow(NARROW_WIDTH - 1)).toBe(true);
    expect(isNarrow(NARROW_WIDTH)).toBe(false);
    expect(isNarrow(0)).toBe(false); // not laid out yet
  });

  it("writes neighbour rows as the tooltip does, with the distance labelled", () => {
    expect(neighbourText(321, "6", 0.52139)).toBe("6 · #321 · d = 0.521");
    expect(neighbourText(4, null, 1.5)).toBe("#4 · d = 1.50");
    const parent = document.createElement("div");
    const panel = new DecoderPanel(parent);
    panel.showNeighbours({ indices: { data: [7] }, distances: { data: [0.25] }, labels: ["cat"] });
    const row = parent.querySelector(".lw-neighbour");
    expect(row.textContent).toBe("cat · #7 · d = 0.250");
    expect(row.title).toContain("0.250 from the decoded latent");
  });
});

describe("toolbar controls", () => {
  function toolbar() {
    const parent = document.createElement("div");
    const handlers = {
      onProjection: vi.fn(), onHover: vi.fn(), onStyle: vi.fn(), onLayer: vi.fn(), onReset: vi.fn(),
    };
    return { parent, handlers, bar: new Toolbar(parent, handlers) };
  }

  it("selects the layer mapped, marks the decoder's, and hides with one layer", () => {
    const { parent, handlers, bar } = toolbar();
    bar.showLayers(["encoder.1", "encoder.3"], "encoder.1", "encoder.3");
    const select = parent.querySelector("select.lw-layer-select");
    expect(select.closest(".lw-layer-group").hidden).toBe(false);
    expect([...select.options].map((o) => o.textContent)).toEqual(["encoder.1", "encoder.3 (decoder)"]);
    expect(select.value).toBe("encoder.1");
    select.value = "encoder.3";
    select.dispatchEvent(new Event("change"));
    expect(handlers.onLayer).toHaveBeenCalledWith("encoder.3");
    bar.showLayers(["output"], "output", "");
    expect(select.closest(".lw-layer-group").hidden).toBe(true);
  });

  it("resets the view, shows the help line on '?', and titles every control", () => {
    const { parent, handlers, bar } = toolbar();
    parent.querySelector(".lw-reset-view").click();
    expect(handlers.onReset).toHaveBeenCalledTimes(1);
    const help = parent.querySelector(".lw-help-line");
    expect(help.hidden).toBe(true);
    parent.querySelector(".lw-help-button").click();
    expect(help.hidden).toBe(false);
    expect(help.textContent).toBe(HELP_LINE);
    for (const control of parent.querySelectorAll("button, input, select")) {
      expect(control.title || control.closest("label")?.title, control.outerHTML).toBeTruthy();
    }
    bar.destroy();
  });
});
