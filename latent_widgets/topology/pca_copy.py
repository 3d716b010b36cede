"""A PCA-reduced copy of latents for homology, and what the reduction does to distances.

When landmarks in many dimensions cover a set too coarsely for any feature to be certified,
the same points in their top k principal directions are covered far more finely. The copy
is not the set, though: projecting onto k axes shortens every distance. With ``r_i`` the
part of (centred) point i that the projection drops, a pair's distance shrinks by at most
``|r_i - r_j| <= 2 max_i |r_i|``. Pairing each point with its copy is a correspondence of
that distortion, so the copy's Rips diagrams lie within ``2 max |r_i|`` of the latents' in
bottleneck distance (Chazal, de Silva, Oudot 2014; as for landmarks in
`latent_widgets.topology.persistence.PersistenceResult`). A loop of the copy may be a shadow of
something that is no loop in the latents; the sentence of :class:`PCACopy` says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from latent_widgets.projection.pca import PCA

__all__ = ["PCACopy", "pca_copy"]

PAIRS = 2000  # seeded pairs for the typical shrink of a distance


@dataclass
class PCACopy:
    """The points in their top ``k`` principal directions, and the distortion.

    Attributes
    ----------
    points : (n, k) float32 array
        Coordinates along the top ``k`` axes.
    k, dims : int
        Dimensions kept, and of the latents.
    variance : float
        Share of the variance kept (0..1).
    max_shift : float
        ``2 max_i |r_i|``: no distance shrinks by more, and the copy's diagrams are within it
        of the latents' (bottleneck).
    typical_shrink : float
        Median relative shrink of a distance over seeded pairs of points (0..1).
    """

    points: np.ndarray
    k: int
    dims: int
    variance: float
    max_shift: float
    typical_shrink: float

    def sentence(self) -> str:
        """What the reduction distorts, in one sentence."""
        return (
            f"A PCA copy in {self.k} of {self.dims} dimensions keeps "
            f"{100 * self.variance:.0f} % of the variance; it shortens distances, typically by "
            f"{100 * self.typical_shrink:.0f} % and by at most {self.max_shift:.3g}, so a bar "
            "may move that far and a loop of the copy need not be one of the latents."
        )

    def as_dict(self) -> dict:
        """The numbers and the sentence, JSON-ready (for a view)."""
        return {"k": self.k, "dims": self.dims, "variance": self.variance,
                "max_shift": self.max_shift, "typical_shrink": self.typical_shrink,
                "text": self.sentence()}


def pca_copy(z: np.ndarray, k: int, seed: int = 0) -> PCACopy:
    """The top-``k`` PCA copy of ``z`` and what it distorts (see the module docstring).

    Parameters
    ----------
    z : (n, d) array
        The latents (finite values).
    k : int
        Dimensions to keep, 1 <= k < d.
    seed : int
        Seed of the pairs the typical shrink is measured on.

    Returns
    -------
    PCACopy
    """
    z = np.asarray(z)
    n, d = z.shape
    if not 1 <= int(k) < d:
        raise ValueError(
            f"a PCA copy keeps 1 to {d - 1} of the {d} dimensions, not {k}: pass a k in that range"
        )
    k = int(k)
    pca = PCA(n_components=k).fit(z)
    points = pca.transform(z)
    centred = np.asarray(z, dtype=np.float64) - pca.mean_.astype(np.float64)
    dropped_sq = np.einsum("ij,ij->i", centred, centred) - np.einsum(
        "ij,ij->i", points.astype(np.float64), points.astype(np.float64))
    max_shift = 2.0 * float(np.sqrt(max(dropped_sq.max(), 0.0)))
    rng = np.random.default_rng(seed)
    a, b = rng.integers(n, size=(2, PAIRS))
    full = np.linalg.norm(centred[a] - centred[b], axis=1)
    kept = np.linalg.norm(points[a].astype(np.float64) - points[b], axis=1)
    apart = full > 0
    shrink = float(np.median(1.0 - kept[apart] / full[apart])) if apart.any() else 0.0
    return PCACopy(points=points, k=k, dims=d, variance=float(pca.explained_variance_ratio_.sum()),
                   max_shift=max_shift, typical_shrink=max(shrink, 0.0))
