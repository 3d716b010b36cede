"""`make demo` serves the quickstart; in Chromium its map draws and a click decodes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import (
    click_and_wait_for_frame,
    coloured_fraction_at,
    wait_for_explorer,
)
from tests.browser.lab import NotebookPage

pytestmark = pytest.mark.browser


def test_make_demo_serves_the_quickstart_and_a_click_draws_the_decoded_frame(
    demo_server, browser_page, tmp_path
):
    assert demo_server.opened_url, "make demo printed no URL"
    assert "/lab/tree/notebooks/quickstart.ipynb" in demo_server.opened_url
    notebook = NotebookPage(browser_page, demo_server).open_url(demo_server.opened_url).run_all()
    geometry = wait_for_explorer(notebook)

    # The map has points where the data are.
    points = np.array(notebook.kernel_value("explorer.points.tolist()"))
    assert coloured_fraction_at(notebook, geometry, points[::9]) > 0.9

    # A click between points decodes that place: the kernel saw the position clicked …
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
    expected = notebook.kernel_value(f"explorer.decode_at({got_x!r}, {got_y!r}).ravel().tolist()")
    assert frame["data"] == expected
    assert float(notebook.page.get_attribute("canvas.lw-frame", "data-click-to-frame-ms")) > 0
    notebook.page.screenshot(path=str(tmp_path / "quickstart.png"))
