"""The Explorer in a real JupyterLab, in headless Chromium: it draws, and clicks decode."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PADDING = 16  # js/src/explorer/scales.js fitTransform's default


class MapGeometry:
    """The view's data ↔ pixel transform, computed from the same inputs on the Python side."""

    def __init__(self, points: np.ndarray, box: dict) -> None:
        self.box = box
        lo, hi = points.min(axis=0), points.max(axis=0)
        span = np.maximum(hi - lo, 1e-12)
        self.scale = min(
            (box["width"] - 2 * PADDING) / span[0], (box["height"] - 2 * PADDING) / span[1]
        )
        self.centre = (lo + hi) / 2

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        px = self.box["width"] / 2 + (x - self.centre[0]) * self.scale
        py = self.box["height"] / 2 - (y - self.centre[1]) * self.scale
        return float(self.box["x"] + px), float(self.box["y"] + py)

    def to_data(self, page_x: float, page_y: float) -> tuple[float, float]:
        px, py = page_x - self.box["x"], page_y - self.box["y"]
        return (
            self.centre[0] + (px - self.box["width"] / 2) / self.scale,
            self.centre[1] - (py - self.box["height"] / 2) / self.scale,
        )


def open_explorer(notebook, name: str, variable: str = "explorer") -> MapGeometry:
    notebook.open(name).run_all()
    notebook.wait_for(".lw-explorer[data-state='ready'] canvas.lw-map-points[data-points-drawn]")
    points = np.array(notebook.kernel_value(f"{variable}.points.tolist()"), dtype=np.float32)
    drawn = notebook.page.get_attribute("canvas.lw-map-points", "data-points-drawn")
    assert int(drawn) == len(points)
    box = notebook.page.locator("canvas.lw-map-overlay").bounding_box()
    return MapGeometry(points, box)


def frames_drawn(notebook) -> int:
    value = notebook.page.get_attribute("canvas.lw-frame", "data-frames-drawn")
    return int(value or 0)


def click_and_wait_for_frame(notebook, page_x: float, page_y: float) -> None:
    before = frames_drawn(notebook)
    notebook.page.mouse.click(page_x, page_y)
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-frame').dataset.framesDrawn || 0) > n",
        arg=before,
    )


def test_quickstart_draws_the_points_and_a_click_draws_the_decoded_frame(
    notebook, lab_server, tmp_path
):
    shutil.copy(NOTEBOOKS / "quickstart.ipynb", lab_server.root / "quickstart.ipynb")
    geometry = open_explorer(notebook, "quickstart.ipynb")

    # The map has points where the data are: sample points and read their pixels.
    pixels = notebook.canvas_pixels("canvas.lw-map-points")
    ratio = pixels["width"] / geometry.box["width"]
    rgba = np.array(pixels["data"], dtype=np.uint8).reshape(pixels["height"], pixels["width"], 4)
    background = rgba[0, 0].copy()
    points = np.array(notebook.kernel_value("explorer.points.tolist()"))
    coloured = 0
    for x, y in points[:: max(1, len(points) // 200)]:
        page_x, page_y = geometry.to_page(x, y)
        col = int((page_x - geometry.box["x"]) * ratio)
        row = int((page_y - geometry.box["y"]) * ratio)
        coloured += int(np.abs(rgba[row, col, :3].astype(int) - background[:3]).sum() > 30)
    assert coloured >= 0.9 * len(points[:: max(1, len(points) // 200)])
    assert (np.abs(rgba[..., :3].astype(int) - background[:3]).sum(axis=-1) > 30).mean() > 0.01

    # A click in the map decodes that place: the kernel saw the right position …
    page_x = geometry.box["x"] + geometry.box["width"] * 0.37
    page_y = geometry.box["y"] + geometry.box["height"] * 0.61
    click_and_wait_for_frame(notebook, page_x, page_y)
    want_x, want_y = geometry.to_data(page_x, page_y)
    got_x, got_y = notebook.kernel_value("explorer.decoded_position")
    tolerance = 1.5 / geometry.scale  # a pixel and a half, in data units
    assert abs(got_x - want_x) < tolerance and abs(got_y - want_y) < tolerance

    # … and the frame on the canvas is exactly the decoder's image at that position.
    assert notebook.page.get_attribute("canvas.lw-frame", "data-frame-shape") == "8x8x4"
    frame = notebook.canvas_pixels("canvas.lw-frame")
    assert (frame["width"], frame["height"]) == (8, 8)
    expected = notebook.kernel_value(
        f"explorer.decode_at({got_x!r}, {got_y!r}).ravel().tolist()"
    )
    assert frame["data"] == expected
    latency = float(notebook.page.get_attribute("canvas.lw-frame", "data-click-to-frame-ms"))
    assert latency > 0
    notebook.page.screenshot(path=str(tmp_path / "quickstart.png"))


def test_a_raising_decoder_shows_its_error_and_the_next_click_works(notebook, lab_server):
    write_notebook(lab_server.root / "raising.ipynb", [
        "import numpy as np\n"
        "import latent_widgets as lw\n"
        "rng = np.random.default_rng(0)\n"
        "points = rng.normal(size=(300, 2))\n"
        "def decode(position):\n"
        "    if position[0] < 0:\n"
        "        raise ValueError('nothing to decode left of zero')\n"
        "    return np.full((12, 10), 0.5)\n"
        "explorer = lw.Explorer(points, decode=decode, labels=(points[:, 1] > 0).astype(int))\n"
        "explorer",
    ])
    geometry = open_explorer(notebook, "raising.ipynb")
    status = notebook.page.locator(".lw-status")

    left_x, left_y = geometry.to_page(-1.0, 0.0)
    notebook.page.mouse.click(left_x, left_y)
    notebook.page.wait_for_selector(".lw-status[data-kind='error']")
    assert "ValueError: nothing to decode left of zero" in status.inner_text()
    assert frames_drawn(notebook) == 0

    right_x, right_y = geometry.to_page(1.0, 0.0)
    click_and_wait_for_frame(notebook, right_x, right_y)
    assert notebook.page.get_attribute("canvas.lw-frame", "data-frame-shape") == "12x10x4"
    assert notebook.page.get_attribute(".lw-status", "data-kind") == "none"
    got_x, _ = notebook.kernel_value("explorer.decoded_position")
    assert got_x > 0


def test_without_a_decoder_the_panel_says_so_and_the_map_still_draws(notebook, lab_server):
    write_notebook(lab_server.root / "nodecoder.ipynb", [
        "import numpy as np, latent_widgets as lw\n"
        "explorer = lw.Explorer(np.random.default_rng(1).normal(size=(50, 2)),"
        " labels=['<b>a</b>'] * 25 + ['b'] * 25)\n"
        "explorer",
    ])
    geometry = open_explorer(notebook, "nodecoder.ipynb")
    notebook.page.mouse.click(*geometry.to_page(0.0, 0.0))
    status = notebook.page.locator(".lw-status")
    assert "No decoder is set" in status.inner_text()
    assert frames_drawn(notebook) == 0
    # class names are text, never HTML
    legend = notebook.page.locator(".lw-legend")
    assert "<b>a</b>" in legend.inner_text()
    assert legend.locator("b").count() == 0
