"""Constants both sides use come from one file, latent_widgets/constants.json.

Python reads it in latent_widgets/_constants.py and the views import it
(js/src/shared/constants.js; js/tests/constants.test.js checks the JS side).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from latent_widgets import _constants
from latent_widgets.figures.colors import CATEGORY_PALETTE, DIMENSION_COLORS

ROOT = Path(__file__).resolve().parents[2]
JSON = ROOT / "latent_widgets" / "constants.json"
JS = ROOT / "js" / "src"


def raw():
    return json.loads(JSON.read_text())


def test_python_reads_every_constant_from_the_json():
    data = raw()
    assert _constants.CATEGORY_PALETTE == data["category_palette"] == CATEGORY_PALETTE
    palette, codes = data["category_palette"], data["dimension_palette_codes"]
    assert DIMENSION_COLORS == [palette[c] for c in codes]
    assert _constants.PROJECTION_NAMES == tuple(k for k, _ in data["projections"])
    assert _constants.PERSISTENCE_VIEWS == tuple(k for k, _ in data["persistence_views"])
    assert _constants.INTERPOLATION_METHODS == tuple(k for k, *_ in data["interpolation_methods"])
    assert (_constants.MIN_STEPS, _constants.MAX_STEPS) == (data["min_steps"], data["max_steps"])


def test_the_widgets_offer_what_the_json_lists():
    import latent_widgets as lw
    from latent_widgets.paths import METHODS
    from latent_widgets.projection.latent_map import PROJECTIONS

    assert tuple(lw.Persistence.view.values) == _constants.PERSISTENCE_VIEWS
    assert tuple(lw.Interpolation.method.values) == _constants.INTERPOLATION_METHODS == METHODS
    assert tuple(PROJECTIONS) == _constants.PROJECTION_NAMES


def test_the_views_import_the_json_and_copy_none_of_it():
    shared = (JS / "shared" / "constants.js").read_text()
    assert 'from "../../../latent_widgets/constants.json"' in shared
    copies = [path.relative_to(JS) for path in JS.rglob("*.js")
              if re.search(r'"#f28e2b"|"#e15759"|"#4e79a7"', path.read_text())]
    assert copies == [], f"palette colours hard-coded in {copies}: import shared/constants.js"


def test_the_bundles_carry_the_json():
    for view in ("explorer", "persistence", "interpolation"):
        bundle = (ROOT / "latent_widgets" / "static" / f"{view}.js").read_text()
        assert CATEGORY_PALETTE[2] in bundle, view


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
