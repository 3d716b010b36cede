"""Constants both sides use are the same in Python and in the JS views."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from latent_widgets.colors import CATEGORY_PALETTE, DIMENSION_COLORS

JS = Path(__file__).resolve().parents[2] / "js" / "src"


def js_list(path: Path, name: str) -> list[str]:
    text = path.read_text()
    body = re.search(rf"export const {name} = \[(.*?)\];", text, re.DOTALL).group(1)
    return re.findall(r'"(#[0-9a-f]{6})"', body)


def test_the_category_palette_is_the_views():
    assert js_list(JS / "shared" / "colors.js", "CATEGORY_PALETTE") == CATEGORY_PALETTE


def test_the_dimension_colours_are_the_views():
    text = (JS / "persistence" / "theme.js").read_text()
    body = re.search(r"export const DIM_COLORS = \[(.*?)\];", text).group(1)
    codes = [int(c) for c in re.findall(r"categoryColor\((\d+)\)", body)]
    assert [CATEGORY_PALETTE[c] for c in codes] == DIMENSION_COLORS


def test_the_figures_draw_h1_in_the_views_colour():
    import matplotlib

    matplotlib.use("Agg")
    import latent_widgets as lw

    t = np.random.default_rng(0).uniform(0, 2 * np.pi, 200)
    ph = lw.Persistence(np.c_[np.cos(t), np.sin(t)], maxdim=1)
    figure = ph.wait().figure("diagram")
    colours = {matplotlib.colors.to_hex(c) for ax in figure.axes for coll in ax.collections
               for c in np.atleast_2d(coll.get_facecolor())}
    assert DIMENSION_COLORS[1] in colours
    assert "#f28e2b" not in colours  # the old, drifted H1 colour
