"""The views' static pictures: what is drawn where, in which colour."""

from __future__ import annotations

import warnings

import numpy as np

from latent_widgets.figures.colors import CATEGORY_PALETTE, DIMENSION_COLORS
from latent_widgets.figures.snapshot import (
    diagram_picture,
    map_picture,
    rgb,
    stacked,
    strip_picture,
    to_png,
)
from latent_widgets.widgets._base import with_picture


def test_the_map_puts_each_point_where_it_is_in_its_class_colour():
    points = np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5]])
    image = map_picture(points, np.array([0, 1, 2]), width=100, height=100, margin=10)
    # fitted into 80 px with the aspect kept, y up: (0, 0) at the bottom left
    np.testing.assert_array_equal(image[90, 10], rgb(CATEGORY_PALETTE[0]))
    np.testing.assert_array_equal(image[10, 90], rgb(CATEGORY_PALETTE[1]))
    np.testing.assert_array_equal(image[50, 50], rgb(CATEGORY_PALETTE[2]))
    assert (image[0, 0] == 255).all()  # paper elsewhere


def test_the_diagram_draws_the_diagonal_and_each_feature_in_its_dimensions_colour():
    features = np.array([[0, 0.0, np.inf], [1, 0.5, 1.0]])
    image = diagram_picture(features, size=110, margin=5)
    inner = 100
    np.testing.assert_array_equal(image[110 - 5 - 50, 5 + 50, :3], [120, 120, 120])  # diagonal
    x, y = round(5 + 0.5 * (inner - 1)), round(110 - 5 - 1.0 * (inner - 1))
    np.testing.assert_array_equal(image[y, x], rgb(DIMENSION_COLORS[1]))
    np.testing.assert_array_equal(image[5, 5], rgb(DIMENSION_COLORS[0]))  # never dies: top


def test_the_strip_lays_frames_side_by_side_and_pictures_stack():
    frames = np.zeros((3, 2, 2, 4), np.uint8)
    frames[1] = 200
    strip = strip_picture(frames, height=4, gap=1)
    assert strip.shape == (4, 3 * 4 + 2, 4)
    assert (strip[:, 5:9] == 200).all() and (strip[:, 4] == 255).all()
    both = stacked([strip, np.zeros((2, 3, 4), np.uint8)], gap=2)
    assert both.shape == (8, 14, 4) and (both[6:8, :3] == 0).all() and (both[6:, 3:] == 255).all()
    assert to_png(strip)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_picture_that_fails_leaves_the_view_alone_and_says_so():
    class Broken:
        def _picture(self):
            raise ValueError("no points")

    data = {"text/plain": "view"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert with_picture(data, Broken()) == data
        assert with_picture((data, {}), Broken()) == (data, {})
    assert "no static picture of the view: ValueError: no points" in str(caught[0].message)
