"""An interpolation as a matplotlib Figure: the decoded frames over their smoothness trace."""

from __future__ import annotations

import numpy as np

from latent_widgets.figures._layout import grid as cells
from latent_widgets.figures.colors import category_color


def path_figure(frames: np.ndarray, smoothness: np.ndarray, threshold: float,
                title: str = "", figsize: tuple[float, float] | None = None, ax=None):
    """The strip of frames over the smoothness trace, as a matplotlib Figure.

    Parameters
    ----------
    frames : (n, H, W, 4) uint8
        Decoded steps.
    smoothness : (n - 1,) array
        Distance between consecutive frames.
    threshold : float
        Jumps above it are marked (the path leaves the data).
    title : str
        Figure title.
    figsize : (float, float), optional
        Size in inches (default: wide enough for the strip).
    ax : matplotlib.axes.Axes, optional
        Draw in the cell of these axes (divided into the frames over the trace); by default
        a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new Figure, or the one ``ax`` belongs to.
    """
    n = len(frames)
    own = ax is None
    figure, grid = cells(ax, figsize or (max(4.0, 0.8 * n), 2.8), 2, n, height_ratios=[1.0, 0.8])
    for i, frame in enumerate(frames):
        ax = figure.add_subplot(grid[0, i])
        ax.imshow(frame, interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(str(i), fontsize="x-small")
    trace = figure.add_subplot(grid[1, :])
    gaps = np.arange(len(smoothness)) + 0.5
    trace.plot(gaps, smoothness, marker="o", color=category_color(0), lw=1.5)
    jumps = smoothness > threshold
    trace.plot(gaps[jumps], smoothness[jumps], "o", color=category_color(2),
               label="leaves the data")
    if threshold > 0:
        trace.axhline(threshold, color="0.5", ls="--", lw=1)
    trace.set(xlim=(-0.5, n - 0.5), xlabel="step", ylabel="frame change")
    if jumps.any():
        trace.legend(fontsize="x-small")
    if title:
        (figure.suptitle if own else trace.set_title)(title, fontsize="small")
    return figure
