"""Where a figure function draws: into the ``ax=`` it was given, or a new Figure of its own.

Single-panel figures draw into ``ax``. A figure of several panels (Betti numbers by layer,
the strip of frames over its trace) divides the cell of ``ax`` into its own grid, so it fits
in a user's layout all the same; ``ax`` must then come from a grid (``add_subplot``,
``subplots``, ``subplot_mosaic``).
"""

from __future__ import annotations

from typing import Any


def single_axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    """(figure, axes): ``ax`` and its figure, or a new constrained-layout Figure's one axes."""
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def grid(ax: Any, figsize: tuple[float, float], nrows: int, ncols: int, **options: Any
         ) -> tuple[Any, Any]:
    """(figure, gridspec) of ``nrows`` x ``ncols`` cells: the cell of ``ax`` divided (``ax``
    is removed), or the whole of a new Figure."""
    if ax is None:
        from matplotlib.figure import Figure

        figure = Figure(figsize=figsize, layout="constrained")
        return figure, figure.add_gridspec(nrows, ncols, **options)
    spec = ax.get_subplotspec()
    if spec is None:
        raise ValueError("this figure has several panels: pass an ax made by add_subplot, "
                         "subplots or subplot_mosaic (its cell is divided), or no ax")
    figure = ax.figure
    ax.remove()
    return figure, spec.subgridspec(nrows, ncols, **options)
