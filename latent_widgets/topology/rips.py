"""The Vietoris–Rips complex at a scale, as edges to draw: the teaching view of persistence.

At scale ε the Rips complex joins every two points closer than ε. Its edges, sorted by
length once, let a view draw the complex at any ε by drawing a prefix of the list, with no
round trip to the kernel while the user drags the scale.
"""

from __future__ import annotations

import numpy as np

from latent_widgets.topology.landmarks import landmark_distances

__all__ = ["rips_edges"]


def rips_edges(
    points: np.ndarray,
    landmarks: np.ndarray,
    max_length: float,
    max_edges: int = 20_000,
) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the Rips complex of ``points[landmarks]`` up to length ``max_length``.

    Parameters
    ----------
    points : (n, d) array
        The point cloud (latents).
    landmarks : (m,) int array
        Indices of the points whose edges are wanted (all of them for a small set).
    max_length : float
        Longest edge kept (the largest scale the view can show).
    max_edges : int
        Keep at most this many edges, the shortest ones (a dense complex drawn whole is a
        solid blot and slow to draw).

    Returns
    -------
    edges : (k, 2) int32 array
        Pairs of indices into ``points``, shortest edge first.
    lengths : (k,) float32 array
        Their lengths (latent-space distances), ascending.
    """
    marks = np.asarray(landmarks, dtype=np.int64)
    if marks.size < 2:
        return np.zeros((0, 2), np.int32), np.zeros(0, np.float32)
    distances = landmark_distances(points, marks)
    rows, cols = np.triu_indices(len(marks), k=1)
    lengths = distances[rows, cols]
    keep = np.flatnonzero(lengths <= max_length)
    if keep.size > max_edges:
        keep = keep[np.argpartition(lengths[keep], max_edges - 1)[:max_edges]]
    keep = keep[np.argsort(lengths[keep], kind="stable")]
    edges = np.column_stack([marks[rows[keep]], marks[cols[keep]]]).astype(np.int32)
    return edges, lengths[keep].astype(np.float32)
