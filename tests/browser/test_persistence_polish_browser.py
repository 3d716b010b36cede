"""The Persistence view's polish, in a real JupyterLab and headless Chromium: a crowded
barcode folds its shortest bars and a click finds the longest one, tooltips stay inside the
widget, linking starts without the Rips "hairball" on the map, the map check goes when the
points or the layer change, and nothing is cut off at three widths in both themes.

Set ``LW_PERSISTENCE_SHOTS`` to a folder to keep screenshots of the view at every width and
theme checked (for a person to look at).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.browser.explorer_page import RING_AND_BLOB, poll_kernel, wait_for_explorer
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

ROOT = ".lw-persistence"
# A loop in 8-D with noise in every direction: one long H1 bar among some 250 short ones.
CROWDED = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "rng = np.random.default_rng(0)\n"
    "t = rng.uniform(0, 2 * np.pi, 400)\n"
    "z = np.c_[np.cos(t), np.sin(t), np.zeros((400, 6))] + rng.normal(0, 0.15, (400, 8))\n"
    "ph = lw.Persistence(z.astype(np.float32), view='barcode')\n"
    "ph"
)
# A ring and a blob, in two layers ("late" the ring itself, "early" the ring stretched).
LINKED = (
    RING_AND_BLOB
    + "late = np.concatenate([ring, blob]).astype(np.float32)\n"
    "space = lw.LatentSpace.from_latents(late, labels=labels)\n"
    "space.by_layer = {'early': (late * [3, 1, 1]).astype(np.float32), 'late': late}\n"
    "space.layer = 'late'\n"
    "explorer = lw.Explorer(space, projection='pca', height=320)\n"
    "explorer",
    "ph = lw.Persistence(space)\nlinks = lw.link(explorer, ph)\nph",
)

# Where the tooltip is against the widget, after a hover at client (x, y).
_TOOLTIP = """() => {
  const root = document.querySelector(".lw-persistence");
  const tip = root.querySelector(".lw-persistence-tooltip");
  const r = tip.getBoundingClientRect();
  const o = root.getBoundingClientRect();
  return { hidden: tip.hidden, text: tip.textContent, feature: tip.dataset.feature ?? null,
    inside: r.left >= o.left - 0.5 && r.right <= o.right + 0.5 && r.top >= o.top - 0.5
      && r.bottom <= o.bottom + 0.5, left: r.left, right: r.right, rootRight: o.right };
}"""

# Every control and line of text of the view inside its box (nothing cut off).
_OUTSIDE = """() => {
  const root = document.querySelector(".lw-persistence");
  const o = root.getBoundingClientRect();
  const parts = [...root.querySelectorAll("button, select, input, label, canvas, p, .lw-note,"
    + " .lw-betti, .lw-selected, svg")].filter((el) => el.getBoundingClientRect().width > 0);
  return parts.filter((el) => {
    const r = el.getBoundingClientRect();
    return r.left < o.left - 0.5 || r.right > o.right + 0.5;
  }).map((el) => el.className.baseVal ?? el.className);
}"""


def view_call(notebook, code: str, *args):
    return notebook.page.evaluate(
        f"(args) => document.querySelector('{ROOT}').lwView.{code}", list(args))


def open_crowded(notebook, lab_server, name: str):
    write_notebook(lab_server.root / name, [CROWDED])
    notebook.open(name).run_all()
    notebook.wait_for(f"{ROOT}[data-state='ready'] canvas.lw-barcode")
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    notebook.page.locator(ROOT).scroll_into_view_if_needed()
    return np.array(notebook.kernel_value("ph.features.tolist()"))


def test_a_crowded_barcode_folds_the_short_bars_and_a_click_finds_the_longest(notebook,
                                                                               lab_server):
    features = open_crowded(notebook, lab_server, "crowded.ipynb")
    page = notebook.page
    h1 = np.flatnonzero(features[:, 0] == 1)
    assert len(h1) > 200  # hundreds of loops, nearly all noise
    longest = int(h1[np.argmax(features[h1, 2] - features[h1, 1])])
    folded = int(page.get_attribute("canvas.lw-barcode", "data-folded"))
    assert 0 < folded < len(h1)
    for dy in (0.0, -1.5, 1.5):  # the row is at least 4 px: a click near its middle finds it
        x, y = view_call(notebook, "featureToClient(args[0], 'barcode')", longest)
        page.mouse.click(x, y + dy)
        assert poll_kernel(notebook, "ph.selected_feature", lambda v: v == longest) == longest
        page.mouse.click(x, y + dy)  # a second click lets go
        assert poll_kernel(notebook, "ph.selected_feature", lambda v: v == -1) == -1
    # The infinite H0 bar reads too: its tooltip says it never dies.
    infinite = int(np.flatnonzero(~np.isfinite(features[:, 2]))[0])
    x, y = view_call(notebook, "featureToClient(args[0], 'barcode')", infinite)
    page.mouse.move(x, y)
    tip = page.evaluate(_TOOLTIP)
    assert not tip["hidden"] and "dies never" in tip["text"]


def test_tooltips_stay_inside_the_widget_at_its_right_edge(notebook, lab_server):
    features = open_crowded(notebook, lab_server, "edge.ipynb")
    page = notebook.page
    infinite = int(np.flatnonzero(~np.isfinite(features[:, 2]))[0])
    box = page.locator("canvas.lw-barcode").bounding_box()
    _, y = view_call(notebook, "featureToClient(args[0], 'barcode')", infinite)
    page.mouse.move(box["x"] + box["width"] - 20, y)  # the arrow end of the infinite bar
    tip = page.evaluate(_TOOLTIP)
    assert not tip["hidden"] and tip["feature"] == str(infinite), tip
    assert tip["inside"], tip
    assert tip["right"] < box["x"] + box["width"] - 20  # flipped to the left of the pointer
    assert tip["text"].endswith("persistence ∞")  # whole, not clipped

    notebook.kernel("ph.view = 'both'")
    page.wait_for_selector(f"{ROOT} .lw-plots[data-view='both']")
    top = int(np.argmax(np.where(np.isfinite(features[:, 2]), features[:, 2], -1)))
    x, y = view_call(notebook, "featureToClient(args[0], 'diagram')", top)
    page.mouse.move(x, y)
    tip = page.evaluate(_TOOLTIP)
    assert not tip["hidden"] and tip["inside"], tip


def open_linked(notebook, lab_server, name: str):
    write_notebook(lab_server.root / name, list(LINKED))
    notebook.open(name).run_all()
    wait_for_explorer(notebook)
    notebook.wait_for(f"{ROOT}[data-state='ready'] canvas.lw-diagram")
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")


def test_linking_starts_without_the_rips_edges_and_the_box_draws_them(notebook, lab_server):
    open_linked(notebook, lab_server, "hairball.ipynb")
    page = notebook.page
    assert notebook.kernel_value("len(explorer.rips_edges)") > 100
    assert page.get_attribute(".lw-map", "data-rips-edges-drawn") == "0"
    box = page.locator("input.lw-map-edges-box")
    box.scroll_into_view_if_needed()
    assert box.is_visible() and not box.is_checked()
    assert "ε" in page.locator("label.lw-map-edges").get_attribute("title")
    box.check()
    assert poll_kernel(notebook, "ph.map_edges", lambda v: v) is True
    page.wait_for_function(
        "() => Number(document.querySelector('.lw-map').dataset.ripsEdgesDrawn) > 0")
    box.uncheck()
    page.wait_for_function(
        "() => document.querySelector('.lw-map').dataset.ripsEdgesDrawn === '0'")


def test_the_map_check_goes_when_the_scope_or_the_layer_changes(notebook, lab_server):
    open_linked(notebook, lab_server, "stale.ipynb")
    page = notebook.page
    section = page.locator(".lw-map-check")

    def check() -> str:
        button = page.locator("button.lw-map-check-button")
        button.scroll_into_view_if_needed()
        button.click()
        section.wait_for(state="visible", timeout=120_000)
        return page.locator(".lw-map-check-about").inner_text()

    about = check()
    shots = os.environ.get("LW_PERSISTENCE_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.locator(".lw-map-check").screenshot(path=str(Path(shots) / "map-check.png"))
        page.locator(f"{ROOT} .lw-toolbar").screenshot(path=str(Path(shots) / "toolbar.png"))
    assert "layer 'late'" in about and "all 200 points" in about
    assert "against the map shown" in about
    select = page.locator("select.lw-scope-select")
    select.select_option("class:1")  # "ring"
    poll_kernel(notebook, "ph.info['n_points']", lambda n: n == 150)
    section.wait_for(state="hidden")
    assert notebook.kernel_value("ph.map_check") == {}
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    about = check()
    assert "class ring (150 points)" in about
    notebook.kernel("ph.layer = 'early'")
    section.wait_for(state="hidden")
    assert notebook.kernel_value("ph.map_check") == {}


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_nothing_is_cut_off_at_three_widths_in_both_themes(notebook, lab_server, theme):
    slug = theme.split()[-1].lower()
    write_notebook(lab_server.root / f"widths_{slug}.ipynb", [CROWDED.replace(
        "view='barcode'", "view='both'")])
    notebook.open(f"widths_{slug}.ipynb").run_all()
    notebook.wait_for(f"{ROOT}[data-state='ready'] canvas.lw-barcode")
    poll_kernel(notebook, "ph.status['state']", lambda s: s == "ready")
    page = notebook.page
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme',"
                  " { theme })", theme)
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft();"
                  " window.jupyterapp.shell.collapseRight(); }")
    page.wait_for_function("(dark) => document.body.dataset.jpThemeLight === String(!dark)",
                           arg=theme.endswith("Dark"))
    features = np.array(notebook.kernel_value("ph.features.tolist()"))
    infinite = int(np.flatnonzero(~np.isfinite(features[:, 2]))[0])
    shots = os.environ.get("LW_PERSISTENCE_SHOTS")
    try:
        for width in (1400, 1000, 640):
            page.set_viewport_size({"width": width, "height": 1000})
            page.wait_for_timeout(600)  # the view relays out on resize
            page.locator(ROOT).scroll_into_view_if_needed()
            assert page.evaluate(_OUTSIDE) == [], width
            help_line = page.locator(f"{ROOT} .lw-help")
            assert "drag ε" in help_line.inner_text()
            box = page.locator("canvas.lw-barcode").bounding_box()
            _, y = view_call(notebook, "featureToClient(args[0], 'barcode')", infinite)
            page.mouse.move(box["x"] + box["width"] - 8, y)
            tip = page.evaluate(_TOOLTIP)
            assert not tip["hidden"] and tip["inside"], (width, tip)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.locator(ROOT).screenshot(path=str(Path(shots) / f"{slug}-{width}.png"))
            page.mouse.move(0, 0)
    finally:  # the theme is a setting of the server: give the next test the light one
        page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme',"
                      " { theme: 'JupyterLab Light' })")
