"""The Persistence widget's views as matplotlib Figures, for papers and print."""

from __future__ import annotations

import numpy as np

from latent_widgets.colors import category_color

DIM_COLORS = ["#4e79a7", "#f28e2b", "#59a14f"]  # H0, H1, H2 (the view's colours)


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


def _layers(ax, chart: dict) -> None:
    layers = chart.get("layers", [])
    if not layers:
        ax.text(0.5, 0.5, "one layer only: nothing to chart", ha="center", va="center")
        ax.set_axis_off()
        return
    x = np.arange(len(layers))
    all_betti = np.asarray(chart["all"])
    for dim in chart["dims"]:
        ax.plot(x, all_betti[:, dim], marker="o", lw=2.5, color=DIM_COLORS[dim % 3],
                label=f"β{dim}, all points")
    codes = chart.get("codes", range(len(chart["classes"])))
    for code, name, series in zip(codes, chart["classes"], chart["per_class"], strict=True):
        values = np.asarray(series)
        if len(values):
            ax.plot(x, values[:, -1], lw=1, color=category_color(code), alpha=0.8,
                    label=f"β{chart['dims'][-1]}, {name}")
    ax.set_xticks(x, layers, rotation=30, ha="right")
    ax.set(ylabel="Betti number", title=chart.get("scale_text", ""))
    ax.title.set_fontsize("small")
    ax.legend(fontsize="x-small", ncol=2)


def persistence_figure(
    view: str,
    rows: np.ndarray,
    *,
    eps: float = 0.0,
    error_bound: float = 0.0,
    layer_chart: dict | None = None,
    title: str = "",
    figsize: tuple[float, float] = (5.5, 5.0),
):
    """Draw one view of the Persistence widget.

    Parameters
    ----------
    view : {"diagram", "barcode", "layers"}
        Persistence diagram, barcode, or Betti numbers by layer.
    rows : (k, 3) array
        Features ``(dim, birth, death)`` as in `latent_widgets.feature_table.FeatureTable`.
    eps : float
        The scale drawn as a line (0: none).
    error_bound : float
        Width of the error band (diagram) and the length under which bars are faded.
    layer_chart : dict, optional
        `latent_widgets.layer_betti.betti_by_layer`'s result, for ``view="layers"``.
    title : str
        Figure title.
    figsize : (float, float)
        Size in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    draw = {"diagram": _diagram, "barcode": _barcode}
    if view not in (*draw, "layers"):
        raise ValueError(f"view must be 'diagram', 'barcode' or 'layers'; got {view!r}")
    figure = Figure(figsize=figsize, layout="constrained")
    ax = figure.add_subplot()
    rows = np.asarray(rows, dtype=np.float64).reshape(-1, 3)
    if view == "layers":
        _layers(ax, layer_chart or {})
    else:
        draw[view](ax, rows, eps, error_bound)
    if title:
        figure.suptitle(title)
    return figure
