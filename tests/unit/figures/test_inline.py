"""A figure of a view shows as an image in a notebook and is a plain matplotlib Figure."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from latent_widgets.figures.explorer import explorer_figure


def test_a_new_figure_is_a_figure_with_a_png_of_itself():
    figure = explorer_figure(np.random.default_rng(0).normal(size=(20, 2)))
    assert isinstance(figure, Figure)
    png = figure._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000


def test_a_figure_drawn_into_a_users_axes_is_the_users():
    user = Figure()
    ax = user.add_subplot()
    assert explorer_figure(np.zeros((3, 2)), ax=ax) is user
    assert type(user) is Figure  # nothing of ours is forced onto the user's figure
