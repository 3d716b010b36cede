"""The Explorer in a real JupyterLab, in headless Chromium: draw, lasso, legend, errors."""

from __future__ import annotations

import time

import numpy as np
import pytest
from matplotlib.path import Path as Polygon

from tests.browser.explorer_page import (
    BLOBS,
    click_and_wait_for_frame,
    coloured_fraction,
    frames_drawn,
    lasso,
    map_box,
    poll_kernel,
    to_client,
    to_data,
    wait_for_explorer,
    wait_for_projection,
)
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

def test_lasso_selects_exactly_the_points_inside_and_python_can_select(notebook, lab_server):
    write_notebook(lab_server.root / "lasso.ipynb", [
        BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca')\nexplorer",
    ])
    notebook.open("lasso.ipynb").run_all()
    points = wait_for_explorer(notebook)
    assert coloured_fraction(notebook, points[::3]) > 0.9  # the map draws its points

    client = to_client(notebook, points)
    cluster = client[60:120]  # the "right" blob
    low, high = cluster.min(axis=0) - 12, cluster.max(axis=0) + 12
    polygon = np.array([[low[0], low[1]], [high[0], low[1]], [high[0], high[1]],
                        [low[0], high[1]]])
    inside = np.flatnonzero(Polygon(polygon).contains_points(client))
    assert 55 <= len(inside) <= 70  # the polygon holds the blob (and nothing far from it)

    lasso(notebook, polygon)
    selection = poll_kernel(notebook, "explorer.selection.tolist()", lambda v: len(v) > 0)
    assert selection == inside.tolist()
    notebook.page.wait_for_selector(f".lw-selection-info:has-text('{len(inside)} selected')")

    notebook.kernel("explorer.selection = [0, 1, 2]")
    notebook.page.wait_for_selector(".lw-selection-info:has-text('3 selected')")


def test_legend_click_hides_a_class_and_hover_names_the_point(notebook, lab_server):
    write_notebook(lab_server.root / "legend.ipynb", [
        BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca')\nexplorer",
    ])
    notebook.open("legend.ipynb").run_all()
    points = wait_for_explorer(notebook)
    assert coloured_fraction(notebook, points[60:120]) > 0.9

    notebook.page.click(".lw-legend-item[data-code='1']")  # "right"
    hidden = poll_kernel(notebook, "explorer.hidden_classes", lambda v: v == [1])
    assert hidden == [1]
    notebook.page.wait_for_selector(".lw-map[data-hidden-classes='1']")
    notebook.page.wait_for_timeout(300)
    assert coloured_fraction(notebook, points[60:120]) < 0.1  # gone
    assert coloured_fraction(notebook, points[:60]) > 0.9  # the others stay

    x, y = to_client(notebook, points[:1])[0]
    notebook.page.mouse.move(x - 20, y - 20)
    notebook.page.mouse.move(x, y, steps=5)
    notebook.page.wait_for_selector(".lw-tooltip:not([hidden])")
    notebook.page.wait_for_timeout(300)  # hovers along the way may still be answered
    # One read of both, so that a late answer for a point passed on the way cannot fall
    # between reading the index and reading the text.
    index, text = notebook.page.eval_on_selector(
        ".lw-tooltip:not([hidden])", "el => [Number(el.dataset.index), el.innerText]"
    )
    assert index < 60 and "left" in text and f"#{index}" in text


def test_a_raising_decoder_shows_its_error_keeps_the_selection_and_next_click_works(
    notebook, lab_server
):
    write_notebook(lab_server.root / "raising.ipynb", [
        BLOBS +
        "def decode(z):\n"
        "    if z[0, 0] > 3:\n"
        "        raise ValueError('nothing to decode on the right')\n"
        "    return np.full((len(z), 12, 10), 0.5)\n"
        "explorer = lw.Explorer(latents, labels=labels, decode=decode, projection='pca')\n"
        "explorer.selection = [5, 6, 7]\n"
        "explorer",
    ])
    notebook.open("raising.ipynb").run_all()
    points = wait_for_explorer(notebook)
    notebook.page.wait_for_selector(".lw-selection-info:has-text('3 selected')")
    status = notebook.page.locator(".lw-status")

    right = to_client(notebook, points[60:120].mean(axis=0, keepdims=True))[0]
    notebook.page.mouse.click(*map(float, right))
    notebook.page.wait_for_selector(".lw-status[data-kind='error']")
    assert "ValueError: nothing to decode on the right" in status.inner_text()
    assert frames_drawn(notebook) == 0
    assert notebook.kernel_value("explorer.selection.tolist()") == [5, 6, 7]
    assert notebook.page.inner_text(".lw-selection-info") == "3 selected"

    left = to_client(notebook, points[:60].mean(axis=0, keepdims=True))[0]
    click_and_wait_for_frame(notebook, *map(float, left))
    assert notebook.page.get_attribute("canvas.lw-frame", "data-frame-shape") == "12x10x4"
    assert notebook.page.get_attribute(".lw-status", "data-kind") == "none"
    assert notebook.page.locator(".lw-neighbour").count() == 6


def test_switching_to_umap_shows_progress_then_the_new_map(notebook, lab_server):
    write_notebook(lab_server.root / "switch.ipynb", [
        BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca')\nexplorer",
    ])
    notebook.open("switch.ipynb").run_all()
    pca_points = wait_for_explorer(notebook)
    info = notebook.page.locator(".lw-projection-info")
    assert info.inner_text().startswith("PCA · trustworthiness")
    notebook.page.click(".lw-button[data-projection='umap']")
    umap_points = wait_for_projection(notebook, "umap")
    assert not np.allclose(umap_points, pca_points)
    assert info.inner_text().startswith("UMAP · trustworthiness")
    assert notebook.page.get_attribute(".lw-button[data-projection='umap']",
                                       "aria-pressed") == "true"
    assert coloured_fraction(notebook, umap_points[::3]) > 0.9


def test_without_a_decoder_the_panel_says_so_and_labels_are_text(notebook, lab_server):
    write_notebook(lab_server.root / "nodecoder.ipynb", [
        BLOBS + "explorer = lw.Explorer(latents, labels=['<b>a</b>'] * 90 + ['b'] * 90,"
        " projection='pca')\nexplorer",
    ])
    notebook.open("nodecoder.ipynb").run_all()
    points = wait_for_explorer(notebook)
    box = map_box(notebook)
    notebook.page.mouse.click(box["x"] + 5, box["y"] + 5)
    assert "No decoder" in notebook.page.inner_text(".lw-status")
    assert frames_drawn(notebook) == 0
    legend = notebook.page.locator(".lw-legend")
    assert "<b>a</b>" in legend.inner_text()
    assert legend.locator("b").count() == 0
    assert len(points) == 180


def test_decode_on_hover_follows_the_mouse_and_the_style_sliders_set_traits(
    notebook, lab_server
):
    write_notebook(lab_server.root / "hover.ipynb", [
        BLOBS +
        "explorer = lw.Explorer(latents, labels=labels, projection='pca',\n"
        "                       decode=lambda z: np.full((len(z), 5, 5), 0.3))\n"
        "explorer",
    ])
    notebook.open("hover.ipynb").run_all()
    wait_for_explorer(notebook)
    notebook.page.check(".lw-hover-toggle input")
    assert poll_kernel(notebook, "explorer.decode_on_hover", bool) is True

    box = map_box(notebook)
    path = [(box["x"] + box["width"] * f, box["y"] + box["height"] * 0.45)
            for f in np.linspace(0.2, 0.8, 15)]
    for x, y in path:
        notebook.page.mouse.move(float(x), float(y))
    want_x, want_y = to_data(notebook, *map(float, path[-1]))
    pixel = abs(to_data(notebook, float(path[-1][0]) + 1, float(path[-1][1]))[0] - want_x)
    # latest wins: whatever was skipped, the last position is the one decoded in the end
    got = poll_kernel(notebook, "explorer.decoded_position",
                      lambda v: v is not None and abs(v[0] - want_x) < 1.5 * pixel)
    assert abs(got[0] - want_x) < 1.5 * pixel and abs(got[1] - want_y) < 1.5 * pixel
    assert 1 <= frames_drawn(notebook) <= len(path)

    notebook.page.evaluate(
        "() => { const input = document.querySelector('input[data-style=\"point size\"]');"
        " input.value = '9'; input.dispatchEvent(new Event('input')); }"
    )
    assert poll_kernel(notebook, "explorer.point_size", lambda v: v == 9) == 9
    notebook.kernel("explorer.opacity = 0.3")
    notebook.page.wait_for_function(
        "() => Number(document.querySelector('input[data-style=\"opacity\"]').value) === 0.3"
    )


def test_the_map_follows_jupyterlab_dark_theme(notebook, lab_server):
    write_notebook(lab_server.root / "theme.ipynb", [
        BLOBS + "explorer = lw.Explorer(latents, labels=labels, projection='pca')\nexplorer",
    ])
    notebook.open("theme.ipynb").run_all()
    points = wait_for_explorer(notebook)
    assert map_background(notebook).mean() > 200  # a light background
    change_theme = "(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})"
    notebook.page.evaluate(change_theme, "JupyterLab Dark")
    try:
        notebook.page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and map_background(notebook).mean() >= 80:
            notebook.page.wait_for_timeout(200)
        assert map_background(notebook).mean() < 80  # the WebGL background follows the theme
        assert coloured_fraction(notebook, points[::3]) > 0.9  # the points are still drawn
        colour = notebook.page.evaluate(
            "() => getComputedStyle(document.querySelector('.lw-explorer')).color"
        )
        rgb = [int(c) for c in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3]]
        assert sum(rgb) / 3 > 150  # light text on the dark theme
    finally:  # the theme is a user setting of the shared test server: put it back
        notebook.page.evaluate(change_theme, "JupyterLab Light")
        notebook.page.wait_for_function("() => document.body.dataset.jpThemeLight === 'true'")


def map_background(notebook) -> np.ndarray:
    """The colour on screen at the map's top-left corner (composited, as the user sees it)."""
    import io

    from matplotlib.image import imread

    box = map_box(notebook)
    png = notebook.page.screenshot(clip={"x": box["x"] + 2, "y": box["y"] + 2,
                                         "width": 4, "height": 4})
    return (imread(io.BytesIO(png))[1, 1, :3] * 255).astype(int)


def isolated_point(client: np.ndarray, box: dict, margin: float = 20.0) -> int:
    """The index of the point farthest from its nearest neighbour on screen, inside the map."""
    inside = ((client[:, 0] > box["x"] + margin) & (client[:, 0] < box["x"] + box["width"] - margin)
              & (client[:, 1] > box["y"] + margin)
              & (client[:, 1] < box["y"] + box["height"] - margin))
    gaps = np.linalg.norm(client[:, None] - client[None], axis=-1)
    np.fill_diagonal(gaps, np.inf)
    return int(np.argmax(np.where(inside, gaps.min(axis=1), -1.0)))


def test_a_click_on_a_point_decodes_it_and_another_layer_offers_the_way_back(
    notebook, lab_server
):
    write_notebook(lab_server.root / "layers.ipynb", [
        "import latent_widgets as lw\n"
        "from latent_widgets.demo import digits_space\n"
        "space = digits_space(layer=['encoder.1', 'encoder.3'], epochs=30, max_samples=300)\n"
        "explorer = lw.Explorer(space, projection='pca')\n"
        "explorer.layer = 'encoder.1'\n"
        "explorer",
    ])
    notebook.open("layers.ipynb").run_all()
    wait_for_explorer(notebook)
    back = notebook.page.locator(".lw-layer-back")
    back.wait_for(state="visible")
    assert "encoder.3" in back.inner_text()
    assert "the decoder reads 'encoder.3'" in notebook.page.inner_text(".lw-status")
    back.click()  # the way back, in the view
    assert poll_kernel(notebook, "explorer.layer", lambda v: v == "encoder.3") == "encoder.3"
    assert poll_kernel(notebook, "explorer.has_decoder", bool) is True
    notebook.page.wait_for_selector(".lw-layer-back", state="hidden")
    notebook.page.wait_for_timeout(800)  # the new layer's map (a transition)
    points = wait_for_explorer(notebook)

    client = to_client(notebook, points)
    index = isolated_point(client, map_box(notebook))
    notebook.page.mouse.move(*map(float, client[index]))
    notebook.page.wait_for_timeout(300)  # the map's hover test runs on the next frames
    click_and_wait_for_frame(notebook, *map(float, client[index]))
    assert notebook.page.inner_text(".lw-caption") == f"#{index} itself"
    assert notebook.kernel_value("explorer.decoded_index") == index
    frame = notebook.canvas_pixels("canvas.lw-frame")
    assert frame["data"] == notebook.kernel_value(
        f"explorer.decode_point({index}).ravel().tolist()")
    assert frame["data"] != notebook.kernel_value(  # not the map's inverse there
        f"explorer.decode_at(*explorer.points[{index}].tolist()).ravel().tolist()")

    gap = client[index] + np.array([12.0, 0.0])  # no point within 12 px of it: between points
    click_and_wait_for_frame(notebook, *map(float, gap))
    assert notebook.page.inner_text(".lw-caption").startswith("the map's inverse at (")
    assert notebook.kernel_value("explorer.decoded_index") == -1
