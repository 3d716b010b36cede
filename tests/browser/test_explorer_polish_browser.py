"""The Explorer's polish in a real JupyterLab (issue 15): resize refit and narrow layout,
reset view, the clear gestures and their help, the marker across maps, the layer selector,
grey unselected points, titles, framed thumbnails, and no pixel read-back on the hot path."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import (
    BLOBS,
    click_and_wait_for_frame,
    frames_drawn,
    map_box,
    poll_kernel,
    snapshot,
    to_client,
    wait_for_explorer,
    wait_for_projection,
    wait_for_stable_layout,
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

DECODING = (BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca',\n"
            "    decode=lambda z: np.clip(np.abs(z[:, :1, None]) * np.ones((len(z), 8, 8)) / 6,"
            " 0, 1))\nexplorer")

#: Counts, from the page's start, the calls that read pixels back from a canvas, and the
#: 2-D copies of a WebGL canvas (a read-back where the 2-D canvas is not on the GPU).
COUNT_READS = """
window.__reads = { readPixels: 0, getImageData: 0, webglCopies: 0, sizes: [] };
const count = (name) => { window.__reads[name] += 1; };
for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
  const read = proto.readPixels;
  proto.readPixels = function (...args) {
    count("readPixels");
    window.__reads.sizes.push(`${args[2]}x${args[3]}`);
    return read.apply(this, args);
  };
}
const webgl = new WeakSet();
const context = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (kind, ...args) {
  if (String(kind).startsWith("webgl")) webgl.add(this);
  return context.call(this, kind, ...args);
};
const get = CanvasRenderingContext2D.prototype.getImageData;
CanvasRenderingContext2D.prototype.getImageData = function (...args) {
  count("getImageData"); return get.apply(this, args);
};
const copy = CanvasRenderingContext2D.prototype.drawImage;
CanvasRenderingContext2D.prototype.drawImage = function (source, ...args) {
  if (webgl.has(source)) count("webglCopies");
  return copy.call(this, source, ...args);
};
"""

#: Every control of the Explorer outside the output area or the widget: [] when none.
CONTROLS_OUTSIDE = """() => {
  const root = document.querySelector('.lw-explorer');
  const output = root.closest('.jp-OutputArea-output') || root.parentElement;
  const box = output.getBoundingClientRect();
  const out = [];
  const parts = 'button, input, select, .lw-tool-group, .lw-panel, .lw-map';
  for (const el of root.querySelectorAll(parts)) {
    if (el.closest('[hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push(el.className || el.tagName);
  }
  return out;
}"""


def open_map(notebook, lab_server, name: str, cell: str = DECODING) -> np.ndarray:
    write_notebook(lab_server.root / f"{name}.ipynb", [cell])
    notebook.open(f"{name}.ipynb").run_all()
    return wait_for_explorer(notebook)


def inside_map(notebook, points: np.ndarray) -> np.ndarray:
    """Whether each point is drawn inside the map's canvas."""
    client, box = to_client(notebook, points), map_box(notebook)
    return ((client[:, 0] >= box["x"]) & (client[:, 0] <= box["x"] + box["width"])
            & (client[:, 1] >= box["y"]) & (client[:, 1] <= box["y"] + box["height"]))


def resize(notebook, width: int) -> None:
    notebook.page.set_viewport_size({"width": width, "height": 900})
    notebook.page.wait_for_timeout(400)
    wait_for_stable_layout(notebook)
    notebook.page.wait_for_timeout(300)  # the refit is drawn on the next frame


def empty_spot(notebook, points: np.ndarray, gap: float = 40.0) -> tuple[float, float]:
    """A place on the map at least `gap` CSS px from every point."""
    client, box = to_client(notebook, points), map_box(notebook)
    for fy in np.linspace(0.1, 0.9, 9):
        for fx in np.linspace(0.1, 0.9, 9):
            at = np.array([box["x"] + box["width"] * fx, box["y"] + box["height"] * fy])
            if np.linalg.norm(client - at, axis=1).min() > gap:
                return float(at[0]), float(at[1])
    raise AssertionError("no empty space on the map")


def test_opening_hovering_and_panning_read_no_pixels_back(notebook, lab_server):
    notebook.page.add_init_script(COUNT_READS)
    console: list[str] = []
    notebook.page.on("console", lambda msg: console.append(msg.text))
    open_map(notebook, lab_server, "reads")
    page, box = notebook.page, map_box(notebook)
    opened = page.evaluate("() => window.__reads")
    # regl probes once, as it starts, whether float textures render: one 1×1 read.
    assert opened == {"readPixels": 1, "getImageData": 0, "webglCopies": 0,
                      "sizes": ["1x1"]}, opened
    for f in np.linspace(0.2, 0.8, 20):
        page.mouse.move(box["x"] + box["width"] * f, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 80, steps=10)
    page.mouse.up()
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(500)
    reads = page.evaluate("() => window.__reads")
    assert reads == opened, reads  # nothing read back while hovering, panning, zooming
    # Headless Chromium without a GPU composites every WebGL canvas in software, and its
    # GL driver says "GPU stall due to ReadPixels" for any WebGL page (four times, then no
    # more): a bare canvas that only clears does it too. It is the browser's, not a read of
    # ours (counted above as none); the map's own frames are not copied any more.
    assert all("ReadPixels" not in text or "GL Driver Message" in text for text in console)


def test_the_map_refits_on_resize_and_the_panel_goes_under_it_when_narrow(notebook, lab_server):
    notebook.page.set_viewport_size({"width": 1400, "height": 900})
    points = open_map(notebook, lab_server, "resize")
    root = notebook.page.locator(".lw-explorer")
    assert inside_map(notebook, points).all()
    assert "lw-narrow" not in root.get_attribute("class")
    for width in (1000, 800, 640):
        resize(notebook, width)
        assert inside_map(notebook, points).all(), width  # nothing cropped at either edge
        assert notebook.page.evaluate(CONTROLS_OUTSIDE) == [], width
    assert "lw-narrow" in root.get_attribute("class")
    panel = notebook.page.locator(".lw-panel").bounding_box()
    box = map_box(notebook)
    assert panel["y"] >= box["y"] + box["height"] - 1  # under the map, not beside it
    assert abs(box["width"] - root.bounding_box()["width"]) < 2  # the map takes the width

    # Zoomed in, a resize keeps the data at the map's centre and the scale.
    notebook.page.locator(".lw-map-canvas").scroll_into_view_if_needed()
    wait_for_stable_layout(notebook)
    box = map_box(notebook)
    fitted = to_client(notebook, points)
    notebook.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    notebook.page.mouse.wheel(0, -300)
    notebook.page.wait_for_timeout(500)
    assert np.ptp(to_client(notebook, points)[:, 0]) > 1.2 * np.ptp(fitted[:, 0])  # zoomed in
    probe = """() => { const v = document.querySelector('.lw-explorer').lwView;
      const r = document.querySelector('.lw-map-canvas').getBoundingClientRect();
      const [cx, cy] = [r.left + r.width / 2, r.top + r.height / 2];
      const [x, y] = v.clientToData(cx, cy);
      const [x1] = v.clientToData(cx + 100, cy); return [x, y, x1 - x]; }"""
    before = notebook.page.evaluate(probe)
    resize(notebook, 1000)
    after = notebook.page.evaluate(probe)
    np.testing.assert_allclose(after, before, rtol=0.02, atol=0.02 * abs(before[2]))


def test_reset_view_clear_gestures_help_and_grey_unselected(notebook, lab_server):
    points = open_map(notebook, lab_server, "gestures")
    page = notebook.page
    fitted = to_client(notebook, points)
    box = map_box(notebook)
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.4)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(500)
    assert np.abs(to_client(notebook, points) - fitted).max() > 20  # zoomed
    reset = page.locator(".lw-reset-view")
    assert "whole map" in reset.get_attribute("title")
    reset.click()
    page.wait_for_timeout(400)
    np.testing.assert_allclose(to_client(notebook, points), fitted, atol=1.0)

    page.mouse.wheel(0, -400)
    page.wait_for_timeout(500)
    before = frames_drawn(notebook)
    page.mouse.dblclick(*empty_spot(notebook, points))
    page.wait_for_timeout(500)
    np.testing.assert_allclose(to_client(notebook, points), fitted, atol=1.0)
    assert frames_drawn(notebook) > before  # its clicks decoded, as clicks do

    notebook.kernel("explorer.selection = list(range(60, 120))")  # the right blob
    page.wait_for_selector(".lw-selection-info:has-text('60 selected')")
    page.wait_for_timeout(300)
    pixels, box = snapshot(notebook), map_box(notebook)
    ratio = pixels.shape[1] / box["width"]
    for index, grey in ((0, True), (90, False)):
        cx, cy = to_client(notebook, points[index : index + 1])[0]
        r, g, b = pixels[int((cy - box["y"]) * ratio), int((cx - box["x"]) * ratio), :3].astype(int)
        spread = max(r, g, b) - min(r, g, b)
        assert (spread < 12) == grey, (index, r, g, b)  # unselected grey, selected in colour

    before = frames_drawn(notebook)
    page.mouse.click(*empty_spot(notebook, points))
    assert poll_kernel(notebook, "explorer.selection.tolist()", lambda v: v == []) == []
    page.wait_for_function("() => document.querySelector('.lw-selection-info').textContent === ''")
    page.wait_for_timeout(300)
    assert frames_drawn(notebook) == before  # that click only cleared the selection
    click_and_wait_for_frame(notebook, *empty_spot(notebook, points))  # the next decodes

    help_button = page.locator(".lw-help-button")
    for hint in ("shift-drag: lasso", "Escape", "double-click empty space", "scroll: zoom"):
        assert hint in help_button.get_attribute("title")
    help_button.click()
    assert "click empty space or Escape: clear the selection" in page.inner_text(".lw-help-line")


def test_titles_everywhere_and_framed_thumbnails_in_the_dark_theme(notebook, lab_server):
    cell = DECODING.replace("projection='pca',", "projection='pca', thumbnails=np.random"
                            ".default_rng(0).integers(0, 255, (180, 8, 8, 4), dtype=np.uint8),")
    points = open_map(notebook, lab_server, "titles", cell)
    page = notebook.page
    untitled = page.evaluate("""() => [...document.querySelectorAll(
        '.lw-explorer button, .lw-explorer input, .lw-explorer select')]
      .filter((el) => !(el.title || el.closest('label')?.title)).map((el) => el.outerHTML)""")
    assert untitled == []
    assert page.locator(".lw-layer-group").is_hidden()  # one layer: no selector
    click_and_wait_for_frame(notebook, *to_client(notebook, points[:1])[0])
    row = page.locator(".lw-neighbour").first
    assert "· #" in row.inner_text() and "d = " in row.inner_text()
    change_theme = "(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})"
    page.evaluate(change_theme, "JupyterLab Dark")
    try:
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        page.wait_for_timeout(500)
        for selector in (".lw-frame", ".lw-neighbour .lw-thumb"):
            style = page.eval_on_selector(selector, """el => { const s = getComputedStyle(el);
              return [s.borderTopWidth, s.borderTopStyle, s.borderTopColor,
                      getComputedStyle(document.querySelector('.lw-explorer')).backgroundColor,
                      el.getBoundingClientRect().width, s.imageRendering]; }""")
            width, kind, colour, background, size, rendering = style
            assert (width, kind) == ("1px", "solid") and colour != background, style
            assert size >= 32 and rendering == "pixelated", style
    finally:
        page.evaluate(change_theme, "JupyterLab Light")
        page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'")


def marker(notebook) -> list[float] | None:
    text = notebook.page.get_attribute(".lw-map", "data-marker")
    return [float(v) for v in text.split(",")] if text else None


def test_the_marker_follows_a_decoded_point_to_the_new_map_or_goes_with_a_note(
    notebook, lab_server
):
    points = open_map(notebook, lab_server, "marker")
    client = to_client(notebook, points)
    gaps = np.linalg.norm(client[:, None] - client[None], axis=-1)
    np.fill_diagonal(gaps, np.inf)
    index = int(np.argmax(gaps.min(axis=1)))
    notebook.page.mouse.move(*map(float, client[index]))
    notebook.page.wait_for_timeout(300)
    click_and_wait_for_frame(notebook, *map(float, client[index]))
    assert notebook.kernel_value("explorer.decoded_index") == index
    notebook.page.click(".lw-button[data-projection='umap']")
    umap = wait_for_projection(notebook, "umap")
    np.testing.assert_allclose(marker(notebook), umap[index], atol=1e-4)
    status = notebook.page.locator(".lw-panel .lw-status")
    assert f"The marker follows #{index} to its place on the UMAP map." in status.inner_text()
    np.testing.assert_allclose(notebook.kernel_value("explorer.decoded_position"), umap[index],
                               atol=1e-4)

    click_and_wait_for_frame(notebook, *empty_spot(notebook, umap))  # the map's inverse
    assert notebook.kernel_value("explorer.decoded_index") == -1
    notebook.page.click(".lw-button[data-projection='pca']")
    wait_for_projection(notebook, "pca")
    assert marker(notebook) is None
    assert "has no place on the PCA map" in status.inner_text()
    assert notebook.page.get_attribute(".lw-panel", "data-stale") == "true"
    assert notebook.kernel_value("explorer.decoded_position") is None


def test_the_layer_selector_switches_layers_and_back_to_the_decoder(notebook, lab_server):
    write_notebook(lab_server.root / "layer_select.ipynb", [
        "import latent_widgets as lw\n"
        "from latent_widgets.demo import digits_space\n"
        "space = digits_space(layer=['encoder.1', 'encoder.3'], epochs=5, max_samples=200)\n"
        "explorer = lw.Explorer(space, projection='pca')\n"
        "explorer",
    ])
    notebook.open("layer_select.ipynb").run_all()
    wait_for_explorer(notebook)
    select = notebook.page.locator(".lw-layer-select")
    assert select.is_visible() and select.get_attribute("title")
    options = select.locator("option").all_inner_texts()
    assert options == ["encoder.1", "encoder.3 (decoder)"] and select.input_value() == "encoder.3"
    select.select_option("encoder.1")
    assert poll_kernel(notebook, "explorer.layer", lambda v: v == "encoder.1") == "encoder.1"
    notebook.page.wait_for_selector(".lw-layer-back", state="visible")
    select.select_option("encoder.3")  # back, from the toolbar
    assert poll_kernel(notebook, "explorer.has_decoder", bool) is True
    notebook.page.wait_for_selector(".lw-layer-back", state="hidden")
    assert select.input_value() == "encoder.3"
