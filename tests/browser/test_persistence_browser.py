"""The Persistence view linked to an Explorer, in a real JupyterLab and headless Chromium."""

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
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

ROOT = ".lw-persistence"
SETUP = (
    RING_AND_BLOB
    + "latents = np.concatenate([ring, blob]).astype(np.float32)\n"
    "explorer = lw.Explorer(latents, labels=labels, projection='pca', height=360)\n"
    "explorer"
)
LINKED = "ph = lw.Persistence(explorer.space)\nlinks = lw.link(explorer, ph)\nph"


def open_linked(notebook, lab_server, name: str):
    write_notebook(lab_server.root / name, [SETUP, LINKED])
    notebook.open(name).run_all()
    points = wait_for_explorer(notebook)
    notebook.wait_for(f"{ROOT}[data-state='ready'] canvas.lw-diagram")
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    notebook.page.locator(ROOT).scroll_into_view_if_needed()
    return points


def betti_shown(notebook) -> list[int]:
    text = notebook.page.get_attribute(".lw-betti", "data-betti")
    return [int(v) for v in text.split(",")]


def drawn_fraction(notebook, selector: str) -> float:
    image = notebook.canvas_pixels(selector)
    pixels = np.array(image["data"], dtype=np.uint8).reshape(image["height"], image["width"], 4)
    background = pixels[1, 1].astype(int)
    return float((np.abs(pixels.astype(int) - background).sum(axis=-1) > 60).mean())


def test_the_diagram_draws_and_dragging_the_slider_changes_the_betti_numbers(notebook,
                                                                               lab_server):
    open_linked(notebook, lab_server, "slider.ipynb")
    assert drawn_fraction(notebook, "canvas.lw-diagram") > 0.002  # axes, diagonal, points
    assert drawn_fraction(notebook, "canvas.lw-barcode") > 0.002
    features = np.array(notebook.kernel_value("ph.features.tolist()"))
    assert int(notebook.page.get_attribute(ROOT, "data-features")) == len(features)

    start = betti_shown(notebook)
    eps = notebook.kernel_value("ph.eps")
    assert start == notebook.kernel_value(f"ph.betti({eps}).tolist()") == [2, 1]

    slider = notebook.page.locator("input.lw-eps-slider")
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    notebook.page.mouse.move(box["x"] + box["width"] * 0.5, y)
    notebook.page.mouse.down()
    for fraction in np.linspace(0.5, 0.01, 12):  # drag to the far left: tiny ε
        notebook.page.mouse.move(box["x"] + box["width"] * fraction, y)
    notebook.page.mouse.up()
    small = notebook.page.evaluate("() => document.querySelector('.lw-persistence').lwView.eps()")
    assert small < eps / 4
    assert poll_kernel(notebook, "ph.eps", lambda v: abs(v - small) < 1e-9) == pytest.approx(small)
    shown = betti_shown(notebook)
    assert shown == notebook.kernel_value(f"ph.betti({small}).tolist()")
    assert shown[0] > 2  # at a tiny scale the points are still apart
    assert poll_kernel(notebook, "explorer.rips_eps", lambda v: v == small) == small
    edges_small = int(notebook.page.get_attribute(".lw-map", "data-rips-edges-drawn"))
    notebook.kernel(f"ph.eps = {eps}")
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('.lw-map').dataset.ripsEdgesDrawn) > n",
        arg=edges_small,
    )
    assert betti_shown(notebook) == start


def test_clicking_the_loop_highlights_its_cycle_in_the_explorer(notebook, lab_server):
    points = open_linked(notebook, lab_server, "cycle.ipynb")
    features = np.array(notebook.kernel_value("ph.features.tolist()"))
    loop = int(np.flatnonzero(features[:, 0] == 1)[0])
    for where in ("diagram", "barcode"):
        x, y = notebook.page.evaluate(
            "([i, where]) => document.querySelector('.lw-persistence').lwView"
            ".featureToClient(i, where)",
            [loop, where],
        )
        notebook.page.mouse.click(x, y)
        selected = poll_kernel(notebook, "ph.selected_feature", lambda v: v == loop)
        assert selected == loop
        highlight = poll_kernel(notebook, "explorer.highlight.tolist()", lambda v: len(v) > 0)
        assert len(highlight) >= 8 and max(highlight) < 150  # points of the ring only
        radius = np.linalg.norm(np.array(notebook.kernel_value(
            "latents[explorer.highlight, :2].tolist()")), axis=1)
        assert np.all(np.abs(radius - 1) < 0.25)
        notebook.page.mouse.click(x, y)  # a second click lets go
        assert poll_kernel(notebook, "len(explorer.highlight)", lambda v: v == 0) == 0
    assert len(points) == 200


def test_a_lasso_on_the_map_gives_the_homology_of_the_selection(notebook, lab_server):
    points = open_linked(notebook, lab_server, "subset.ipynb")
    notebook.page.locator(".lw-map").scroll_into_view_if_needed()
    client = to_client(notebook, points)  # positions after scrolling
    blob = client[150:]
    low, high = blob.min(axis=0) - 10, blob.max(axis=0) + 10
    polygon = np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]],
                        [low[0], high[1]]])
    inside = np.flatnonzero(Polygon(polygon).contains_points(client))
    lasso(notebook, polygon)
    selection = poll_kernel(notebook, "explorer.selection.tolist()", lambda v: len(v) > 0)
    assert selection == inside.tolist() and set(range(150, 200)) <= set(selection)

    select = notebook.page.locator("select.lw-scope-select")
    select.scroll_into_view_if_needed()
    notebook.page.wait_for_selector("select.lw-scope-select option[value='selection']",
                                    state="attached")
    select.select_option("selection")
    info = poll_kernel(notebook, "ph.info", lambda v: v.get("n_points") == len(selection))
    assert info["n_points"] == len(selection) and "selection" in info["scope_text"]
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    notebook.page.wait_for_function(
        "(n) => Number(document.querySelector('.lw-persistence').dataset.features) === n",
        arg=len(notebook.kernel_value("ph.features.tolist()")),
    )
    # the blob alone: one component at the scale of the ring's loop, and no loop
    h1 = np.array(notebook.kernel_value("ph.features[ph.features[:, 0] == 1].tolist()"))
    assert len(h1) == 0 or np.max(h1[:, 2] - h1[:, 1]) < 0.2
    assert select.input_value() == "selection"
    assert "selection of" in notebook.page.inner_text(".lw-note")


def test_clicking_a_layer_in_the_chart_switches_the_map_and_the_diagram(notebook, lab_server):
    write_notebook(lab_server.root / "layers.ipynb", [
        "import latent_widgets as lw\n"
        "from latent_widgets.demo import digits_space\n"
        "space = digits_space(layer=['encoder.0', 'encoder.2', 'encoder.3'])\n"
        "explorer = lw.Explorer(space, projection='pca', height=300)\n"
        "explorer",
        LINKED,
    ])
    notebook.open("layers.ipynb").run_all()
    wait_for_explorer(notebook)
    column = f"{ROOT} .lw-layer-chart rect.lw-layer-column[data-layer='encoder.2']"
    notebook.wait_for(column, timeout=120_000)
    before = notebook.kernel_value("explorer.points[:3].tolist()")
    notebook.page.locator(column).scroll_into_view_if_needed()
    notebook.page.locator(column).click()
    assert poll_kernel(notebook, "ph.layer", lambda v: v == "encoder.2") == "encoder.2"
    assert poll_kernel(notebook, "explorer.layer", lambda v: v == "encoder.2") == "encoder.2"
    info = poll_kernel(notebook, "ph.info", lambda v: v.get("layer") == "encoder.2")
    assert info["layer"] == "encoder.2"
    # the map now shows the hidden layer (the link sets the layer, then its map, from the
    # thread that computed the homology: read until the map is there)
    after = poll_kernel(notebook, "explorer.points[:3].tolist()", lambda v: v != before)
    assert after != before
    notebook.page.wait_for_selector(
        f"{column}[data-active='true']", state="attached", timeout=30_000)
    notebook.page.wait_for_selector(".lw-explorer .lw-status:has-text(\"layer 'encoder.2'\")")


NOISE = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "blob = np.random.default_rng(0).normal(size=(2000, 16)).astype(np.float32)\n"
    "ph = lw.Persistence(blob, time_budget_s=1.0)\n"
    "ph"
)


def shown_bound(notebook) -> float:
    return float(notebook.page.get_attribute(ROOT, "data-error-bound"))


def test_nothing_certain_is_said_and_more_landmarks_lower_the_shown_bound(notebook, lab_server):
    write_notebook(lab_server.root / "noise.ipynb", [NOISE])
    notebook.open("noise.ipynb").run_all()
    notebook.wait_for(f"{ROOT}[data-state='ready'] canvas.lw-diagram")
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    page = notebook.page
    page.locator(ROOT).scroll_into_view_if_needed()
    sentence = page.locator(".lw-verdict")
    sentence.wait_for(state="visible")
    assert sentence.inner_text() == "No loop is certain: every bar lies inside the shaded band."
    more, pca = page.locator("button.lw-more-landmarks"), page.locator("button.lw-pca-copy")
    assert more.is_visible() and more.is_enabled() and pca.is_visible()
    note = page.locator(".lw-note")
    assert "would need" not in note.inner_text()  # short words; the arithmetic is its tooltip
    assert "would need about" in note.get_attribute("title")

    before, landmarks = shown_bound(notebook), notebook.kernel_value("ph.info['n_landmarks']")
    assert before == pytest.approx(notebook.kernel_value("ph.error_bound"))
    assert more.inner_text().startswith(f"More landmarks: {2 * landmarks:,}")
    more.click()
    page.wait_for_function(
        "(b) => Number(document.querySelector('.lw-persistence').dataset.errorBound) < b",
        arg=before, timeout=120_000,
    )
    after = shown_bound(notebook)
    assert after < before
    assert notebook.kernel_value("ph.info['n_landmarks']") == 2 * landmarks
    assert notebook.kernel_value("ph.error_bound") == pytest.approx(after)
    assert f"bound {after:.2f}" in note.inner_text()
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    page.wait_for_selector(f"{ROOT}[data-state='ready'] button.lw-more-landmarks:enabled")

    page.locator(".lw-pca-k").fill("3")
    pca.click()
    reduction = page.locator(".lw-reduction")
    reduction.wait_for(state="visible", timeout=60_000)
    assert "3 of 16 dimensions" in reduction.inner_text()
    assert "at most" in reduction.inner_text()
    assert page.locator("button.lw-back-to-latents").inner_text() == "Back to all 16 dims"
    assert notebook.kernel_value("ph.info['reduction']['k']") == 3
