"""The Interpolation view linked to an Explorer, in a real JupyterLab and headless Chromium."""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import poll_kernel, to_client, wait_for_explorer
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

ROOT = ".lw-interpolation"
CELLS = [
    "import latent_widgets as lw\n"
    "from latent_widgets.demo import digits_space\n"
    "space = digits_space()\n"
    "explorer = lw.Explorer(space, projection='pca', height=360)\n"
    "explorer",
    "interpolation = lw.Interpolation(space, steps=8)\n"
    "links = lw.link(explorer, interpolation)\n"
    "interpolation",
]


def scrub_pixels(notebook) -> np.ndarray:
    image = notebook.canvas_pixels("canvas.lw-scrub-frame")
    return np.array(image["data"], dtype=np.uint8).reshape(image["height"], image["width"], 4)


def test_two_clicks_on_the_map_make_a_strip_that_the_scrubber_plays(notebook, lab_server,
                                                                     tmp_path):
    write_notebook(lab_server.root / "path.ipynb", CELLS)
    notebook.open("path.ipynb").run_all()
    points = wait_for_explorer(notebook)
    notebook.wait_for(f"{ROOT} p.lw-empty")  # no anchors yet: it says how to pick them

    page = notebook.page
    page.locator(".lw-map").scroll_into_view_if_needed()
    labels = notebook.kernel_value("space.labels.tolist()")
    first = labels.index(0)
    second = labels.index(1)
    for index in (first, second):
        x, y = to_client(notebook, points[[index]])[0]
        page.mouse.move(float(x), float(y))
        page.wait_for_timeout(300)  # rest, as a hand does: the point under it is found
        page.mouse.down()
        page.mouse.up()
        page.wait_for_timeout(300)
    names = poll_kernel(notebook, "interpolation.anchor_names", lambda v: len(v) == 2)
    assert len(names) == 2
    notebook.wait_for(f"{ROOT}[data-strip-frames='8']")
    assert int(page.get_attribute(".lw-map", "data-path-steps")) == 8  # the path on the map

    page.locator("input.lw-scrubber").scroll_into_view_if_needed()
    drawn = int(page.get_attribute("canvas.lw-scrub-frame", "data-frames-drawn") or 0)
    before = scrub_pixels(notebook)
    box = page.locator("input.lw-scrubber").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 4, y)
    page.mouse.down()
    for fraction in np.linspace(0.0, 0.95, 10):
        page.mouse.move(box["x"] + 4 + (box["width"] - 8) * fraction, y)
        page.wait_for_timeout(30)
    page.mouse.up()
    page.wait_for_function(
        "(n) => Number(document.querySelector('canvas.lw-scrub-frame').dataset.framesDrawn) > n",
        arg=drawn,
    )
    position = page.evaluate("() => document.querySelector('.lw-interpolation').lwView.position()")
    assert position > 5
    assert poll_kernel(notebook, "interpolation.current",
                       lambda v: abs(v - position) < 1e-6) == pytest.approx(position)
    page.wait_for_timeout(300)  # the last answer is drawn
    after = scrub_pixels(notebook)
    assert np.abs(after.astype(int) - before.astype(int)).sum() > 0  # the large frame changed
    step = round(position)
    assert page.get_attribute("div.lw-strip", "data-current-step") == str(step)

    gif = tmp_path / "path.gif"
    notebook.kernel(f"interpolation.to_gif({str(gif)!r})")
    from PIL import Image

    image = Image.open(gif)
    assert image.format == "GIF" and image.n_frames == 8


def test_enter_in_the_steps_box_applies_the_count_and_stays_in_the_box(notebook, lab_server):
    write_notebook(lab_server.root / "steps.ipynb", [
        "import numpy as np\nimport latent_widgets as lw\n"
        "z = np.random.default_rng(0).normal(size=(40, 3)).astype(np.float32)\n"
        "space = lw.LatentSpace.from_latents(z, decode=lambda z: np.full((len(z), 5, 5), 0.3))\n"
        "interpolation = lw.Interpolation(space, anchors=[0, 1], steps=8)\ninterpolation",
    ])
    notebook.open("steps.ipynb").run_all()
    box = notebook.page.locator(f"{ROOT} .lw-steps-input")
    box.wait_for()
    cells_before = notebook.page.locator(".jp-Cell").count()
    box.fill("5")
    box.press("Enter")  # no blur: Enter alone applies it
    assert poll_kernel(notebook, "interpolation.steps", lambda v: v == 5) == 5
    focused = "() => document.activeElement.classList.contains('lw-steps-input')"
    assert notebook.page.evaluate(focused)  # the box keeps the focus
    assert notebook.page.locator(".jp-Cell").count() == cells_before  # JupyterLab took no key
