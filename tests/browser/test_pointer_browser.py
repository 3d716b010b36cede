"""Pointer moves over a dense Explorer map, in a real JupyterLab and headless Chromium.

A move without a button must not redraw the WebGL map (regl-scatterplot redrew every point on
every move over a point); hover, tooltip, panning, wheel zoom and shift-click keep working.
A map whose frames are slow to draw pans by moving its last frame, drawn again at the end.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.browser.explorer_page import coloured_fraction, map_box, to_client, wait_for_explorer
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

DENSE = 20_000
CELL = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "rng = np.random.default_rng(1)\n"
    f"dense = rng.normal(0, 1, ({DENSE}, 2))\n"
    "far = np.array([[7, 7], [-7, 7], [7, -7], [-7, -7], [0, 7.5]])\n"
    "xy = np.concatenate([dense, far]).astype(np.float32)\n"
    "explorer = lw.Explorer(xy, projection='pca')\n"
    "explorer"
)
HOVER_RADIUS = 8.0  # regl-scatterplot's rule at point size 4: the diameter + 4 px
COUNTS = "() => document.querySelector('.lw-explorer').lwView.pointerCounts()"


@pytest.fixture
def dense_map(notebook, lab_server):
    write_notebook(lab_server.root / "pointer.ipynb", [CELL])
    notebook.open("pointer.ipynb").run_all()
    points = wait_for_explorer(notebook)
    notebook.page.wait_for_timeout(500)  # late redraws of the first frames
    return notebook, points


def sweep(page, start, end, steps=60):
    for t in np.linspace(0.0, 1.0, steps):
        x, y = start + (end - start) * t
        page.mouse.move(float(x), float(y))


def nearest(client, at):
    gaps = np.linalg.norm(client - np.asarray(at), axis=1)
    return gaps, int(np.argmin(gaps))


def test_a_sweep_over_a_dense_map_redraws_nothing_and_the_tooltip_follows(dense_map):
    notebook, points = dense_map
    page = notebook.page
    client = to_client(notebook, points)
    centre = np.median(client[:DENSE], axis=0)
    start, end = centre - [90, 25], centre + [90, 25]
    page.mouse.move(*map(float, start))
    before = page.evaluate(COUNTS)
    sweep(page, start, end)
    page.wait_for_timeout(300)
    after = page.evaluate(COUNTS)
    changes = after["hoverChanges"] - before["hoverChanges"]
    draws = after["draws"] - before["draws"]
    assert changes > 20  # the sweep crossed many points: the hovered one changed often
    assert draws <= 1, f"{draws} WebGL redraws for {changes} changes of the hovered point"

    # the tooltip names the point under the pointer, and the ring sits on it
    gaps, index = nearest(client, end)
    assert gaps[index] < HOVER_RADIUS
    tooltip = page.wait_for_selector(".lw-tooltip:not([hidden])")
    page.wait_for_function(
        "(i) => document.querySelector('.lw-tooltip').dataset.index === String(i)",
        arg=index, timeout=10_000,
    )
    assert f"#{index}" in tooltip.inner_text()
    ring = page.locator(".lw-hover-ring").bounding_box()
    assert abs(ring["x"] + ring["width"] / 2 - client[index, 0]) < 1.0
    assert abs(ring["y"] + ring["height"] / 2 - client[index, 1]) < 1.0

    box = map_box(notebook)
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + 4)  # empty: the top edge
    page.wait_for_selector(".lw-tooltip", state="hidden")
    assert page.locator(".lw-hover-ring").is_hidden()
    assert page.evaluate(COUNTS)["draws"] - after["draws"] <= 1


def test_a_drag_after_held_back_moves_pans_by_exactly_the_drag(dense_map):
    notebook, points = dense_map
    page = notebook.page
    client = to_client(notebook, points)
    centre = np.median(client[:DENSE], axis=0)
    sweep(page, centre - [120, 0], centre, steps=30)  # moves the camera never saw
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(float(centre[0] + 5 * step), float(centre[1] + 2.5 * step))
        page.wait_for_timeout(30)
    page.mouse.up()
    page.wait_for_timeout(300)
    moved = to_client(notebook, points[DENSE:]) - client[DENSE:]
    assert np.allclose(moved, [40.0, 20.0], atol=1.0), moved
    assert notebook.kernel_value("explorer.selection.tolist()") == []  # a pan selects nothing

    # hover works again after the drag, at the new positions
    client = to_client(notebook, points)
    target = client[DENSE + 4]
    page.mouse.move(*map(float, target + [3, 0]))
    page.wait_for_function(
        "(i) => document.querySelector('.lw-tooltip').dataset.index === String(i)",
        arg=DENSE + 4, timeout=10_000,
    )


def test_wheel_zoom_keeps_the_point_under_the_pointer_and_shift_click_selects(dense_map):
    notebook, points = dense_map
    page = notebook.page
    client = to_client(notebook, points)
    far = client[DENSE]
    page.mouse.move(*map(float, far + [20, 0]))
    page.mouse.move(*map(float, far))
    page.mouse.wheel(0, -200)  # zoom in about the pointer
    page.wait_for_timeout(600)
    zoomed = to_client(notebook, points)
    assert np.linalg.norm(zoomed[DENSE] - far) < 2.0  # it stays under the pointer
    assert np.linalg.norm(zoomed[DENSE + 4] - far) > 1.2 * np.linalg.norm(client[DENSE + 4] - far)

    page.keyboard.down("Shift")
    page.mouse.click(*map(float, zoomed[DENSE]))
    page.keyboard.up("Shift")
    page.wait_for_selector(".lw-selection-info:has-text('1 selected')")
    assert notebook.kernel_value("explorer.selection.tolist()") == [DENSE]


def test_a_pan_of_a_slow_map_moves_its_last_frame_and_draws_the_map_at_the_end(dense_map):
    notebook, points = dense_map
    page = notebook.page
    page.evaluate("() => document.querySelector('.lw-explorer').lwView.setSlowPans(true)")
    client = to_client(notebook, points)
    centre = np.median(client[:DENSE], axis=0)
    box = map_box(notebook)
    page.mouse.move(*map(float, centre))
    before = page.evaluate(COUNTS)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(float(centre[0] + 5 * step), float(centre[1] + 2.5 * step))
        page.wait_for_timeout(30)
    page.wait_for_timeout(200)
    during = page.evaluate(COUNTS)
    moved_box = map_box(notebook)  # the canvas, translated
    page.mouse.up()
    page.wait_for_timeout(400)
    after = page.evaluate(COUNTS)

    assert during["draws"] == before["draws"]  # nothing drawn while the pan lasted
    assert during["frozenFrames"] > before["frozenFrames"]
    # the last frame moved exactly as the camera did
    assert moved_box["x"] - box["x"] == pytest.approx(40.0, abs=1.0)
    assert moved_box["y"] - box["y"] == pytest.approx(20.0, abs=1.0)
    # then drawn where the camera is, in place: the far points' pixels at their new places
    assert after["draws"] > during["draws"]
    assert map_box(notebook)["x"] == pytest.approx(box["x"]), "the translation stayed"
    moved = to_client(notebook, points[DENSE:]) - client[DENSE:]
    assert np.allclose(moved, [40.0, 20.0], atol=1.0), moved
    now = to_client(notebook, points[DENSE:])
    inside = ((now[:, 0] > box["x"] + 3) & (now[:, 0] < box["x"] + box["width"] - 3)
              & (now[:, 1] > box["y"] + 3) & (now[:, 1] < box["y"] + box["height"] - 3))
    assert inside.sum() >= 3  # some moved out of view; those still in it are drawn there
    assert coloured_fraction(notebook, points[DENSE:][inside]) == 1.0
