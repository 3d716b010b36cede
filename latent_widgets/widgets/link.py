"""link(): wire views of one latent space together (selection, highlight, scale, layer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from latent_widgets.widgets.explorer import Explorer
from latent_widgets.widgets.persistence import Persistence

__all__ = ["Link", "link"]


class Link:
    """The connections made by :func:`link`; `unlink` undoes them.

    Attributes
    ----------
    explorers, persistences : list
        The linked views, by kind.
    """

    def __init__(self, explorers: list[Explorer], persistences: list[Persistence]) -> None:
        self.explorers = explorers
        self.persistences = persistences
        self._observers: list[tuple[Any, Callable, str]] = []

    def _watch(self, widget: Any, names: list[str], handler: Callable[[dict], None]) -> None:
        for name in names:
            widget.observe(handler, names=name)
            self._observers.append((widget, handler, name))

    def unlink(self) -> None:
        """Remove every connection and clear what the links drew on the maps."""
        for widget, handler, name in self._observers:
            widget.unobserve(handler, names=name)
        self._observers.clear()
        for explorer in self.explorers:
            with explorer.hold_sync():
                explorer.rips_eps = 0.0
                explorer.rips_edges = np.zeros((0, 2), np.int32)
                explorer.rips_lengths = np.zeros(0, np.float32)
                explorer.cycle = np.zeros(0, np.int32)
                explorer.highlight = np.zeros(0, np.int32)
        for persistence in self.persistences:
            persistence.map_points = None
            persistence.info = {**persistence.info, "linked": False}


def _pair(link_: Link, explorer: Explorer, persistence: Persistence) -> None:
    if explorer.space.n != persistence.space.n:
        raise ValueError(
            f"the Explorer maps {explorer.space.n:,} points and the Persistence view "
            f"{persistence.space.n:,}: link views of the same LatentSpace"
        )

    def to_map(change: dict | None = None) -> None:
        with explorer.hold_sync():
            explorer.rips_edges = persistence.rips_edges
            explorer.rips_lengths = persistence.rips_lengths
            explorer.rips_eps = persistence.eps

    def scale(change: dict) -> None:
        explorer.rips_eps = change["new"]

    def cycle(change: dict | None = None) -> None:
        with explorer.hold_sync():
            explorer.cycle = persistence.cycle
            explorer.highlight = persistence.highlight

    def selection(change: dict) -> None:
        persistence.selection = change["new"]

    def layer_from(source: Any, target: Any) -> Callable[[dict], None]:
        def follow(change: dict) -> None:
            if target.layer != change["new"]:
                target.layer = change["new"]
        return follow

    if explorer.layer != persistence.layer:
        explorer.layer = persistence.layer
    persistence.map_points = lambda: explorer.points
    persistence.selection = explorer.selection
    persistence.info = {**persistence.info, "linked": True}
    to_map()
    cycle()
    link_._watch(persistence, ["rips_edges", "rips_lengths"], to_map)
    link_._watch(persistence, ["eps"], scale)
    link_._watch(persistence, ["cycle", "highlight"], cycle)
    link_._watch(explorer, ["selection"], selection)
    link_._watch(persistence, ["layer"], layer_from(persistence, explorer))
    link_._watch(explorer, ["layer"], layer_from(explorer, persistence))


def link(*widgets: Any) -> Link:
    """Link views of one latent space.

    An Explorer and a Persistence view linked: the scale ε of the Persistence view draws
    the Rips complex's edges on the map, clicking a feature highlights its cycle on the
    map, the map's lasso selection is offered to the Persistence view as a scope (its
    homology is a click away), "Does the map lie?" compares with the map shown, and both
    views show the same layer.

    Parameters
    ----------
    *widgets : Explorer or Persistence
        At least two views; every Explorer is linked with every Persistence view.

    Returns
    -------
    Link
        Call ``unlink()`` on it to undo.
    """
    explorers = [w for w in widgets if isinstance(w, Explorer)]
    persistences = [w for w in widgets if isinstance(w, Persistence)]
    others = [type(w).__name__ for w in widgets if not isinstance(w, Explorer | Persistence)]
    if others:
        raise TypeError(f"link() takes Explorer and Persistence views; got {', '.join(others)}")
    if not explorers or not persistences:
        raise ValueError(
            "link() needs an Explorer and a Persistence view, e.g. lw.link(explorer, persistence)"
        )
    result = Link(explorers, persistences)
    for explorer in explorers:
        for persistence in persistences:
            _pair(result, explorer, persistence)
    return result
