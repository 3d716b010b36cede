"""LatentMap: the 2-D maps of a set of latents, computed once per projection and cached.

What the Explorer needs from the maths, and nothing of widgets: the positions of the points
under a projection, its trustworthiness, the latent at any position of the map (the
projection's inverse), and the data points nearest to a latent.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from latent_widgets.projection.metrics import trustworthiness
from latent_widgets.projection.pca import PCA
from latent_widgets.projection.umap import UMAP

#: The projections `make_projection` knows, by name.
PROJECTIONS: dict[str, type] = {"pca": PCA, "umap": UMAP}


def make_projection(name: str, **kwargs: Any) -> PCA | UMAP:
    """Build a projection by name.

    Parameters
    ----------
    name : str
        ``"pca"`` or ``"umap"``, in any case.
    **kwargs
        Passed to the class, for example ``seed=1`` or ``n_neighbors=30``.

    Returns
    -------
    PCA or UMAP
        The unfitted projection.

    Raises
    ------
    ValueError
        For an unknown name, listing the valid ones.
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in PROJECTIONS:
        raise ValueError(
            f"unknown projection {name!r}; choose one of {', '.join(sorted(PROJECTIONS))}"
        )
    return PROJECTIONS[key](**kwargs)


@dataclass(frozen=True)
class MapResult:
    """One computed map.

    Attributes
    ----------
    name : str
        The projection, ``"pca"`` or ``"umap"``.
    points : numpy.ndarray
        ``(n, 2)`` float32 positions.
    trustworthiness : float
        How well the map keeps neighbourhoods (1 is perfect), on a sample.
    seconds : float
        How long the projection took to fit.
    projection : object
        The fitted projection, with ``inverse_transform``.
    """

    name: str
    points: np.ndarray
    trustworthiness: float
    seconds: float
    projection: Any


class LatentMap:
    """Maps of ``(n, d)`` latents by projection name, with inverse and nearest neighbours.

    Parameters
    ----------
    latents : numpy.ndarray
        ``(n, d)`` float32 latents.
    seed : int
        Seed of every projection and of the trustworthiness sample.
    options : dict of str to dict, optional
        Keyword arguments per projection name, e.g. ``{"umap": {"n_neighbors": 30}}``.

    Notes
    -----
    `compute` is safe to call from a background thread: results are cached under a lock,
    and one projection is computed once even when asked for twice.
    """

    def __init__(
        self, latents: np.ndarray, seed: int = 0, options: dict[str, dict] | None = None
    ) -> None:
        self.latents = np.ascontiguousarray(latents, dtype=np.float32)
        if self.latents.ndim != 2 or len(self.latents) < 2:
            raise ValueError(
                f"a map needs at least 2 latents of shape (n, d); got {self.latents.shape}"
            )
        self.seed = seed
        self.options = {k.lower(): dict(v) for k, v in (options or {}).items()}
        unknown = set(self.options) - set(PROJECTIONS)
        if unknown:
            raise ValueError(
                f"options for unknown projection(s) {sorted(unknown)}; "
                f"known: {', '.join(sorted(PROJECTIONS))}"
            )
        self._results: dict[str, MapResult] = {}
        self._locks: dict[str, threading.Lock] = {name: threading.Lock() for name in PROJECTIONS}
        self._sq_norms = np.einsum("ij,ij->i", self.latents, self.latents)

    def cached(self, name: str) -> MapResult | None:
        """The map under ``name`` if it was computed, else None."""
        return self._results.get(name.lower())

    def compute(self, name: str) -> MapResult:
        """Fit the projection ``name`` (once) and return its map.

        Raises
        ------
        ValueError
            For an unknown projection name, or latents the projection cannot map.
        """
        key = name.lower()
        if key not in PROJECTIONS:
            raise ValueError(
                f"unknown projection {name!r}; choose one of {', '.join(sorted(PROJECTIONS))}"
            )
        with self._locks[key]:
            if key in self._results:
                return self._results[key]
            kwargs = self._projection_kwargs(key)
            projection = make_projection(key, seed=self.seed, **kwargs)
            start = time.perf_counter()
            points = np.ascontiguousarray(projection.fit_transform(self.latents), np.float32)
            seconds = time.perf_counter() - start
            score = self._trustworthiness(points)
            result = MapResult(key, points, score, seconds, projection)
            self._results[key] = result
            return result

    def _projection_kwargs(self, key: str) -> dict:
        kwargs = dict(self.options.get(key, {}))
        if key == "umap":  # small sets: UMAP needs more points than neighbours
            kwargs.setdefault("n_neighbors", int(min(15, max(2, len(self.latents) - 1))))
        return kwargs

    def _trustworthiness(self, points: np.ndarray) -> float:
        n = len(points)
        k = int(min(5, max(1, (min(n, 1000) - 1) // 2)))
        if n < 4:
            return float("nan")
        return trustworthiness(self.latents, points, n_neighbors=k, sample=1000, seed=self.seed)

    def to_latent(self, name: str, x: float, y: float) -> np.ndarray:
        """The latent at position ``(x, y)`` of the map ``name``: ``(d,)`` float32.

        Raises
        ------
        RuntimeError
            When the map was not computed yet.
        """
        result = self.cached(name)
        if result is None:
            raise RuntimeError(f"the {name} map is not computed yet; call compute({name!r})")
        position = np.array([[x, y]], dtype=np.float32)
        if not np.isfinite(position).all():
            raise ValueError(f"cannot map a non-finite position ({x}, {y}) to a latent")
        return np.asarray(result.projection.inverse_transform(position), np.float32)[0]

    def neighbours(self, latent: np.ndarray, k: int = 6) -> tuple[np.ndarray, np.ndarray]:
        """Indices and Euclidean distances of the ``k`` data latents nearest to ``latent``.

        Exact (brute force, O(n·d) per call: about a millisecond for 70,000 × 16).
        """
        latent = np.asarray(latent, dtype=np.float32).reshape(-1)
        if latent.shape[0] != self.latents.shape[1]:
            raise ValueError(
                f"latent has {latent.shape[0]} values; the map's latents have "
                f"{self.latents.shape[1]}"
            )
        k = int(min(max(k, 0), len(self.latents)))
        if k == 0:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        sq = self._sq_norms - 2.0 * (self.latents @ latent) + float(latent @ latent)
        nearest = np.argpartition(sq, k - 1)[:k] if k < len(sq) else np.arange(len(sq))
        nearest = nearest[np.argsort(sq[nearest], kind="stable")]
        return nearest.astype(np.int64), np.sqrt(np.maximum(sq[nearest], 0.0)).astype(np.float32)
