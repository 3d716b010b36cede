"""The Explorer's map as a matplotlib Figure (or into a given ``ax``), for papers and print."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from latent_widgets.figures._layout import single_axes
from latent_widgets.figures.colors import NUMERIC_COLORMAP, category_color, palette_note


def explorer_figure(
    points: np.ndarray,
    *,
    labels: np.ndarray | None = None,
    class_names: Sequence[str] = (),
    hidden_classes: Sequence[int] = (),
    color_values: np.ndarray | None = None,
    color_range: Sequence[float] = (),
    selection: np.ndarray | None = None,
    marker: Sequence[float] | None = None,
    title: str = "",
    point_size: float = 4.0,
    opacity: float = 0.8,
    figsize: tuple[float, float] = (6.0, 5.0),
    ax=None,
):
    """Draw a map of 2-D points with the Explorer's colours.

    Parameters
    ----------
    points : numpy.ndarray
        ``(n, 2)`` positions.
    labels, class_names, hidden_classes
        Categorical colours (with a legend); hidden classes are left out.
    color_values, color_range
        Numeric colours in [0, 1] and the range they stand for (a colour bar).
    selection : numpy.ndarray, optional
        Indices drawn with a dark ring.
    marker : (x, y), optional
        The decoded position, drawn as a cross.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (``figsize`` is then unused); by default a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    figure, axes = single_axes(ax, figsize)
    size = max(point_size, 1.0) ** 2
    visible = np.ones(len(points), dtype=bool)
    if labels is not None and len(hidden_classes):
        visible &= ~np.isin(labels, list(hidden_classes))
    _draw_coloured_points(figure, axes, points, visible, size, opacity, labels=labels,
                          class_names=class_names, color_values=color_values,
                          color_range=color_range)
    if selection is not None and len(selection):
        axes.scatter(points[selection, 0], points[selection, 1], s=size * 3, facecolors="none",
                     edgecolors="#222222", linewidths=0.8, label="selection")
    if marker is not None:
        axes.plot([marker[0]], [marker[1]], marker="x", markersize=10, color="#111111")
    axes.set_aspect("equal", adjustable="datalim")
    axes.set_title(title)
    axes.set_xticks([])
    axes.set_yticks([])
    return figure


def _draw_coloured_points(figure, axes, points, visible, size, opacity, *, labels,
                          class_names, color_values, color_range) -> None:
    """The ``visible`` points, coloured as the Explorer colours them: by value (with a colour
    bar), by class (with a legend), or in the first category colour."""
    if color_values is not None:
        low, high = (list(color_range) + [0.0, 1.0])[:2]
        art = axes.scatter(
            points[visible, 0], points[visible, 1], s=size, alpha=opacity, linewidths=0,
            c=low + color_values[visible] * (high - low), cmap=NUMERIC_COLORMAP,
            vmin=low, vmax=high,
        )
        figure.colorbar(art, ax=axes)
    elif labels is not None:
        for code, name in enumerate(class_names):
            rows = visible & (labels == code)
            if rows.any():
                axes.scatter(points[rows, 0], points[rows, 1], s=size, alpha=opacity,
                             linewidths=0, color=category_color(code), label=name)
        legend = axes.legend(loc="best", fontsize="small", markerscale=2, frameon=False)
        note = palette_note(len(class_names))
        if note:
            legend.set_title(note, prop={"size": "small"})
    else:
        axes.scatter(points[visible, 0], points[visible, 1], s=size, alpha=opacity,
                     linewidths=0, color=category_color(0))
