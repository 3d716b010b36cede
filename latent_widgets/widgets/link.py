"""link(): wire views of one latent space together (selection, highlight, scale, layer,
anchors and paths)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from latent_widgets.widgets.explorer import Explorer
from latent_widgets.widgets.interpolation import Interpolation
from latent_widgets.widgets.persistence import Persistence

__all__ = ["Link", "link"]


class Link:
    """The connections made by :func:`link`; `unlink` undoes them.

    Attributes
    ----------
    explorers, persistences, interpolations : list
        The linked views, by kind.
    """

    def __init__(self, explorers: list[Explorer], persistences: list[Persistence],
                 interpolations: list[Interpolation]) -> None:
        self.explorers = explorers
        self.persistences = persistences
        self.interpolations = interpolations
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
                explorer.path = np.zeros((0, 2), np.float32)
                explorer.path_current = -1.0
        for interpolation in self.interpolations:
            interpolation.linked = False
        for persistence in self.persistences:
            persistence.map_points = None
            persistence.info = {**persistence.info, "linked": False}


def _same_points(explorer: Explorer, other: Any) -> None:
    if explorer.space.n != other.space.n:
        raise ValueError(
            f"the Explorer maps {explorer.space.n:,} points and the {type(other).__name__} "
            f"view {other.space.n:,}: link views of the same LatentSpace"
        )


def _pair_path(link_: Link, explorer: Explorer, interpolation: Interpolation) -> None:
    _same_points(explorer, interpolation)
    decode_layer = interpolation.space.decode_layer or interpolation.space.layer

    def draw_path(change: dict | None = None) -> None:
        latents = interpolation.path
        result = explorer.map.cached(explorer.shown_projection)
        if len(latents) == 0 or result is None or explorer.layer != decode_layer:
            explorer.path = np.zeros((0, 2), np.float32)
            return
        explorer.path = result.projection.transform(latents).astype(np.float32)

    def step(change: dict | None = None) -> None:
        explorer.path_current = interpolation.current if len(interpolation.path) else -1.0

    def clicked(change: dict) -> None:
        click = change["new"]
        if not interpolation.picking or not click:
            return
        try:  # the click's own decode succeeded: a failing anchor must not turn it red
            if click.get("index", -1) >= 0:
                interpolation.add_anchor(index=click["index"])
            elif explorer.decoded_latent is not None:
                interpolation.add_anchor(
                    latent=explorer.decoded_latent,
                    name=f"map ({click['x']:.3g}, {click['y']:.3g})",
                )
        except Exception as exc:  # shown in the Interpolation view
            interpolation.show_error(exc, "anchor not added")

    interpolation.linked = True
    draw_path()
    step()
    link_._watch(interpolation, ["path"], draw_path)
    link_._watch(explorer, ["points"], draw_path)  # every map change sets points last
    link_._watch(interpolation, ["current", "path"], step)
    link_._watch(explorer, ["last_click"], clicked)


def _pair(link_: Link, explorer: Explorer, persistence: Persistence) -> None:
    _same_points(explorer, persistence)

    def to_map(change: dict | None = None) -> None:
        with explorer.hold_sync():
            explorer.rips_edges = persistence.rips_edges
            explorer.rips_lengths = persistence.rips_lengths
            scale()

    def scale(change: dict | None = None) -> None:
        # No edges until asked for (map_edges): at the suggested ε they would cover the map.
        explorer.rips_eps = persistence.eps if persistence.map_edges else 0.0

    def new_map(change: dict) -> None:
        persistence.map_check = {}  # a check of the map shown before is not about this one

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
    link_._watch(persistence, ["eps", "map_edges"], scale)
    link_._watch(explorer, ["points"], new_map)
    link_._watch(persistence, ["cycle", "highlight"], cycle)
    link_._watch(explorer, ["selection"], selection)
    link_._watch(persistence, ["layer"], layer_from(persistence, explorer))
    link_._watch(explorer, ["layer"], layer_from(explorer, persistence))


def link(*widgets: Any) -> Link:
    """Link views of one latent space.

    An Explorer and a Persistence view linked: the scale ε of the Persistence view draws
    the Rips complex's edges on the map (once ε is moved, or ``map_edges`` is set: not at
    first, when they would cover it), clicking a feature highlights its cycle on the map, a
    new map clears the check of the old one, the map's lasso selection is offered to the
    Persistence view as a scope (its homology is a click away), "Does the map lie?"
    compares with the map shown, and both views show the same layer.

    An Explorer and an Interpolation linked: clicks on the map add anchors (a point's own
    latent when the click is on a point, else the map's inverse there), and the path is
    drawn on the map with its current step.

    Parameters
    ----------
    *widgets : Explorer, Persistence or Interpolation
        At least an Explorer and one other view; every Explorer is linked with every
        Persistence and Interpolation view given.

    Returns
    -------
    Link
        Call ``unlink()`` on it to undo.
    """
    kinds = (Explorer, Persistence, Interpolation)
    others = [type(w).__name__ for w in widgets if not isinstance(w, kinds)]
    if others:
        raise TypeError(
            "link() takes Explorer, Persistence and Interpolation views; got "
            f"{', '.join(others)}"
        )
    explorers = [w for w in widgets if isinstance(w, Explorer)]
    persistences = [w for w in widgets if isinstance(w, Persistence)]
    interpolations = [w for w in widgets if isinstance(w, Interpolation)]
    if not explorers or not (persistences or interpolations):
        raise ValueError(
            "link() needs an Explorer and a Persistence or Interpolation view, e.g. "
            "lw.link(explorer, persistence)"
        )
    result = Link(explorers, persistences, interpolations)
    for explorer in explorers:
        for persistence in persistences:
            _pair(result, explorer, persistence)
        for interpolation in interpolations:
            _pair_path(result, explorer, interpolation)
    return result
