"""`make demo` serves the quickstart; in Chromium its map draws and a click decodes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import (
    click_and_wait_for_frame,
    coloured_fraction,
    map_box,
    to_client,
    to_data,
    wait_for_explorer,
    wait_for_projection,
)
from tests.browser.lab import NotebookPage

pytestmark = pytest.mark.browser


def empty_place(client: np.ndarray, box: dict) -> tuple[float, float]:
    """A place inside the map's middle, as far as can be from every point (client pixels)."""
    xs = box["x"] + box["width"] * np.linspace(0.2, 0.8, 25)
    ys = box["y"] + box["height"] * np.linspace(0.2, 0.8, 25)
    grid = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    nearest = np.linalg.norm(grid[:, None] - client[None], axis=-1).min(axis=1)
    x, y = grid[int(np.argmax(nearest))]
    return float(x), float(y)


def test_make_demo_serves_the_quickstart_and_a_click_draws_the_decoded_frame(
    demo_server, browser_page, tmp_path
):
    assert demo_server.opened_url, "make demo printed no URL"
    assert "/lab/tree/notebooks/quickstart.ipynb" in demo_server.opened_url
    notebook = NotebookPage(browser_page, demo_server).open_url(demo_server.opened_url).run_all()
    wait_for_explorer(notebook)
    points = wait_for_projection(notebook, "umap")  # PCA at once, then UMAP
    notebook.page.locator(".lw-map").scroll_into_view_if_needed()  # the notebook runs on below
    notebook.page.wait_for_timeout(300)

    assert coloured_fraction(notebook, points[::9]) > 0.9  # the map has its points

    # A click between points decodes that place: the kernel saw the position clicked …
    client_x, client_y = empty_place(to_client(notebook, points), map_box(notebook))
    click_and_wait_for_frame(notebook, client_x, client_y)
    assert notebook.kernel_value("explorer.decoded_index") == -1  # not a point: the inverse
    want_x, want_y = to_data(notebook, client_x, client_y)
    pixel = abs(to_data(notebook, client_x + 1, client_y)[0] - want_x)  # data units per pixel
    got_x, got_y = notebook.kernel_value("explorer.decoded_position")
    # mouse events carry whole-pixel coordinates: within a pixel and a half of the click
    assert abs(got_x - want_x) < 1.5 * pixel and abs(got_y - want_y) < 1.5 * pixel

    # … and the frame on the canvas is exactly the decoder's image at that position.
    assert notebook.page.get_attribute("canvas.lw-frame", "data-frame-shape") == "28x28x4"
    frame = notebook.canvas_pixels("canvas.lw-frame")
    assert (frame["width"], frame["height"]) == (28, 28)  # the shapes: 28 x 28 images
    expected = notebook.kernel_value(f"explorer.decode_at({got_x!r}, {got_y!r}).ravel().tolist()")
    assert frame["data"] == expected
    assert float(notebook.page.get_attribute("canvas.lw-frame", "data-click-to-frame-ms")) > 0
    neighbours = notebook.page.locator(".lw-neighbour")
    assert neighbours.count() == 6
    index = int(neighbours.first.get_attribute("data-index"))
    assert 0 <= index < len(points)
    notebook.page.screenshot(path=str(tmp_path / "quickstart.png"))
    # the figure for a paper, in the last cell, shows as an image (no pyplot in the notebook)
    assert notebook.page.locator(".jp-RenderedImage img").count() >= 1
    assert np.isfinite(points).all()
