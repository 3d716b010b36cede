"""Keys on the views' controls stay in the widget: JupyterLab's shortcuts do not take them."""

from __future__ import annotations

import pytest

from tests.browser.explorer_page import BLOBS, poll_kernel, wait_for_explorer
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

CELLS = [
    BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca', height=320)\n"
    "explorer",
    "ph = lw.Persistence(explorer.space)\nph",
    "decode = lambda z: np.tile(z[:, :1, None], (1, 6, 6))\n"
    "decoded = lw.LatentSpace.from_latents(latents, decode=decode)\n"
    "interpolation = lw.Interpolation(decoded, steps=8)\n"
    "interpolation.add_anchor(0)\ninterpolation.add_anchor(70)\ninterpolation",
]

SLIDERS = [
    ".lw-explorer .lw-slider input[type=range]",
    ".lw-persistence input.lw-eps-slider",
    ".lw-interpolation input.lw-scrubber",
]


def active_cell(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
        ".findIndex((cell) => cell.classList.contains('jp-mod-active'))"
    )


@pytest.mark.parametrize("selector", SLIDERS)
def test_arrow_keys_move_a_slider_and_not_the_notebook(notebook, lab_server, selector):
    write_notebook(lab_server.root / "keys.ipynb", CELLS)
    notebook.open("keys.ipynb").run_all()
    wait_for_explorer(notebook)
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    page = notebook.page
    slider = page.locator(selector).first
    page.wait_for_function(
        "(sel) => { const s = document.querySelector(sel); return s && !s.disabled; }", arg=selector
    )
    slider.scroll_into_view_if_needed()
    page.keyboard.press("Escape")  # command mode, where JupyterLab's arrow shortcuts live
    slider.focus()
    cell = active_cell(page)
    start = float(slider.input_value())
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    after_right = float(slider.input_value())
    page.keyboard.press("ArrowDown")
    after_down = float(slider.input_value())
    page.keyboard.press("End")
    at_end = float(slider.input_value())
    assert after_right > start, (start, after_right)
    assert after_down < after_right, (after_right, after_down)
    step = float(slider.get_attribute("step") or 1)  # End goes to the last step below max
    assert at_end > after_right and float(slider.get_attribute("max")) - at_end <= 1.01 * step
    assert active_cell(page) == cell  # the notebook's selection did not move
    assert page.evaluate("(sel) => document.activeElement.matches(sel)", selector)
