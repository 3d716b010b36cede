"""The Explorer in a real JupyterLab, in headless Chromium: errors, no decoder, labels."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import (
    click_and_wait_for_frame,
    coloured_fraction_at,
    frames_drawn,
    wait_for_explorer,
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser


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
    geometry = wait_for_explorer(notebook.open("raising.ipynb").run_all())
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
    geometry = wait_for_explorer(notebook.open("nodecoder.ipynb").run_all())
    points = np.array(notebook.kernel_value("explorer.points.tolist()"))
    assert coloured_fraction_at(notebook, geometry, points) > 0.9
    notebook.page.mouse.click(*geometry.to_page(0.0, 0.0))
    status = notebook.page.locator(".lw-status")
    assert "No decoder is set" in status.inner_text()
    assert frames_drawn(notebook) == 0
    # class names are text, never HTML
    legend = notebook.page.locator(".lw-legend")
    assert "<b>a</b>" in legend.inner_text()
    assert legend.locator("b").count() == 0
