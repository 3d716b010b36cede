"""The layout of a graph's components in umap-learn's first map, the same at every fit.

When the neighbour graph falls into more than ``2 n_components`` connected components (well
separated clusters), umap-learn first places the components, then lays out each one around
its place. It places them by a spectral embedding of ``exp(-d²)`` between the components'
centroids (scikit-learn's ``SpectralEmbedding``, ARPACK). For clusters further apart than a
few units that affinity is the identity matrix: every placement is an eigenvector, ARPACK
picks one from its own random state, which changes from call to call in a process (the same
seed gave another map at the second fit), and some picks put several components on one spot.

Inside `seeded_component_layout`, and only in that thread, the components are placed instead
by classical multidimensional scaling of the distances between them (between centroids, or
the mean distance between members for a precomputed metric): the top eigenvectors of the
doubly centred squared distances, signs fixed. That depends only on the data, keeps far
clusters far and near ones near, and never stacks two unless their centroids coincide. Other
metrics keep umap-learn's placement, with scikit-learn's deterministic ``lobpcg`` solver.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np

from latent_widgets.projection.thread_state import set_in_this_thread

__all__ = ["centroid_layout", "install_seeded_layout", "seeded_component_layout"]

_SEEDED = threading.local()  # .on: this thread is inside seeded_component_layout


@contextlib.contextmanager
def seeded_component_layout() -> Iterator[None]:
    """While inside, this thread's umap-learn fits place a graph's components by
    `centroid_layout`. Needs `install_seeded_layout` first (`_import_umap` does it)."""
    with set_in_this_thread(_SEEDED, "on", True):
        yield


def component_distances(data: np.ndarray, labels: np.ndarray, count: int, metric: str
                        ) -> np.ndarray:
    """``(count, count)`` distances between components: Euclidean between centroids, or the
    mean of a precomputed distance matrix ``data`` over the members of both."""
    members = [np.flatnonzero(labels == c) for c in range(count)]
    if metric == "precomputed":
        out = np.zeros((count, count))
        for i in range(count):
            for j in range(i + 1, count):
                out[i, j] = out[j, i] = float(np.mean(data[np.ix_(members[i], members[j])]))
        return out
    centroids = np.stack([np.asarray(data[rows], dtype=np.float64).mean(axis=0)
                          for rows in members])
    gaps = centroids[:, None, :] - centroids[None, :, :]
    return np.sqrt(np.einsum("ijk,ijk->ij", gaps, gaps))


def centroid_layout(distances: np.ndarray, dim: int) -> np.ndarray:
    """Classical MDS of ``distances`` in ``dim`` dimensions, scaled to at most 1.

    Each axis's sign is fixed so that its entry of largest magnitude is positive (the same
    answer whatever the eigensolver returns).
    """
    count = len(distances)
    centring = np.eye(count) - 1.0 / count
    gram = -0.5 * centring @ (distances**2) @ centring
    values, vectors = np.linalg.eigh((gram + gram.T) / 2)
    order = np.argsort(values)[::-1][:dim]
    layout = vectors[:, order] * np.sqrt(np.clip(values[order], 0.0, None))
    largest = np.abs(layout).argmax(axis=0)
    layout *= np.where(layout[largest, np.arange(layout.shape[1])] < 0, -1.0, 1.0)
    if layout.shape[1] < dim:  # fewer components than dimensions + 1
        layout = np.pad(layout, ((0, 0), (0, dim - layout.shape[1])))
    scale = np.abs(layout).max()
    return layout / scale if scale > 0 else layout


def install_seeded_layout() -> None:
    """Let `seeded_component_layout` choose how umap-learn places components: in
    ``umap.spectral``, ``component_layout`` and ``SpectralEmbedding`` become functions that
    do so inside it and call umap-learn's and scikit-learn's own outside. Idempotent."""
    import umap.spectral as spectral

    if getattr(spectral.component_layout, "_latent_widgets_seeded", False):
        return
    original_layout, original_embedding = spectral.component_layout, spectral.SpectralEmbedding

    def component_layout(data, n_components, component_labels, dim, random_state,
                         metric="euclidean", metric_kwds=None) -> Any:
        linkage = (metric_kwds or {}).get("linkage", "average")
        ours = metric == "euclidean" or (metric == "precomputed" and linkage == "average")
        if getattr(_SEEDED, "on", False) and data is not None and ours:
            distances = component_distances(data, component_labels, n_components, metric)
            return centroid_layout(distances, dim)
        return original_layout(data, n_components, component_labels, dim, random_state,
                               metric=metric, metric_kwds=metric_kwds or {})

    def spectral_embedding(*args: Any, **kwargs: Any) -> Any:
        if getattr(_SEEDED, "on", False):
            kwargs["eigen_solver"] = "lobpcg"
        return original_embedding(*args, **kwargs)

    component_layout._latent_widgets_seeded = True  # type: ignore[attr-defined]
    spectral.component_layout = component_layout
    spectral.SpectralEmbedding = spectral_embedding
