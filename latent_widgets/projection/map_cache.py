"""MapCache: one LatentMap per set of latents and options, shared by every view of a space.

A second Explorer on the same space (or the same Explorer back on a layer it showed before)
gets the maps already computed, UMAP included, instead of fitting them again.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from latent_widgets.projection.latent_map import LatentMap


def options_key(options: dict[str, dict] | None) -> tuple:
    """A hashable, order-free form of ``projection_options`` (values by their repr)."""
    return tuple(sorted(
        (str(name).lower(), tuple(sorted((str(k), repr(v)) for k, v in dict(kwargs).items())))
        for name, kwargs in (options or {}).items()
    ))


class MapCache:
    """LatentMaps by (key, seed, options), each tied to the very latents it was made from.

    Notes
    -----
    A key whose latents were replaced (a new array under the same layer) gets a new map: a
    map is reused only for the same array object. Safe to use from several threads.
    """

    def __init__(self) -> None:
        self._maps: dict[tuple, tuple[np.ndarray, LatentMap]] = {}
        self._lock = threading.Lock()

    def get(
        self, key: Any, latents: np.ndarray, seed: int = 0,
        options: dict[str, dict] | None = None,
    ) -> LatentMap:
        """The shared map of ``latents`` under ``key`` (e.g. the layer), made on first use.

        Parameters
        ----------
        key : hashable
            What the latents are (the layer's name).
        latents : numpy.ndarray
            ``(n, d)`` latents.
        seed : int
            Seed of the projections.
        options : dict of str to dict, optional
            Keyword arguments per projection name, as LatentMap takes them.

        Returns
        -------
        LatentMap
            The same object for the same latents, seed and options.
        """
        full_key = (key, int(seed), options_key(options))
        with self._lock:
            held = self._maps.get(full_key)
            if held is not None and held[0] is latents:
                return held[1]
            latent_map = LatentMap(latents, seed=seed, options=options)
            self._maps[full_key] = (latents, latent_map)
            return latent_map

    def __len__(self) -> int:
        return len(self._maps)
