"""Anytime persistent homology: a quick H0 first, then H1 on growing landmark sets.

A large latent set should never leave the user waiting without a picture. This module
computes in stages and hands each one over as soon as it is ready:

1. H0 on a landmark set large enough to be accurate (cheap: H0 costs little);
2. H0..maxdim on 64, 128, 256, ... landmarks, while the next stage is predicted to end
   within the time budget (and always within the memory budget).

Landmarks come from one greedy max-min order (:class:`MaxMinLandmarks`): every stage's set
is a prefix of the next one's, so growing the set costs only the new landmarks. Each stage
reports its cover radius r and the error bound 2 r on the bottleneck distance to the full
set's diagrams (see :class:`latent_widgets.topology.PersistenceResult`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from latent_widgets.cycles import h1_cycles
from latent_widgets.homology_budget import (
    DEFAULT_MEMORY_BUDGET_BYTES,
    MIN_LANDMARKS,
    Estimate,
    estimate,
    fits,
    format_bytes,
    format_seconds,
    largest_count,
)
from latent_widgets.topology import PersistenceResult, _as_points, quiet_ripser

__all__ = ["MaxMinLandmarks", "Stage", "anytime_persistence", "landmark_distances"]

H0_LANDMARKS = 256  # the first picture: H0 of 256 landmarks, well under a second
FIRST_H1_LANDMARKS = 64


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
    every point lies within ``cover_radius(m)`` of one of them. One step costs one
    matrix-vector product with the points (O(n d)).
    """

    def __init__(self, points: np.ndarray, first: int = 0) -> None:
        # centred first: float32 |x|^2 - 2 x.p + |p|^2 loses the spread of data far from 0
        centred = np.asarray(points, dtype=np.float64)
        self.points = np.ascontiguousarray(centred - centred.mean(axis=0), dtype=np.float32)
        self._sq_norms = np.einsum("ij,ij->i", self.points, self.points)
        n = len(self.points)
        if not 0 <= first < n:
            raise ValueError(f"first landmark {first} is not one of the {n} points")
        self.order: list[int] = []
        self._radii: list[float] = []  # cover radius after each landmark
        self._nearest_sq = np.full(n, np.inf, dtype=np.float32)
        self._farthest = first
        self._add(first)

    def _add(self, index: int) -> None:
        point = self.points[index]
        sq = self.points @ point
        sq *= -2.0
        sq += self._sq_norms
        sq += point @ point
        np.minimum(self._nearest_sq, sq, out=self._nearest_sq)
        self._nearest_sq[index] = 0.0
        self.order.append(index)
        self._farthest = int(np.argmax(self._nearest_sq))
        self._radii.append(float(np.sqrt(max(self._nearest_sq[self._farthest], 0.0))))

    def grow(self, m: int) -> np.ndarray:
        """The first ``m`` landmarks (int64 indices), computing the missing ones."""
        m = min(int(m), len(self.points))
        while len(self.order) < m:
            if self._nearest_sq[self._farthest] <= 0.0:  # only duplicates are left
                remaining = np.setdiff1d(np.arange(len(self.points)), self.order)
                for index in remaining[: m - len(self.order)]:
                    self._add(int(index))
                break
            self._add(self._farthest)
        return np.asarray(self.order[:m], dtype=np.int64)

    def cover_radius(self, m: int) -> float:
        """Every point lies within this distance of one of the first ``m`` landmarks."""
        self.grow(m)
        return 0.0 if m >= len(self.points) else self._radii[m - 1]


def landmark_distances(points: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Euclidean distance matrix of ``points[indices]`` (float64, zero diagonal)."""
    chosen = np.asarray(points[indices], dtype=np.float64)
    sq = np.einsum("ij,ij->i", chosen, chosen)
    d2 = sq[:, None] + sq[None, :] - 2.0 * chosen @ chosen.T
    np.fill_diagonal(d2, 0.0)
    return np.sqrt(np.maximum(d2, 0.0))


@dataclass
class Stage:
    """One stage of :func:`anytime_persistence`.

    Attributes
    ----------
    result : PersistenceResult
        Diagrams so far: H0 from the most accurate stage yet, the higher dimensions from this
        stage; ``error_bound`` is the larger of the two bounds.
    name : str
        What the stage computed, in words.
    seconds : float
        Time since the start of the computation.
    """

    result: PersistenceResult
    name: str
    seconds: float


def _ripser_on(distances: np.ndarray, maxdim: int, cycles: bool) -> dict:
    return quiet_ripser(distances, maxdim=maxdim, distance_matrix=True, do_cocycles=cycles)


def _result(res: dict, landmarks, cover, n, maxdim, note, cycles) -> PersistenceResult:
    diagrams = [np.asarray(d, dtype=np.float64).reshape(-1, 2) for d in res["dgms"]]
    return PersistenceResult(
        diagrams=diagrams,
        landmarks=landmarks,
        cover_radius=cover,
        error_bound=2.0 * cover,
        n_points=n,
        maxdim=maxdim,
        note=note,
        cycles=cycles,
    )


def stage_cost(n: int, m: int, dim: int, maxdim: int, cycles: bool) -> Estimate:
    """Cost of one stage on ``m`` of ``n`` points: ripser.py on an m x m distance matrix
    (`latent_widgets.homology_budget.estimate`) plus growing the greedy landmarks to m
    (one float32 pass over the points per landmark, here bounded by 1 ns per value, about
    5x what it measures) and their copy of the points."""
    ripser_part = estimate(m, m, dim, maxdim, cycles)
    if m >= n:
        return ripser_part
    return Estimate(
        memory_bytes=ripser_part.memory_bytes + n * (dim * 4 + 8) + m * m * 8,
        time_s=ripser_part.time_s + m * n * (dim + 8) * 1e-9,
    )


def _plan_stages(n, dim, maxdim, cycles, memory, seconds) -> tuple[int, str]:
    """Largest landmark count that memory allows, and why landmarks are needed ("" when
    every point fits). Refuses, with the estimate and what to do, when not even the fewest
    landmarks worth a diagram fit."""
    full = stage_cost(n, n, dim, maxdim, cycles)
    if fits(full, memory, seconds):
        return n, ""
    why = (
        f"all {n:,} points would need about {format_bytes(full.memory_bytes)} and "
        f"{format_seconds(full.time_s)} (budget {format_bytes(memory)}, "
        f"{format_seconds(seconds)})"
    )
    need = min(MIN_LANDMARKS[maxdim], n)
    if not fits(stage_cost(n, need, dim, maxdim, cycles), memory, seconds):
        cost = stage_cost(n, need, dim, maxdim, cycles)
        stride = 2  # does a subsample help? only when the points, not the landmarks, cost
        while n // stride >= need and not fits(
            stage_cost(n // stride, need, dim, maxdim, cycles), memory, seconds
        ):
            stride *= 2
        advice = [f"subsample first (e.g. z[::{stride}])"] if n // stride >= need else []
        advice.append("raise memory_budget_bytes / time_budget_s")
        if maxdim == 2:
            advice.append("use maxdim=1")
        raise ValueError(
            f"maxdim={maxdim} on {why}, and even {need} landmarks would need about "
            f"{format_bytes(cost.memory_bytes)} and {format_seconds(cost.time_s)}: "
            + ", or ".join(advice)
        )
    def fits_in_memory(m: int) -> bool:
        return fits(stage_cost(n, m, dim, maxdim, cycles), memory, None)

    return largest_count(fits_in_memory, need, n - 1), why


def _stage_sizes(n: int, largest: int) -> list[int]:
    sizes, m = [], FIRST_H1_LANDMARKS
    while m < largest:
        sizes.append(m)
        m *= 2
    sizes.append(largest)
    return [s for s in sizes if s <= n]


def anytime_persistence(
    z: np.ndarray,
    maxdim: int = 1,
    *,
    time_budget_s: float = 5.0,
    memory_budget_bytes: float = DEFAULT_MEMORY_BUDGET_BYTES,
    cycles: bool = True,
    seed: int = 0,
    should_stop: Callable[[], bool] = lambda: False,
) -> Iterator[Stage]:
    """Persistence diagrams of ``z`` in stages, each better than the last.

    Parameters
    ----------
    z : (n, d) array-like
        The points (NaN/inf refused, as by :func:`latent_widgets.topology.persistence`).
    maxdim : {0, 1, 2}
        Highest homology dimension.
    time_budget_s : float
        A further stage starts only when it is predicted (from the stages so far) to end
        within this many seconds of the start. The first H0 and H1 stages always run.
    memory_budget_bytes : float
        No stage is started whose estimate exceeds this; ``maxdim=2`` on a set where too few
        landmarks fit is refused (ValueError, with the estimate and what to do).
    cycles : bool
        Build representative H1 cycles (indices into ``z``).
    seed : int
        0 starts the landmarks at point 0; another value at a point drawn with it.
    should_stop : callable
        Checked between stages; True ends the computation early (no more stages).

    Yields
    ------
    Stage
        When all points fit the budgets, one exact stage. Otherwise an H0 stage, then
        stages on growing landmark sets; the iteration ends when the budget is spent.
    """
    points = _as_points(z)
    if maxdim not in (0, 1, 2):
        raise ValueError(f"maxdim must be 0, 1 or 2, got {maxdim!r}")
    n, dim = points.shape
    want_cycles = bool(cycles) and maxdim >= 1
    start = time.perf_counter()
    if not time_budget_s > 0:
        raise ValueError(f"time_budget_s must be a positive number of seconds, got {time_budget_s}")
    largest, why = _plan_stages(n, dim, maxdim, want_cycles, memory_budget_bytes, time_budget_s)
    if largest >= n:
        everything = np.arange(n, dtype=np.int64)
        res = _ripser_on(landmark_distances(points, everything), maxdim, want_cycles)
        loops = _cycles(res, landmark_distances(points, everything), everything, want_cycles)
        result = _result(res, everything, 0.0, n, maxdim, "", loops)
        yield Stage(result, f"H0–H{maxdim} of all {n:,} points", time.perf_counter() - start)
        return

    first = 0 if seed == 0 else int(np.random.default_rng(seed).integers(n))
    sampler = MaxMinLandmarks(points, first)
    m0 = min(n, H0_LANDMARKS)
    h0_marks = sampler.grow(m0)
    res0 = _ripser_on(landmark_distances(points, h0_marks), 0, False)
    h0 = np.asarray(res0["dgms"][0], dtype=np.float64).reshape(-1, 2)
    h0_cover = sampler.cover_radius(m0)
    note_h0 = f"H0 on {m0:,} landmarks of {n:,} points"
    h0_result = replace(
        _result(res0, h0_marks, h0_cover, n, 0, note_h0, None),
        diagrams=[h0] + [np.zeros((0, 2)) for _ in range(maxdim)],
        maxdim=maxdim,
    )
    sizes = _stage_sizes(n, min(largest, n)) if maxdim >= 1 else []
    yield Stage(h0_result, note_h0, time.perf_counter() - start)

    previous: tuple[int, float] | None = None
    for m in sizes:
        if should_stop():
            return
        elapsed = time.perf_counter() - start
        if previous is not None:
            m_last, took = previous
            ratio = stage_cost(n, m, dim, maxdim, want_cycles).time_s / max(
                stage_cost(n, m_last, dim, maxdim, want_cycles).time_s, 1e-9)
            if elapsed + took * ratio > time_budget_s:
                return
        began = time.perf_counter()
        marks = sampler.grow(m)
        distances = landmark_distances(points, marks)
        res = _ripser_on(distances, maxdim, want_cycles)
        loops = _cycles(res, distances, marks, want_cycles)
        cover = sampler.cover_radius(m)
        previous = (m, time.perf_counter() - began)
        if m >= m0:  # this stage's H0 is at least as accurate as the first one's
            h0, h0_cover, m0 = np.asarray(res["dgms"][0], np.float64).reshape(-1, 2), cover, m
        bound = 2.0 * max(cover, h0_cover)
        note = (
            f"H1{'–H2' if maxdim == 2 else ''} on {m:,} greedy landmarks, H0 on {m0:,}, within "
            f"{bound:.3g} of the full set's diagrams (bottleneck)" + (f"; {why}" if why else "")
        )
        diagrams = [h0] + [np.asarray(d, np.float64).reshape(-1, 2) for d in res["dgms"][1:]]
        result = PersistenceResult(
            diagrams=diagrams,
            landmarks=marks,
            cover_radius=bound / 2.0,
            error_bound=bound,
            n_points=n,
            maxdim=maxdim,
            note=note,
            cycles=loops,
        )
        yield Stage(result, f"H0–H{maxdim} on {m:,} landmarks", time.perf_counter() - start)


def _cycles(res: dict, distances: np.ndarray, marks: np.ndarray, wanted: bool):
    """Representative H1 cycles as indices into the whole set (None unless wanted)."""
    if not wanted:
        return None
    local = np.arange(len(marks), dtype=np.int64)
    loops = h1_cycles(distances, res["dgms"][1], res["cocycles"][1], local)
    return [None if loop is None else marks[loop] for loop in loops]

