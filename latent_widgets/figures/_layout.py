"""Where a figure function draws: into the ``ax=`` it was given, or a new Figure of its own.

Single-panel figures draw into ``ax``. A figure of several panels (Betti numbers by layer,
the strip of frames over its trace) divides the cell of ``ax`` into its own grid, so it fits
in a user's layout all the same; ``ax`` must then come from a grid (``add_subplot``,
``subplots``, ``subplot_mosaic``).
"""

from __future__ import annotations

import functools
import io
from typing import Any

#: Resolution of the image a figure shows as in a notebook.
INLINE_DPI = 100


@functools.cache
def inline_figure_class() -> type:
    """`matplotlib.figure.Figure` that also shows as a PNG in a notebook, pyplot or not.

    A bare Figure shows as ``<Figure size 600x500 with 1 Axes>`` in a fresh kernel until
    pyplot has drawn once (Jupyter's display formatter for figures is registered by the
    inline backend); ``_repr_png_`` makes IPython show the image in JupyterLab, Notebook 7,
    Voila and nbconvert alike. Made on first use: matplotlib loads only when a figure does.
    """
    from matplotlib.figure import Figure

    class InlineFigure(Figure):
        """A matplotlib Figure that displays as an image in a notebook."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=INLINE_DPI, bbox_inches="tight")
            return buffer.getvalue()

    return InlineFigure


def new_figure(figsize: tuple[float, float]) -> Any:
    """A constrained-layout `inline_figure_class` Figure of ``figsize`` inches."""
    return inline_figure_class()(figsize=figsize, layout="constrained")


def single_axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    """(figure, axes): ``ax`` and its figure, or a new constrained-layout Figure's one axes."""
    if ax is not None:
        return ax.figure, ax
    figure = new_figure(figsize)
    return figure, figure.add_subplot()


def grid(ax: Any, figsize: tuple[float, float], nrows: int, ncols: int, **options: Any
         ) -> tuple[Any, Any]:
    """(figure, gridspec) of ``nrows`` x ``ncols`` cells: the cell of ``ax`` divided (``ax``
    is removed), or the whole of a new Figure."""
    if ax is None:
        figure = new_figure(figsize)
        return figure, figure.add_gridspec(nrows, ncols, **options)
    spec = ax.get_subplotspec()
    if spec is None:
        raise ValueError("this figure has several panels: pass an ax made by add_subplot, "
                         "subplots or subplot_mosaic (its cell is divided), or no ax")
    figure = ax.figure
    ax.remove()
    return figure, spec.subgridspec(nrows, ncols, **options)
