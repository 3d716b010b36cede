"""The stages of anytime homology, planned from cost estimates alone (no clock).

`latent_widgets.topology.anytime.anytime_persistence` shows H0 first, then H0..maxdim on growing
sets of greedy landmarks. How many landmarks each stage uses is decided here, before any
computation, from the models of `latent_widgets.topology.budget` (ripser.py, fitted to the
worst cases measured) and the model below (picking the landmarks), so the same data and
settings always give the same stages, hence the same diagrams, on every run and machine.
The time budget is planned for in estimated seconds; the wall clock is only a ceiling that
may stop a computation early (see `latent_widgets.topology.anytime`).

========================  ====================================================================
part                      model (N points of d columns, m landmarks)
========================  ====================================================================
centred float32 copy      ``1 ms + 10 ns N d`` (2 to 5 ns measured, more on tiny sets)
each greedy landmark      one pass over the points: ``0.15 N (d + 8)`` ns when d >= 24 and
                          N d >= 2^21 (distance rows computed 32 at a time, a matrix product),
                          ``0.4 N (d + 8)`` ns otherwise (a matrix-vector product); measured
                          0.03 to 0.06 and 0.04 to 0.26 ns per value (d + 8) on a quiet 2-core
                          x86_64 machine (the models leave room for a loaded one)
one stage                 ripser.py on the m x m matrix (`homology_budget.estimate`), the
                          matrix (``2 ns m^2 d``) and the H1 cycles: a sort of the m^2 / 2
                          edges (``0.1 µs m^2``), then ``0.6 ms + 1 ns m^2`` for each of the
                          200 longest bars (0.5 to 0.8 ms measured at m = 64 to 466; Gaussian
                          noise in 32-D has 3.7 m bars)
headroom                  the plan is fitted to 90 % of the time budget, so that a machine a
                          little slower than the models still runs it to the end
========================  ====================================================================
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from latent_widgets.topology.budget import (
    MIN_LANDMARKS,
    Estimate,
    estimate,
    fits,
    format_bytes,
    format_seconds,
    largest_count,
    smallest_stride,
)

__all__ = [
    "CYCLE_BARS",
    "StagePlan",
    "cycle_seconds",
    "dims_text",
    "explicit_plan",
    "growth_seconds",
    "plan_stages",
    "ripser_seconds",
    "stage_cost",
    "stage_sizes",
]

H0_LANDMARKS = 256  # the first picture: H0 of 256 landmarks, well under a second
FIRST_H1_LANDMARKS = 64
CYCLE_BARS = 200  # representative cycles are built for this many of the longest H1 bars
# MaxMinLandmarks computes distance rows in blocks of up to BATCH_ROWS (and BATCH_VALUES
# values) when the points outgrow the caches (BATCHED_MIN_VALUES values, BATCHED_MIN_DIM
# columns): then a matrix product beats one matrix-vector product per landmark.
BATCHED_MIN_DIM = 24
BATCHED_MIN_VALUES = 2**21
BATCH_ROWS = 32
BATCH_VALUES = 2**23
_NS_PER_VALUE = {True: 0.15, False: 0.4}  # batched, single rows
_NS_PER_POINT = {True: 1.2, False: 3.2}
_SETUP_NS_PER_VALUE = 10.0
_SETUP_S = 1e-3
PLAN_SHARE = 0.9  # of the time budget, the rest is headroom for the ceiling


def dims_text(maxdim: int) -> str:
    """``"H0"``, ``"H0–H1"`` or ``"H0–H2"``: the dimensions of a stage, in words."""
    return "H0" if maxdim == 0 else f"H0–H{maxdim}"


def batch_rows(n_points: int, dim: int) -> int:
    """Distance rows MaxMinLandmarks computes at a time on ``n_points`` x ``dim`` points."""
    if dim < BATCHED_MIN_DIM or n_points * dim < BATCHED_MIN_VALUES:
        return 1
    return max(1, min(BATCH_ROWS, BATCH_VALUES // max(n_points, 1)))


def growth_seconds(n_points: int, dim: int, m: int, *, setup: bool = True) -> float:
    """Estimated seconds to pick ``m`` greedy max-min landmarks of ``n_points`` x ``dim``
    points (`latent_widgets.topology.landmarks.MaxMinLandmarks`), with its centred copy when
    ``setup``."""
    batched = batch_rows(n_points, dim) > 1
    per_landmark = n_points * (_NS_PER_VALUE[batched] * dim + _NS_PER_POINT[batched])
    first = n_points * dim * _SETUP_NS_PER_VALUE + _SETUP_S * 1e9 if setup else 0.0
    return (first + m * per_landmark) * 1e-9


def ripser_seconds(m: int, dim: int, maxdim: int, cycles: bool, overhead: bool = True) -> float:
    """Estimated seconds of ripser.py on ``m`` landmarks with their distance matrix, and a
    call's 10 ms of overhead (left out with ``overhead=False``, to scale measured times)."""
    seconds = estimate(m, m, dim, maxdim, cycles).time_s + 2e-9 * m * m * dim
    return seconds + (0.01 if overhead else 0.0)


def cycle_seconds(m: int, maxdim: int, cycles: bool) -> float:
    """Estimated seconds of the H1 cycles of ``m`` landmarks: the sort of their edges, then
    a sparse graph and a Dijkstra run for each of the `CYCLE_BARS` longest bars (of up to
    4 m)."""
    if not (cycles and maxdim >= 1):
        return 0.0
    bars = min(4 * m, CYCLE_BARS)
    return 1e-7 * m * m + bars * (6e-4 + 1e-9 * m * m)


def stage_cost(n_points: int, m: int, dim: int, maxdim: int, cycles: bool) -> Estimate:
    """Cost of one stage on ``m`` of ``n_points`` points once its landmarks are picked:
    `ripser_seconds` and `cycle_seconds`; the memory is ripser.py's (:func:`estimate`), the
    matrix and, when m < n, the landmark picker's copy of the points."""
    seconds = ripser_seconds(m, dim, maxdim, cycles) + cycle_seconds(m, maxdim, cycles)
    memory = estimate(m, m, dim, maxdim, cycles).memory_bytes + m * m * 8
    if m < n_points:  # the centred copy, its norms and distances, a block of rows
        memory += n_points * (dim * 4 + 12) + n_points * batch_rows(n_points, dim) * 4
    return Estimate(memory_bytes=int(memory), time_s=seconds)


@dataclass(frozen=True)
class StagePlan:
    """The stages of `latent_widgets.topology.anytime.anytime_persistence`, fixed before it starts.

    Attributes
    ----------
    exact : bool
        All points in one stage, no landmarks.
    h0_landmarks : int
        Landmarks of the first, H0-only, stage; 0 when there is none.
    stages : tuple of int
        Landmark counts of the H0..maxdim stages, ascending (``(n,)`` when exact).
    seconds : tuple of float
        Estimated seconds from the start to the end of each stage, the H0 stage first when
        there is one (the worst case of the models above: most sets run well under it).
    why : str
        Why landmarks are used, in words ("" when exact or when the stages were given).
    budget_s : float or None
        The time budget planned for.
    maxdim : int
        Highest homology dimension of the stages.
    """

    exact: bool
    h0_landmarks: int
    stages: tuple[int, ...]
    seconds: tuple[float, ...]
    why: str = ""
    budget_s: float | None = None
    maxdim: int = 1

    @property
    def total_s(self) -> float:
        """Estimated seconds of the whole plan."""
        return self.seconds[-1] if self.seconds else 0.0

    def progress(self, stage: int) -> float:
        """Estimated share of the plan done when stage ``stage`` (0 = the first) ends."""
        return min(1.0, self.seconds[stage] / self.total_s) if self.total_s > 0 else 1.0

    def describe(self) -> str:
        """The plan in one sentence."""
        if self.exact:
            return f"All points in one stage, about {format_seconds(self.total_s)} at most."
        parts = [f"H0 on {self.h0_landmarks:,}"] if self.h0_landmarks else []
        if self.stages:
            parts.append(f"{dims_text(self.maxdim)} on " + ", ".join(f"{m:,}" for m in self.stages))
        budget = "" if self.budget_s is None else f" (budget {format_seconds(self.budget_s)})"
        return (f"Stages planned from the cost model: {', then '.join(parts)} landmarks, about "
                f"{format_seconds(self.total_s)} at most{budget}.")


def stage_sizes(largest: int) -> list[int]:
    """Landmark counts of the H1 stages up to ``largest``: from 64, growing by the same
    factor, at most 2, each stage (64, 111, 192, 334, 581 for 581). A stage's time then
    predicts the next one's within a factor of 2^3.4 or less of the models' scaling."""
    if largest < 1.5 * FIRST_H1_LANDMARKS:
        return [largest]
    steps = math.ceil(math.log2(largest / FIRST_H1_LANDMARKS) - 1e-9)
    factor = (largest / FIRST_H1_LANDMARKS) ** (1.0 / steps)
    return [round(FIRST_H1_LANDMARKS * factor**i) for i in range(steps)] + [largest]


def _schedule(n: int, dim: int, maxdim: int, cycles: bool, h0: int, stages) -> list[float]:
    """Estimated seconds from the start to the end of each stage (H0 stage first if h0)."""
    clock, grown, ends = growth_seconds(n, dim, 0), 0, []
    if h0:
        clock += growth_seconds(n, dim, h0, setup=False) + stage_cost(n, h0, dim, 0, False).time_s
        grown = h0
        ends.append(clock)
    for m in stages:
        clock += growth_seconds(n, dim, max(m - grown, 0), setup=False)
        clock += stage_cost(n, m, dim, maxdim, cycles).time_s
        grown = max(grown, m)
        ends.append(clock)
    return ends


def _layout(n: int, dim: int, maxdim: int, cycles: bool, largest: int):
    h0 = min(H0_LANDMARKS, largest)
    stages = stage_sizes(largest) if maxdim >= 1 else []
    return h0, stages, _schedule(n, dim, maxdim, cycles, h0, stages)


def plan_stages(
    n: int, dim: int, maxdim: int, cycles: bool, memory: float, seconds: float
) -> StagePlan:
    """The stages of anytime homology on ``n`` x ``dim`` points, from the estimates alone.

    Every point in one stage when that fits the budgets; otherwise H0 on up to 256 greedy
    landmarks, then H0..maxdim on 64 and on growing counts (`stage_sizes`) up to the largest
    whose whole plan (landmark picking included) is estimated to fit ``memory`` per stage
    and ``PLAN_SHARE`` (90 %) of ``seconds`` in all (so does the one exact stage). The same
    arguments always give the same plan.

    Parameters
    ----------
    n, dim : int
        Shape of the point cloud.
    maxdim : int
        Highest homology dimension (0, 1 or 2).
    cycles : bool
        Whether H1 cycles are built.
    memory : float
        Memory budget in bytes, per stage.
    seconds : float
        Time budget of the whole plan.

    Returns
    -------
    StagePlan

    Raises
    ------
    ValueError
        When not even ``MIN_LANDMARKS[maxdim]`` landmarks fit; the message says what to do.
    """
    full = stage_cost(n, n, dim, maxdim, cycles)
    if fits(full, memory, PLAN_SHARE * seconds):
        return StagePlan(True, 0, (n,), (full.time_s,), "", seconds, maxdim)
    why = (
        f"all {n:,} points would need about {format_bytes(full.memory_bytes)} and "
        f"{format_seconds(full.time_s)} (budget {format_bytes(memory)}, "
        f"{format_seconds(seconds)})"
    )
    need = max(2, min(MIN_LANDMARKS[maxdim], n - 1))

    def fits_at(m: int, points: int = n) -> bool:
        total = _layout(points, dim, maxdim, cycles, m)[2][-1]
        cost = stage_cost(points, m, dim, maxdim, cycles)
        return total <= PLAN_SHARE * seconds and fits(cost, memory, None)

    if not fits_at(need):
        raise ValueError(_refusal(n, dim, maxdim, cycles, memory, need, why, fits_at))
    largest = largest_count(fits_at, need, n - 1)
    h0, stages, ends = _layout(n, dim, maxdim, cycles, largest)
    return StagePlan(False, h0, tuple(stages), tuple(ends), why, seconds, maxdim)


def _refusal(n, dim, maxdim, cycles, memory, need, why, fits_at) -> str:
    """Why not even ``need`` landmarks fit, and what to do instead."""
    cost = stage_cost(n, need, dim, maxdim, cycles)
    total = _layout(n, dim, maxdim, cycles, need)[2][-1]
    # does a subsample help? only when the points, not the landmarks, cost
    stride = smallest_stride(n, need, lambda k: fits_at(need, n // k))
    advice = [f"subsample first (e.g. z[::{stride}])"] if n // stride > need else []
    advice.append("raise memory_budget_bytes / time_budget_s")
    if maxdim == 2:
        advice.append("use maxdim=1")
    return (
        f"maxdim={maxdim} on {why}, and even {need} landmarks would need about "
        f"{format_bytes(cost.memory_bytes)} and {format_seconds(total)}: " + ", or ".join(advice)
    )


def explicit_plan(
    n: int, dim: int, maxdim: int, cycles: bool, memory: float, counts: Iterable[int]
) -> StagePlan:
    """A plan of given landmark counts (no H0-only stage), each checked against ``memory``.

    Raises
    ------
    ValueError
        For a count outside 2..n, or one whose stage does not fit ``memory`` (with the
        largest count that does).
    """
    asked = [int(m) for m in counts]
    stages = sorted(set(asked))
    if not stages or stages[0] < 2 or stages[-1] > n:
        raise ValueError(f"landmark counts must lie between 2 and the {n:,} points, got {asked}")
    for m in stages:
        cost = stage_cost(n, m, dim, maxdim, cycles)
        if not fits(cost, memory, None):
            best = largest_count(
                lambda k: fits(stage_cost(n, k, dim, maxdim, cycles), memory, None), 2, m
            )
            raise ValueError(
                f"{dims_text(maxdim)} on {m:,} landmarks would need about "
                f"{format_bytes(cost.memory_bytes)}, over the memory budget of "
                f"{format_bytes(memory)}; {best:,} landmarks fit, or raise memory_budget_bytes"
            )
    ends = _schedule(n, dim, maxdim, cycles, 0, stages)
    return StagePlan(False, 0, tuple(stages), tuple(ends), "", None, maxdim)
