"""Greedy max-min landmarks, grown one point at a time, and their distance matrix.

Every stage of a computation takes a prefix of one greedy order, so growing a set costs only
the new landmarks; after m landmarks every point lies within the cover radius r(m) of one,
and the diagrams of the landmarks are within 2 r of the whole set's (bottleneck distance).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from latent_widgets.topology.cycles import h1_cycles
from latent_widgets.topology.persistence import quiet_ripser
from latent_widgets.topology.stages import batch_rows

__all__ = ["LandmarkDiagrams", "MaxMinLandmarks", "landmark_diagrams", "landmark_distances"]


class MaxMinLandmarks:
    """Greedy max-min (farthest point) order of a point cloud, grown on demand.

    Parameters
    ----------
    points : (n, d) float array
        The point cloud.
    first : int
        Index of the first landmark.

    Notes
    -----
    Each new landmark is the point farthest from the landmarks so far; after m landmarks
    every point lies within ``cover_radius(m)`` of one of them. One step costs one pass over
    the points (O(n d)). On sets larger than the caches, distances are computed for a block
    of the farthest points at once (one matrix product, two to three times faster than one
    row at a time, `latent_widgets.topology.stages.batch_rows`); a step whose landmark is in the
    block uses its row, so the order is the greedy one all the same.
    """

    def __init__(self, points: np.ndarray, first: int = 0) -> None:
        # centred first: float32 |x|^2 - 2 x.p + |p|^2 loses the spread of data far from 0
        raw = np.asarray(points)
        if raw.dtype != np.float32:
            raw = raw.astype(np.float64, copy=False)
        mean = raw.mean(axis=0, dtype=np.float64).astype(raw.dtype)
        self.points = np.ascontiguousarray(raw - mean, dtype=np.float32)
        self._sq_norms = np.einsum("ij,ij->i", self.points, self.points)
        n = len(self.points)
        if not 0 <= first < n:
            raise ValueError(f"first landmark {first} is not one of the {n} points")
        self.order: list[int] = []
        self._radii: list[float] = []  # cover radius after each landmark
        self._nearest_sq = np.full(n, np.inf, dtype=np.float32)
        self._block = batch_rows(n, self.points.shape[1])
        self._rows = np.zeros((0, n), dtype=np.float32)
        self._row_of: dict[int, int] = {}
        self._farthest = first
        self._add(first)

    def _row(self, index: int) -> np.ndarray:
        """Squared distances from point ``index`` to every point."""
        if index not in self._row_of:
            batch = np.asarray([index])
            if self._block > 1 and self.order:
                top = np.argpartition(self._nearest_sq, -self._block)[-self._block:]
                batch = np.unique(np.r_[index, top[self._nearest_sq[top] > 0]])
            rows = self.points[batch] @ self.points.T
            rows *= -2.0
            rows += self._sq_norms
            rows += self._sq_norms[batch][:, None]
            self._rows, self._row_of = rows, {int(j): i for i, j in enumerate(batch)}
        return self._rows[self._row_of[index]]

    def _add(self, index: int) -> None:
        np.minimum(self._nearest_sq, self._row(index), out=self._nearest_sq)
        self._nearest_sq[index] = 0.0
        self.order.append(index)
        self._farthest = int(np.argmax(self._nearest_sq))
        self._radii.append(float(np.sqrt(max(self._nearest_sq[self._farthest], 0.0))))

    def grow(self, m: int, deadline: float | None = None) -> np.ndarray:
        """The first ``m`` landmarks (int64 indices), computing the missing ones.

        With a ``deadline`` (a `time.perf_counter` value) growing stops before a step that
        would end past it (as long as the slowest step so far), and fewer than ``m``
        landmarks come back (never fewer than 2, or than were already grown).
        """
        m = min(int(m), len(self.points))
        slowest = 0.0
        while len(self.order) < m:
            now = time.perf_counter()
            if deadline is not None and len(self.order) >= 2 and now + slowest > deadline:
                break
            if self._nearest_sq[self._farthest] <= 0.0:  # only duplicates are left
                remaining = np.setdiff1d(np.arange(len(self.points)), self.order)
                for index in remaining[: m - len(self.order)]:
                    self._add(int(index))
                break
            self._add(self._farthest)
            slowest = max(slowest, time.perf_counter() - now)
        self._rows, self._row_of = self._rows[:0], {}  # free the block of rows between calls
        return np.asarray(self.order[:m], dtype=np.int64)

    def cover_radius(self, m: int) -> float:
        """Every point lies within this distance of one of the first ``m`` landmarks."""
        self.grow(m)
        return 0.0 if m >= len(self.points) else self._radii[m - 1]


def landmark_distances(points: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Euclidean distance matrix of ``points[indices]`` (float64, zero diagonal)."""
    chosen = np.asarray(points[indices], dtype=np.float64)
    sq = np.einsum("ij,ij->i", chosen, chosen)
    d2 = chosen @ chosen.T  # one m x m matrix, worked on in place (no second copy)
    d2 *= -2.0
    d2 += sq[:, None]
    d2 += sq[None, :]
    np.fill_diagonal(d2, 0.0)
    np.maximum(d2, 0.0, out=d2)
    return np.sqrt(d2, out=d2)


@dataclass
class LandmarkDiagrams:
    """What ripser.py found on a set of landmarks.

    Attributes
    ----------
    diagrams : list of (k, 2) float64 arrays
        H0..maxdim.
    cycles : list of int64 arrays or None, or None
        A loop for each H1 bar (``longest``: only the longest bars), as indices into the
        whole set; None when not asked for.
    ripser_s, cycles_s : float
        Seconds ripser.py and the cycles took (the anytime plan learns from them).
    began : float
        `time.perf_counter` when ripser.py was called.
    """

    diagrams: list[np.ndarray]
    cycles: list[np.ndarray | None] | None
    ripser_s: float
    cycles_s: float
    began: float


def landmark_diagrams(distances: np.ndarray, marks: np.ndarray, maxdim: int, *,
                      cycles: bool = False, longest: int | None = None) -> LandmarkDiagrams:
    """Rips diagrams of landmarks from their distance matrix, and H1 cycles in the whole set.

    Parameters
    ----------
    distances : (m, m) float array
        Distances between the landmarks (`landmark_distances`, maybe rescaled).
    marks : (m,) int array
        The landmarks' indices into the whole set: the cycles come back in those indices.
    maxdim : int
        Highest homology dimension.
    cycles : bool
        Build a representative cycle of the H1 bars (only when ``maxdim >= 1``).
    longest : int, optional
        Only for this many of the longest H1 bars (`latent_widgets.topology.cycles.h1_cycles`).
    """
    wanted = cycles and maxdim >= 1
    began = time.perf_counter()
    res = quiet_ripser(distances, maxdim=maxdim, distance_matrix=True, do_cocycles=wanted)
    ripped = time.perf_counter()
    loops = None
    if wanted:
        local = np.arange(len(marks), dtype=np.int64)
        found = h1_cycles(distances, res["dgms"][1], res["cocycles"][1], local, longest=longest)
        loops = [None if loop is None else np.asarray(marks)[loop] for loop in found]
    diagrams = [np.asarray(d, dtype=np.float64).reshape(-1, 2) for d in res["dgms"]]
    return LandmarkDiagrams(diagrams, loops, ripped - began, time.perf_counter() - ripped, began)
