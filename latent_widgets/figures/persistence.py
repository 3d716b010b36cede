"""The Persistence widget's views as matplotlib Figures, for papers and print."""

from __future__ import annotations

import numpy as np

from latent_widgets.figures._layout import grid, single_axes
from latent_widgets.figures.colors import DIMENSION_COLORS, category_color

DIM_COLORS = DIMENSION_COLORS  # H0, H1, H2: the view's colours


def _diagram(ax, rows: np.ndarray, eps: float, error_bound: float) -> None:
    finite = rows[:, 1:][np.isfinite(rows[:, 1:])]
    top = float(finite.max()) * 1.05 if finite.size and finite.max() > 0 else 1.0
    inf_y = top * 1.04
    ax.plot([0, top], [0, top], color="0.4", lw=1)
    if error_bound > 0:
        ax.fill_between([0, top], [0, top], [2 * error_bound, top + 2 * error_bound],
                        color="0.85", label=f"error band (2·{error_bound:.3g})")
    for dim in np.unique(rows[:, 0]).astype(int):
        part = rows[rows[:, 0] == dim]
        deaths = np.where(np.isfinite(part[:, 2]), part[:, 2], inf_y)
        ax.scatter(part[:, 1], deaths, s=14, color=DIM_COLORS[dim % 3], label=f"H{dim}",
                   zorder=3)
    ax.axhline(inf_y, color="0.5", lw=0.8, ls="--")
    ax.text(0, inf_y, " ∞", va="bottom", color="0.3")
    if eps > 0:
        ax.axvline(eps, color="#e15759", lw=1)
        ax.axhline(eps, color="#e15759", lw=1, label=f"ε = {eps:.3g}")
    ax.set(xlim=(0, top), ylim=(0, inf_y * 1.04), xlabel="birth", ylabel="death",
           aspect="equal")
    ax.legend(loc="lower right", fontsize="small")


def _barcode(ax, rows: np.ndarray, eps: float, error_bound: float) -> None:
    finite = rows[:, 1:][np.isfinite(rows[:, 1:])]
    right = float(finite.max()) * 1.1 if finite.size and finite.max() > 0 else 1.0
    for y, (dim, birth, death) in enumerate(rows):
        end = death if np.isfinite(death) else right
        faded = np.isfinite(death) and death - birth < 2 * error_bound
        ax.plot([birth, end], [y, y], color=DIM_COLORS[int(dim) % 3], lw=2,
                alpha=0.35 if faded else 1.0, solid_capstyle="butt")
        if not np.isfinite(death):
            ax.annotate("", xy=(right, y), xytext=(right * 0.97, y),
                        arrowprops={"arrowstyle": "->", "color": DIM_COLORS[int(dim) % 3]})
    if eps > 0:
        ax.axvline(eps, color="#e15759", lw=1, label=f"ε = {eps:.3g}")
        ax.legend(loc="lower right", fontsize="small")
    ax.set(xlim=(0, right * 1.02), ylim=(len(rows), -1), xlabel="scale", yticks=[])
    for dim in np.unique(rows[:, 0]).astype(int):
        first = int(np.argmax(rows[:, 0] == dim))
        ax.text(0, first, f"H{dim} ", ha="right", va="top", color=DIM_COLORS[dim % 3])


DIM_NAMES = ["pieces", "loops", "voids"]


def _series(chart: dict, which: int) -> list[dict]:
    """The lines of panel ``which`` (an index into ``chart["dims"]``): one per class, then
    all points; each with its values and the sweep's low and high per layer."""
    def line(rows, ranges, **fields):
        values = np.array([row[which] for row in rows], dtype=float)
        spread = np.array([r[which] for r in ranges], dtype=float).reshape(-1, 2) if ranges \
            else np.c_[values, values]
        return {**fields, "values": values, "low": np.minimum(values, spread[:, 0]),
                "high": np.maximum(values, spread[:, 1])}

    classes = chart.get("classes", [])
    codes = chart.get("codes", range(len(classes)))
    ranges = chart.get("per_class_range") or [None] * len(classes)
    lines = [line(rows, spread, name=name, color=category_color(code), all=False)
             for code, name, rows, spread in zip(codes, classes, chart["per_class"], ranges,
                                                  strict=True) if len(rows)]
    lines.append(line(chart["all"], chart.get("all_range"), name="all points", color=None,
                      all=True))
    return lines


def _panel_top(lines: list[dict]) -> tuple[float, bool]:
    """Top of a panel's scale and whether "all points" is clipped: the classes set the scale;
    all points join it when of the same size (at most twice the classes' top, or 3), as in the
    view (js/src/persistence/layer-chart-layout.js, ``panelTop``)."""
    all_top = max(float(np.max(line["high"])) for line in lines if line["all"])
    class_tops = [float(np.max(line["high"])) for line in lines if not line["all"]]
    if not class_tops:
        return max(1.0, all_top), False
    class_top = max(1.0, *class_tops)
    if all_top <= max(3.0, 2 * class_top):
        return max(class_top, all_top), False
    return class_top, True


def _integer_ticks(top: float, count: int = 6) -> list[int]:
    """Integer ticks from 0 to at least ``top``, at most ``count``, on steps of 1, 2, 5, 10,
    20, ... (the view's ``integerTicks``)."""
    high = max(1, int(np.ceil(top)))
    power = 1
    while True:
        for step in (power, 2 * power, 5 * power):
            if -(-high // step) <= count - 1:
                return list(range(0, -(-high // step) * step + 1, step))
        power *= 10


def _layer_panel(ax, lines: list[dict], dim: int, active: int) -> None:
    """One homology dimension: a line and a band per class, all points dashed and grey
    (black and solid without classes), values above the scale marked at its top."""
    top, clip_all = _panel_top(lines)
    ticks = _integer_ticks(top)
    top = ticks[-1]
    ceiling = top * 1.16  # values off the scale sit here, above the highest tick
    x = np.arange(len(lines[0]["values"]), dtype=float)
    has_classes = len(lines) > 1
    step = min(0.06, 0.3 / max(1, len(lines) - 1))
    for k, line in enumerate([lines[-1], *lines[:-1]]):  # all points behind
        dx = x + (k - (len(lines) - 1) / 2) * step
        color = line["color"] or ("0.45" if has_classes else "black")
        secondary = line["all"] and has_classes
        over = line["values"] > top
        if np.any(line["low"] < line["high"]):
            ax.fill_between(dx, np.minimum(line["low"], top), np.minimum(line["high"], top),
                            color=color, alpha=0.12 if line["all"] else 0.18, lw=0)
        ax.plot(dx, np.where(over, ceiling, line["values"]), color=color,
                lw=1.3 if secondary else 2.2 if line["all"] else 1.8,
                ls="--" if secondary else "-", marker="o", ms=3 if secondary else 4.5,
                markevery=[int(i) for i in np.flatnonzero(~over)], label=line["name"], zorder=3)
        for xi, v in zip(dx[over], line["values"][over], strict=True):
            ax.plot([xi], [ceiling], marker="^", ms=5, color=color, ls="none", zorder=3)
            ax.annotate(f"{v:g}", (xi, ceiling), xytext=(5, 0), textcoords="offset points",
                        va="center", fontsize="x-small", color=color)
    if 0 <= active < len(x):
        ax.axvspan(active - 0.5, active + 0.5, color="0.5", alpha=0.12, lw=0, zorder=0)
    ax.set_yticks(ticks)
    ax.set_ylim(-0.08 * top, top * (1.26 if clip_all else 1.08))
    ax.set_title(f"β{dim} · {DIM_NAMES[dim] if dim < 3 else f'dimension {dim}'}",
                 loc="left", fontsize="small")
    ax.grid(axis="y", color="0.9", lw=0.8)
    ax.set_axisbelow(True)


def _layers(ax, chart: dict, figsize: tuple[float, float] | None, title: str):
    """Betti numbers by layer as small multiples, one panel per dimension over the layers
    (input first), as the view draws them; the scale sentence as the caption. Draws in the
    cell of ``ax`` when given (divided into the panels), else in a new Figure."""
    import textwrap

    layers = chart.get("layers", [])
    dims = chart.get("dims", []) if layers else [None]
    own = ax is None
    figure, spec = grid(ax, figsize or (6.0, 1.4 + 1.9 * len(dims)), len(dims), 1)
    if not layers:
        ax = figure.add_subplot(spec[0, 0])
        message = (f"the layer chart could not be computed: {chart['error']}"
                   if chart.get("error") else "one layer only: nothing to chart")
        ax.text(0.5, 0.5, textwrap.fill(message, 60), ha="center", va="center")
        ax.set_axis_off()
        if title:
            ax.set_title(title)
        return figure
    axes = [figure.add_subplot(spec[0, 0])]
    axes += [figure.add_subplot(spec[i, 0], sharex=axes[0]) for i in range(1, len(dims))]
    active = layers.index(chart["active"]) if chart.get("active") in layers else -1
    for which, (panel, dim) in enumerate(zip(axes, dims, strict=True)):
        _layer_panel(panel, _series(chart, which), dim, active)
        if panel is not axes[-1]:
            panel.tick_params(labelbottom=False)
    long = max(map(len, layers)) * len(layers) > 60
    axes[-1].set_xticks(range(len(layers)), layers, rotation=30 if long else 0,
                        ha="right" if long else "center")
    axes[-1].set_xlim(-0.5, len(layers) - 0.5)
    axes[-1].set_xlabel("layer (input → output)")
    if chart.get("classes"):
        handles, labels = axes[0].get_legend_handles_labels()
        order = [*range(1, len(labels)), 0]  # the classes first, all points last
        where = figure if own else axes[0]
        where.legend([handles[i] for i in order], [labels[i] for i in order],
                     loc="outside right upper" if own else "upper right", fontsize="small",
                     frameon=False)
    width = 100 if own else 60  # characters a line of the caption holds
    caption = textwrap.fill(chart["scale_text"], width) if chart.get("scale_text") else ""
    if own:
        if caption:
            figure.supxlabel(caption, fontsize="x-small", color="0.35")
        figure.suptitle(title or "Betti numbers by layer")
    else:
        axes[-1].set_xlabel("layer (input → output)" + (f"\n{caption}" if caption else ""))
        axes[0].set_title(title or "Betti numbers by layer", loc="right", fontsize="small")
    return figure


def persistence_figure(
    view: str,
    rows: np.ndarray,
    *,
    eps: float = 0.0,
    error_bound: float = 0.0,
    layer_chart: dict | None = None,
    title: str = "",
    figsize: tuple[float, float] | None = None,
    ax=None,
):
    """Draw one view of the Persistence widget.

    Parameters
    ----------
    view : {"diagram", "barcode", "layers"}
        Persistence diagram, barcode, or Betti numbers by layer: one panel per homology
        dimension, one line per class with the landmark sweep's range as a band, all points
        dashed (as the view draws them).
    rows : (k, 3) array
        Features ``(dim, birth, death)`` as in `latent_widgets.topology.feature_table.FeatureTable`.
    eps : float
        The scale drawn as a line (0: none).
    error_bound : float
        Width of the error band (diagram) and the length under which bars are faded.
    layer_chart : dict, optional
        `latent_widgets.topology.layers.betti_by_layer`'s result, for ``view="layers"``.
    title : str
        Figure title.
    figsize : (float, float), optional
        Size in inches (default 5.5 × 5; for ``"layers"``, 6 wide and 1.9 per panel).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes (``"layers"``: its cell is divided into one panel per
        dimension); by default a new Figure.

    Returns
    -------
    matplotlib.figure.Figure
        The new Figure, or the one ``ax`` belongs to.
    """
    draw = {"diagram": _diagram, "barcode": _barcode}
    if view not in (*draw, "layers"):
        raise ValueError(f"view must be 'diagram', 'barcode' or 'layers'; got {view!r}")
    if view == "layers":
        return _layers(ax, layer_chart or {}, figsize, title)
    own = ax is None
    figure, ax = single_axes(ax, figsize or (5.5, 5.0))
    draw[view](ax, np.asarray(rows, dtype=np.float64).reshape(-1, 3), eps, error_bound)
    if title:
        (figure.suptitle if own else ax.set_title)(title)
    return figure
