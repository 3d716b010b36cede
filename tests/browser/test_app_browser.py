"""lw.explore in a real JupyterLab: three views drawn, linked, side by side or stacked."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.path import Path as Polygon

from tests.browser.explorer_page import (
    RING_AND_BLOB,
    lasso,
    poll_kernel,
    to_client,
    wait_for_explorer,
    wait_for_stable_layout,
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

APP = (
    RING_AND_BLOB
    + "latents = np.concatenate([ring, blob]).astype(np.float32)\n"
    "def decode(z):  # a 6 x 4 image whose brightness is the first latent\n"
    "    z = np.asarray(z)\n"
    "    return np.repeat(1 / (1 + np.exp(-z[:, :1])), 24, axis=1).reshape(-1, 6, 4)\n"
    "app = lw.explore(latents, labels=labels, decode=decode, projection='pca', height=360)\n"
    "explorer = app.explorer\n"
    "app"
)
VIEWS = (".lw-explorer", ".lw-persistence", ".lw-interpolation")


def boxes(page) -> dict[str, dict]:
    return {view: page.locator(view).bounding_box() for view in VIEWS}


def at_width(notebook, width: int) -> dict[str, dict]:
    notebook.page.set_viewport_size({"width": width, "height": 900})
    notebook.page.wait_for_timeout(400)
    wait_for_stable_layout(notebook)
    return boxes(notebook.page)


def test_explore_draws_three_linked_views_side_by_side_or_stacked(notebook, lab_server,
                                                                  tmp_path):
    write_notebook(lab_server.root / "app.ipynb", [APP])
    notebook.open("app.ipynb").run_all()
    points = wait_for_explorer(notebook)
    page = notebook.page
    notebook.wait_for(".lw-persistence[data-state='ready'] canvas.lw-diagram")
    notebook.wait_for(".lw-interpolation")
    assert page.locator(".lw-app").count() == 1

    wide = at_width(notebook, 1600)
    page.screenshot(path=str(tmp_path / "wide.png"), full_page=True)
    ex, ph, ip = (wide[v] for v in VIEWS)
    assert ph["x"] >= ex["x"] + ex["width"] + 12  # the homology right of the map, a gap between
    assert ip["y"] >= ex["y"] + ex["height"] + 8 and abs(ip["x"] - ex["x"]) < 2  # path under it
    narrow = at_width(notebook, 900)
    page.screenshot(path=str(tmp_path / "narrow.png"), full_page=True)
    ex, ph, ip = (narrow[v] for v in VIEWS)
    assert ip["y"] >= ex["y"] + ex["height"] + 8  # stacked: map, path, homology
    assert ph["y"] >= ip["y"] + ip["height"] + 8
    assert abs(ph["x"] - ex["x"]) < 2 and ph["width"] > 0.9 * ex["width"]

    # linked: a lasso around the blob is offered as the homology's scope
    points = np.array(notebook.kernel_value("explorer.points.tolist()"))
    page.locator(".lw-map-canvas").scroll_into_view_if_needed()
    wait_for_stable_layout(notebook)
    client = to_client(notebook, points)
    low, high = client[150:].min(axis=0) - 10, client[150:].max(axis=0) + 10
    polygon = np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]],
                        [low[0], high[1]]])
    inside = np.flatnonzero(Polygon(polygon).contains_points(client))
    lasso(notebook, polygon)
    selection = poll_kernel(notebook, "explorer.selection.tolist()", lambda v: len(v) > 0)
    assert selection == inside.tolist()
    page.wait_for_selector("select.lw-scope-select option[value='selection']", state="attached")
    # and a click on a point is an anchor of the path
    notebook.kernel("explorer.last_click = {'x': 0.0, 'y': 0.0, 'index': 3, 'n': 1}")
    assert poll_kernel(notebook, "len(app.interpolation.anchors)", lambda n: n == 1) == 1
