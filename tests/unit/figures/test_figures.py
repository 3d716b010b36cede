"""Every figure function takes ``ax=``, draws there and returns the Figure ``ax`` is in."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from latent_widgets.figures.explorer import explorer_figure  # noqa: E402
from latent_widgets.figures.interpolation import path_figure  # noqa: E402
from latent_widgets.figures.persistence import persistence_figure  # noqa: E402

ROWS = np.array([[0, 0.0, 0.4], [0, 0.0, np.inf], [1, 0.3, 1.2], [1, 0.5, 0.6]])


def layer_chart():
    """Betti numbers of two layers: a circle, then the circle squashed to a segment."""
    from latent_widgets.topology.layers import betti_by_layer

    t = np.random.default_rng(1).uniform(0, 2 * np.pi, 200)
    circle = np.c_[np.cos(t), np.sin(t)]
    return betti_by_layer({"input": circle, "fc": circle * [1.0, 0.0]}, maxdim=1)


def user_figure(cells: int):
    figure = Figure(figsize=(8, 4), layout="constrained")
    return figure, figure.subplots(1, cells, squeeze=False)[0]


def test_the_map_draws_into_the_given_axes():
    figure, (left, right) = user_figure(2)
    points = np.random.default_rng(0).normal(size=(30, 2))
    got = explorer_figure(points, labels=np.repeat([0, 1, 2], 10), class_names=["a", "b", "c"],
                          ax=right)
    assert got is figure and len(figure.axes) == 2
    assert len(right.collections) == 3 and not left.collections  # one scatter per class
    assert isinstance(explorer_figure(points), Figure)  # without ax: a Figure of its own


@pytest.mark.parametrize("view", ["diagram", "barcode"])
def test_a_persistence_panel_draws_into_the_given_axes(view):
    figure, (left, right) = user_figure(2)
    got = persistence_figure(view, ROWS, eps=0.5, ax=left, title="circle")
    assert got is figure and len(figure.axes) == 2
    assert left.has_data() and not right.has_data()
    assert left.get_title() == "circle"


def test_the_layer_chart_divides_the_cell_of_the_given_axes():
    chart = layer_chart()
    figure, (left, right) = user_figure(2)
    got = persistence_figure("layers", ROWS, layer_chart=chart, ax=right)
    assert got is figure
    assert right not in figure.axes and left in figure.axes
    panels = [ax for ax in figure.axes if ax is not left]
    assert len(panels) == len(chart["dims"]) == 2  # one panel per dimension, in its cell
    for panel in panels:
        assert panel.get_subplotspec().get_topmost_subplotspec() == right.get_subplotspec()
        assert panel.lines  # a line per series


def test_the_strip_divides_the_cell_of_the_given_axes():
    frames = np.zeros((5, 4, 4, 4), np.uint8)
    smoothness = np.array([0.1, 0.1, 0.9, 0.1])
    figure, (left, right) = user_figure(2)
    got = path_figure(frames, smoothness, threshold=0.5, ax=left)
    assert got is figure and left not in figure.axes
    assert len(figure.axes) == 1 + 5 + 1  # the other cell, five frames and the trace
    assert len(path_figure(frames, smoothness, 0.5).axes) == 6


def test_axes_outside_a_grid_are_refused_in_words_for_a_figure_of_panels():
    figure = Figure()
    loose = figure.add_axes((0.1, 0.1, 0.8, 0.8))
    with pytest.raises(ValueError, match="add_subplot, subplots or subplot_mosaic"):
        path_figure(np.zeros((3, 4, 4, 4), np.uint8), np.zeros(2), 0.5, ax=loose)
