"""The Persistence widget's map check: does the linked map keep the latents' homology?

A mixin of `latent_widgets.widgets.persistence.Persistence` (its ``map_check`` trait, latents,
points shown, layer and settings); the check itself is
`latent_widgets.topology.map_topology.map_check`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets.topology.map_topology import MapCheck, map_check
from latent_widgets.widgets._base import widget_command
from latent_widgets.widgets.persistence_info import check_about, check_key


class MapCheckCommands:
    """`check_map`, and the view's command for it, for `Persistence`."""

    @widget_command
    def _map_check_command(self, request: dict) -> dict:
        self.check_map()
        return dict(self.map_check)  # {} when the points changed while it ran

    def check_map(self, points: np.ndarray | None = None, **kwargs: Any) -> MapCheck:
        """Does the map lie? Bottleneck distance between the latents' homology and the map's.

        Parameters
        ----------
        points : (n, 2) array, optional
            The map; by default the linked Explorer's.
        **kwargs
            Passed to `latent_widgets.topology.map_topology.map_check`.
        """
        given = points is not None
        if not given and self.map_points is None:
            raise RuntimeError(
                "no map to check: link an Explorer first (lw.link(explorer, persistence)) "
                "or pass points="
            )
        points = np.asarray(points if given else self.map_points())
        subset, text = self.subset, self._computed_text
        key = check_key(self.layer, subset, points)
        check = map_check(self.latents[subset], points[subset],
                          maxdim=min(self.maxdim, 1), seed=self.seed, **kwargs)
        now = points if given else np.asarray(self.map_points())
        if key == check_key(self.layer, self.subset, now):  # same points, layer and map
            self.map_check = {"summary": check.summary, "details": check.details,
                              "key": self._check_key(),
                              "about": check_about(self.layer, text, subset, given)}
        return check

    def _check_key(self) -> str:
        """What a map check is about, without its map: the layer and the points."""
        return check_key(self.layer, self.subset)
