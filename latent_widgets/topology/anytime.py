"""Anytime persistent homology: a quick H0 first, then H0..maxdim on growing landmark sets.

A large latent set should never leave the user waiting without a picture. This module
computes in stages and hands each one over as soon as it is ready:

1. H0 on up to 256 greedy landmarks (cheap: H0 costs little);
2. H0..maxdim on 64, 128, 256, ... landmarks and a last, largest count.

Which stages run is planned before the first one starts, from cost estimates of the points,
dimensions and landmarks (`latent_widgets.topology.stages.plan_stages`), never from the clock:
the same data and settings give the same landmarks, diagrams and Betti numbers on every run
and machine. The time budget is planned for in estimated seconds (the worst cases measured,
so most sets finish well inside it) and is also a ceiling on the wall clock: before each
stage its time is predicted from what was measured so far (picking the landmarks and running
ripser.py timed apart), and a stage predicted to end past the budget is not started. Only
then, on a machine slower than the models, does the answer depend on the machine, and the
last stage's notes say so.

Landmarks come from one greedy max-min order (:class:`MaxMinLandmarks`): every stage's set
is a prefix of the next one's, so growing the set costs only the new landmarks. Each stage
reports its cover radius r and the error bound 2 r on the bottleneck distance to the full
set's diagrams (see :class:`latent_widgets.topology.persistence.PersistenceResult`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from latent_widgets._validation import check_maxdim
from latent_widgets.topology.budget import DEFAULT_MEMORY_BUDGET_BYTES, format_seconds
from latent_widgets.topology.landmarks import (
    MaxMinLandmarks,
    landmark_diagrams,
    landmark_distances,
)
from latent_widgets.topology.persistence import PersistenceResult, _as_points
from latent_widgets.topology.stages import (
    CYCLE_BARS,
    StagePlan,
    cycle_seconds,
    dims_text,
    explicit_plan,
    plan_stages,
    ripser_seconds,
)

__all__ = ["Stage", "anytime_persistence"]


@dataclass
class Stage:
    """One stage of :func:`anytime_persistence`.

    Attributes
    ----------
    result : PersistenceResult
        Diagrams so far: H0 from the most accurate stage yet, the higher dimensions from this
        stage; ``error_bound`` is the larger of the two bounds. ``result.notes`` holds the
        details (why landmarks, the plan, a stop by the time ceiling).
    name : str
        What the stage computed, in words.
    seconds : float
        Time since the start of the computation.
    progress : float
        Share of the plan's estimated cost done (1.0 at the last stage).
    final : bool
        No stage follows.
    stopped_early : bool
        The time ceiling stopped the plan before this stage's successor: the result
        depends on the machine's speed (the notes say so). Such a stage repeats the last
        diagrams with that note.
    """

    result: PersistenceResult
    name: str
    seconds: float
    progress: float = 1.0
    final: bool = False
    stopped_early: bool = False


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class _Run:
    """The stages of one plan, with the wall clock as a ceiling (see the module docstring)."""

    def __init__(self, points, maxdim, cycles, plan: StagePlan, first, start, budget):
        self.points, self.maxdim, self.cycles, self.plan = points, maxdim, cycles, plan
        self.start, self.budget = start, budget
        self.n, self.dim = points.shape
        self.sampler = MaxMinLandmarks(points, first)
        self.grow_s, self.grown = 0.0, 1  # seconds spent growing, landmarks grown
        # (estimate, seconds) of each part of each stage so far; "h0": the H0 stage's ripser
        self.history: dict[str, list[tuple[float, float]]] = {"ripser": [], "cycles": [],
                                                              "h0": []}
        self.h0 = np.zeros((0, 2))
        self.h0_cover, self.m0 = np.inf, 0
        self.details = [_sentence(plan.why)] if plan.why else []
        self.details.append(plan.describe())
        self.index = 0  # stages yielded so far

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def _grow(self, m: int, deadline: float | None) -> np.ndarray:
        began = time.perf_counter()
        marks = self.sampler.grow(m, deadline)
        self.grow_s += time.perf_counter() - began
        self.grown = max(self.grown, len(self.sampler.order))
        return marks

    def _estimates(self, m: int, maxdim: int) -> dict[str, float]:
        """The models' seconds of each part of a stage on ``m``, without fixed overheads."""
        cycles = self.cycles and maxdim >= 1
        return {"ripser": ripser_seconds(m, self.dim, maxdim, cycles, overhead=False),
                "cycles": cycle_seconds(m, maxdim, cycles)}

    def _measured(self, m: int, ripser_s: float, cycles_s: float, maxdim: int) -> None:
        """Record the seconds ripser.py and the cycles took on ``m``, with their estimates."""
        took = {"ripser": ripser_s, "cycles": cycles_s}
        for part, estimated in self._estimates(m, maxdim).items():
            if estimated > 0:
                self.history[part if maxdim == self.maxdim else "h0"].append(
                    (estimated, took[part]))

    def _part(self, part: str, estimated: float) -> float:
        """Predicted seconds of one part (ripser or cycles) of a stage the models put at
        ``estimated``: a stage's measured time scaled as the models scale (worst-case
        exponents, so usually too much), the smaller of this from each of the last two stages
        (a hiccup of one does not stop the plan). Before any such stage, the estimate, scaled
        by how much slower than its own estimate the H0 stage ran."""
        history = self.history[part][-2:]
        if history:
            return min(took * estimated / last for last, took in history)
        slower = max((took / (last + 0.01) for last, took in self.history["h0"]), default=1.0)
        return (estimated + 0.01) * max(1.0, slower)

    def predicted_rest(self, m: int) -> float:
        """Predicted seconds of stage ``m`` once its landmarks are grown."""
        return sum(self._part(part, estimated) if estimated > 0 else 0.0
                   for part, estimated in self._estimates(m, self.maxdim).items())

    def predicted(self, m: int) -> float:
        """Predicted seconds of stage ``m``: its new landmarks at the rate measured, then
        `predicted_rest`."""
        return self.grow_s / self.grown * max(m - self.grown, 0) + self.predicted_rest(m)

    def too_late(self, m: int) -> str:
        """Why stage ``m`` is not started ("" when it may start)."""
        if self.budget is None:
            return ""
        predicted = self.predicted(m)
        if self.elapsed() + predicted <= self.budget:
            return ""
        return (
            f"Stopped after {format_seconds(self.elapsed())} by the time ceiling: "
            f"{dims_text(self.maxdim)} on {m:,} landmarks was predicted to take "
            f"{format_seconds(predicted)} more on this machine, past the budget of "
            f"{format_seconds(self.budget)}. This answer depends on the machine's speed; "
            "raise time_budget_s to reach the planned stages."
        )

    def h0_stage(self) -> Stage:
        """H0 on the plan's first landmarks (cut short only by the time ceiling)."""
        deadline = None if self.budget is None else self.start + 0.95 * self.budget
        marks = self._grow(self.plan.h0_landmarks, deadline)
        m0, began = len(marks), time.perf_counter()
        distances = landmark_distances(self.points, marks)  # timed with ripser.py, as modelled
        found = landmark_diagrams(distances, marks, 0)
        self._measured(m0, found.ripser_s + found.began - began, 0.0, maxdim=0)
        self.h0 = found.diagrams[0]
        self.h0_cover, self.m0 = self.sampler.cover_radius(m0), m0
        note = f"H0 on {m0:,} landmarks of {self.n:,} points"
        if m0 < self.plan.h0_landmarks:
            self.details.append(f"The time ceiling cut the first stage to {m0:,} landmarks.")
        result = PersistenceResult.on_landmarks(
            [self.h0] + [np.zeros((0, 2)) for _ in range(self.maxdim)], marks, self.h0_cover,
            self.n, note=note, notes=self.details,
        )
        return self._stage(result, note, final=self.maxdim == 0 or not self.plan.stages)

    def _stage(self, result, name, final=False) -> Stage:
        stage = Stage(result, name, self.elapsed(), self.plan.progress(self.index), final)
        self.index += 1
        return stage

    def stage(self, m: int, ceiling: bool = True) -> Stage | None:
        """H0..maxdim on ``m`` landmarks; None when the ceiling stopped it while growing."""
        deadline = None
        if ceiling and self.budget is not None:
            deadline = self.start + self.budget - self.predicted_rest(m)
        marks = self._grow(m, deadline)
        if len(marks) < m:
            return None
        began = time.perf_counter()
        distances = landmark_distances(self.points, marks)  # timed with ripser.py, as modelled
        found = landmark_diagrams(distances, marks, self.maxdim, cycles=self.cycles,
                                  longest=CYCLE_BARS)
        self._measured(m, found.ripser_s + found.began - began, found.cycles_s, self.maxdim)
        cover = self.sampler.cover_radius(m)
        if m >= self.m0:  # this stage's H0 is at least as accurate as the first one's
            self.h0 = found.diagrams[0]
            self.h0_cover, self.m0 = cover, m
        bound = 2.0 * max(cover, self.h0_cover)
        note = (f"{dims_text(self.maxdim)} on {m:,} greedy landmarks of {self.n:,} points, within "
                f"{bound:.3g} of the full set's diagrams (bottleneck)")
        if self.m0 != m:
            note += f"; H0 on {self.m0:,}"
        result = PersistenceResult.on_landmarks(
            [self.h0, *found.diagrams[1:]], marks, bound / 2.0, self.n, cycles=found.cycles,
            note=note, notes=self.details,
        )
        final = m == self.plan.stages[-1] or bound == 0.0  # exact: nothing left to lower
        return self._stage(result, f"{dims_text(self.maxdim)} on {m:,} landmarks", final)

    def stopped(self, last: Stage, reason: str) -> Stage:
        """``last`` again, with the ceiling's reason in its notes."""
        note = f"{last.result.note}; stopped early by the time ceiling (depends on the machine)"
        result = replace(last.result, note=note, notes=[*last.result.notes, reason])
        return Stage(result, last.name, self.elapsed(), 1.0, True, True)


def _exact(points, maxdim, cycles, start, plan) -> Stage:
    n = len(points)
    everything = np.arange(n, dtype=np.int64)
    found = landmark_diagrams(landmark_distances(points, everything), everything, maxdim,
                              cycles=cycles, longest=CYCLE_BARS)
    result = PersistenceResult.on_landmarks(found.diagrams, everything, 0.0, n,
                                            cycles=found.cycles, notes=[plan.describe()])
    return Stage(result, f"{dims_text(maxdim)} of all {n:,} points", time.perf_counter() - start,
                 1.0, True)


def anytime_persistence(
    z: np.ndarray,
    maxdim: int = 1,
    *,
    time_budget_s: float | None = 5.0,
    memory_budget_bytes: float = DEFAULT_MEMORY_BUDGET_BYTES,
    cycles: bool = True,
    seed: int = 0,
    should_stop: Callable[[], bool] = lambda: False,
    landmarks: Sequence[int] | None = None,
) -> Iterator[Stage]:
    """Persistence diagrams of ``z`` in stages, each better than the last.

    Parameters
    ----------
    z : (n, d) array-like
        The points (NaN/inf refused, as by :func:`latent_widgets.topology.persistence.persistence`).
    maxdim : {0, 1, 2}
        Highest homology dimension.
    time_budget_s : float or None
        The stages are planned, from cost estimates alone, to end within this many seconds
        (`latent_widgets.topology.stages.plan_stages`): the same arguments give the same stages
        on any machine. It is also a ceiling on the wall clock: a stage predicted (from the
        times measured so far) to end past it is not started, and the last stage's notes say
        the answer then depends on the machine. None (only with ``landmarks``): no ceiling.
    memory_budget_bytes : float
        No stage is planned whose estimate exceeds this; ``maxdim=2`` on a set where too few
        landmarks fit is refused (ValueError, with the estimate and what to do).
    cycles : bool
        Build representative H1 cycles (indices into ``z``).
    seed : int
        0 starts the landmarks at point 0; another value at a point drawn with it.
    should_stop : callable
        Checked between stages; True ends the computation early (no more stages).
    landmarks : sequence of int, optional
        Landmark counts of the stages instead of the plan (no H0-only stage first); each is
        checked against the memory budget. For more landmarks than the budgets allow.

    Yields
    ------
    Stage
        When all points fit the budgets, one exact stage. Otherwise an H0 stage, then
        stages on growing landmark sets; the last has ``final`` set.
    """
    start = time.perf_counter()
    points = _as_points(z)
    check_maxdim(maxdim)
    if time_budget_s is None and landmarks is None:
        raise ValueError("time_budget_s=None needs explicit landmarks=; pass a number of seconds")
    if time_budget_s is not None and not time_budget_s > 0:
        raise ValueError(f"time_budget_s must be a positive number of seconds, got {time_budget_s}")
    n, dim = points.shape
    want_cycles = bool(cycles) and maxdim >= 1
    if landmarks is None:
        plan = plan_stages(n, dim, maxdim, want_cycles, memory_budget_bytes, time_budget_s)
    else:
        plan = explicit_plan(n, dim, maxdim, want_cycles, memory_budget_bytes, landmarks)
    if plan.exact:
        yield _exact(points, maxdim, want_cycles, start, plan)
        return
    first = 0 if seed == 0 else int(np.random.default_rng(seed).integers(n))
    run = _Run(points, maxdim, want_cycles, plan, first, start, time_budget_s)
    last = run.h0_stage() if plan.h0_landmarks else None
    if last is not None:
        yield last
    for m in plan.stages:
        if should_stop():
            return
        reason = run.too_late(m) if last is not None else ""
        stage = None if reason else run.stage(m, ceiling=last is not None)
        if stage is None:
            reason = reason or run.too_late(m) or "Stopped by the time ceiling while growing."
            yield run.stopped(last, reason)
            return
        last = stage
        yield stage
        if stage.final:
            return
