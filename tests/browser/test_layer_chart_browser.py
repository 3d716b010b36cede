"""The Persistence view's chart of Betti numbers by layer, in a real JupyterLab and headless
Chromium: a panel per homology dimension with a line per class, the input column first, a
click on a column switching ``ph.layer``, and nothing clipped at narrow and wide widths in
the light and dark themes.

Set ``LW_LAYER_CHART_SHOTS`` to a folder to keep screenshots of the chart at every width and
theme checked (for a person to look at).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from latent_widgets.figures.colors import CATEGORY_PALETTE
from tests.browser.explorer_page import poll_kernel
from tests.browser.lab import write_notebook

pytestmark = pytest.mark.browser

CHART = ".lw-persistence .lw-layer-chart"
# Two classes whose topology simplifies on the way through, as in Naitzat et al. (2020):
# "rings" is three annuli (β = (3, 3)) and "pair" two (β = (2, 2)) at the input; in the
# hidden layer each class is one blob (β = (1, 0)).
SETUP = (
    "import numpy as np\n"
    "import latent_widgets as lw\n"
    "rng = np.random.default_rng(0)\n"
    "def annulus(n, centre):\n"
    "    t, r = rng.uniform(0, 2 * np.pi, n), np.sqrt(rng.uniform(0.25, 1.0, n))\n"
    "    return np.c_[centre[0] + r * np.cos(t), centre[1] + r * np.sin(t)]\n"
    "rings = np.r_[annulus(150, (0, 0)), annulus(150, (3, 0)), annulus(150, (0, 3))]\n"
    "pair = np.r_[annulus(150, (6, 6)), annulus(150, (9, 6))]\n"
    "x = np.r_[rings, pair].astype(np.float32)\n"
    "labels = np.r_[np.zeros(450, int), np.ones(300, int)]\n"
    "hidden = np.r_[rng.normal(0, 0.3, (450, 2)), rng.normal(5, 0.3, (300, 2))]\n"
    "hidden = hidden.astype(np.float32)\n"
    "space = lw.LatentSpace.from_latents(hidden, labels=labels, class_names=['rings', 'pair'])\n"
    "space.by_layer = {'input': x, 'hidden': hidden}\n"
    "space.layer = 'hidden'\n"
    "ph = lw.Persistence(space)\n"
    "ph"
)

# Every text of the chart, and the chart itself, inside the widget's box (nothing clipped),
# and the colours the page gives the chart's text.
_GEOMETRY = """(selector) => {
  const chart = document.querySelector(selector);
  const root = chart.closest(".lw-persistence");
  const box = (el) => el.getBoundingClientRect();
  const outer = box(root);
  const inside = (r) => r.left >= outer.left - 0.5 && r.right <= outer.right + 0.5
    && r.top >= outer.top - 0.5 && r.bottom <= outer.bottom + 0.5;
  const parts = [...chart.querySelectorAll("svg text, .lw-layer-chart-head, .lw-legend-item,"
    + " .lw-layer-chart-scale")].filter((el) => box(el).width > 0);
  const outside = parts.filter((el) => !inside(box(el))).map((el) => el.textContent);
  const tick = chart.querySelector("text.lw-layer-tick");
  return {
    outside,
    parts: parts.length,
    svgWidth: box(chart.querySelector("svg")).width,
    rootWidth: outer.width,
    overflowing: chart.scrollWidth > chart.clientWidth + 1,
    textColor: getComputedStyle(tick).fill,
    dark: document.body.dataset.jpThemeLight === "false",
  };
}"""


_FITS = """(selector) => {
  const chart = document.querySelector(selector);
  const root = chart.closest(".lw-persistence");
  return chart.querySelector("svg").getBoundingClientRect().width
    <= root.getBoundingClientRect().width + 0.5;
}"""


def open_chart(notebook, lab_server, name: str):
    write_notebook(lab_server.root / name, [SETUP])
    notebook.open(name).run_all()
    notebook.wait_for(f"{CHART} svg .lw-layer-panel", timeout=120_000)
    notebook.page.locator(CHART).scroll_into_view_if_needed()
    return notebook.kernel_value("ph.layer_chart")


def lightness(css_color: str) -> float:
    r, g, b = (float(v) for v in css_color[css_color.index("(") + 1:].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_each_panel_draws_a_line_per_class_with_the_input_first(notebook, lab_server):
    chart = open_chart(notebook, lab_server, "layer_chart.ipynb")
    assert chart["layers"] == ["input", "hidden"] and chart["classes"] == ["rings", "pair"]
    # the effect the chart is for: each class simplifies to one piece without loops
    assert chart["per_class"][0] == [[3, 3], [1, 0]]
    assert chart["per_class"][1] == [[2, 2], [1, 0]]
    page = notebook.page
    panels = page.locator(f"{CHART} .lw-layer-panel")
    assert [panels.nth(i).get_attribute("data-dim") for i in range(panels.count())] == ["0", "1"]
    for i in range(panels.count()):
        lines = panels.nth(i).locator("polyline.lw-class-line")
        assert lines.count() == 2
        assert [lines.nth(k).get_attribute("stroke") for k in range(2)] == CATEGORY_PALETTE[:2]
        assert panels.nth(i).locator("polyline.lw-all-line").get_attribute(
            "data-role") == "secondary"
        # the rings' line falls from 3 at the input: its first point is the higher on screen
        points = lines.nth(0).get_attribute("points").split()
        heights = [float(p.split(",")[1]) for p in points]
        assert heights[0] < heights[1] - 20
    ticks = page.locator(f"{CHART} text.lw-layer-tick")
    assert [ticks.nth(i).text_content() for i in range(ticks.count())] == ["input", "hidden"]
    xs = [ticks.nth(i).bounding_box()["x"] for i in range(2)]
    assert xs[0] < xs[1]
    legend = page.locator(f"{CHART} .lw-legend-item")
    assert [legend.nth(i).text_content() for i in range(3)] == ["rings", "pair", "all points"]
    active = page.locator(f"{CHART} rect.lw-layer-column[data-active='true']")
    assert active.get_attribute("data-layer") == "hidden"
    assert "Real features only" in page.inner_text(f"{CHART} .lw-layer-chart-scale")

    page.locator(f"{CHART} rect.lw-layer-column[data-layer='input']").click()
    assert poll_kernel(notebook, "ph.layer", lambda v: v == "input") == "input"
    page.wait_for_selector(f"{CHART} rect.lw-layer-column[data-layer='input'][data-active='true']",
                           state="attached", timeout=30_000)
    assert poll_kernel(notebook, "ph.info.get('layer')", lambda v: v == "input") == "input"

    legend.nth(0).click()  # hide the rings: one class line per panel is left
    assert page.locator(f"{CHART} polyline.lw-class-line").count() == 2
    assert legend.nth(0).get_attribute("aria-pressed") == "false"


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_nothing_is_clipped_from_narrow_to_wide_in_both_themes(notebook, lab_server, theme):
    slug = theme.split()[-1].lower()
    open_chart(notebook, lab_server, f"layer_chart_{slug}.ipynb")
    page = notebook.page
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme',"
                  " { theme })", theme)
    page.evaluate("() => { window.jupyterapp.shell.collapseLeft();"
                  " window.jupyterapp.shell.collapseRight(); }")  # the notebook gets the width
    dark = theme.endswith("Dark")
    page.wait_for_function("(dark) => document.body.dataset.jpThemeLight === String(!dark)",
                           arg=dark)
    try:
        shots = os.environ.get("LW_LAYER_CHART_SHOTS")
        for width in (400, 800, 1200):
            page.set_viewport_size({"width": width, "height": 900})
            # the view redraws on resize: wait until the chart fits its widget again
            page.wait_for_function(_FITS, arg=CHART)
            page.wait_for_timeout(300)
            page.locator(CHART).scroll_into_view_if_needed()
            geometry = page.evaluate(_GEOMETRY, CHART)
            assert geometry["parts"] > 10 and geometry["outside"] == [], (width, geometry)
            assert not geometry["overflowing"], (width, geometry)
            assert geometry["dark"] == dark
            ink = lightness(geometry["textColor"])
            assert ink > 0.6 if dark else ink < 0.4, geometry["textColor"]
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.locator(CHART).screenshot(path=str(Path(shots) / f"{slug}-{width}.png"))
    finally:  # the theme is a setting of the server: give the next test the light one
        page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme',"
                      " { theme: 'JupyterLab Light' })")
