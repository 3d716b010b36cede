"""Does the map lie? Compare the homology of the latents with that of their 2-D map.

A projection to 2-D can tear a loop open or glue a gap shut. Both point sets are reduced to
the same greedy landmarks (chosen in latent space), each is scaled so that the median
distance between its landmarks is 1 (a map's units mean nothing), and their diagrams are
compared with the bottleneck distance (persim). The optimal matching names the loops that
only one side has: matched to the diagonal, they were destroyed or created by the map.

H0 is the exception: persim's matching search takes seconds to minutes on the ~300 points
of an H0 diagram, while H0 diagrams (every birth 0) reduce to one dimension, where the
optimum matches the k longest bars of each side in order and sends the rest to the
diagonal, for the best k (`h0_bottleneck`; a test checks it against persim).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import persim

from latent_widgets._validation import check_maxdim
from latent_widgets.topology.landmarks import (
    MaxMinLandmarks,
    landmark_diagrams,
    landmark_distances,
)
from latent_widgets.topology.persistence import _as_points

__all__ = ["Loop", "MapCheck", "h0_bottleneck", "map_check"]


def h0_bottleneck(deaths_a: np.ndarray, deaths_b: np.ndarray) -> float:
    """Bottleneck distance between two diagrams whose births are all 0 (finite deaths).

    Parameters
    ----------
    deaths_a, deaths_b : 1-D arrays
        The deaths of each diagram's points.

    Returns
    -------
    float
        min over k of max(largest |a_i - b_i| among the k longest of each, sorted; half of
        the longest bar left unmatched on either side).
    """
    a = np.sort(np.asarray(deaths_a, dtype=np.float64))[::-1]
    b = np.sort(np.asarray(deaths_b, dtype=np.float64))[::-1]
    n = max(len(a), len(b))
    a = np.r_[a, np.zeros(n + 1 - len(a))]
    b = np.r_[b, np.zeros(n + 1 - len(b))]
    matched = np.r_[0.0, np.maximum.accumulate(np.abs(a[:n] - b[:n]))]
    return float(np.min(np.maximum(matched, np.maximum(a, b) / 2.0)))


@dataclass
class Loop:
    """A feature that one side has and the other does not.

    Attributes
    ----------
    dim : int
        Homology dimension (1 for a loop).
    birth, death : float
        In the scaled units of the side that has it.
    side : {"latents", "map"}
        Where the feature exists: "latents" means the map destroyed it, "map" that the map
        created it.
    cycle : (L,) int64 array or None
        Indices into the point set of a loop of points representing it (H1 only).
    """

    dim: int
    birth: float
    death: float
    side: str
    cycle: np.ndarray | None = None

    @property
    def persistence(self) -> float:
        return self.death - self.birth

    def describe(self) -> str:
        what = "loop" if self.dim == 1 else f"H{self.dim} feature"
        verb = "the map destroyed" if self.side == "latents" else "the map created"
        where = "of the latents" if self.side == "latents" else "on the map"
        points = ""
        if self.cycle is not None and len(self.cycle):
            shown = ", ".join(map(str, self.cycle[:8])) + (", …" if len(self.cycle) > 8 else "")
            points = f"; its points: {shown}"
        return (
            f"{verb} a {what} {where} (born {self.birth:.3g}, dies {self.death:.3g}, "
            f"persistence {self.persistence:.3g}){points}"
        )


@dataclass
class MapCheck:
    """Result of :func:`map_check`.

    Attributes
    ----------
    bottleneck : list of float
        Bottleneck distance per dimension (0, 1, ...), in scaled units.
    n_landmarks : int
        Points compared.
    min_persistence : float
        Features persisting less than this (scaled units) are not reported.
    destroyed, created : list of Loop
        Features matched to the diagonal, longest first, that persist more than
        ``min_persistence``.
    """

    bottleneck: list[float]
    n_landmarks: int
    min_persistence: float = 0.25
    destroyed: list[Loop] = field(default_factory=list)
    created: list[Loop] = field(default_factory=list)

    @property
    def summary(self) -> str:
        distances = ", ".join(f"H{q} {d:.3g}" for q, d in enumerate(self.bottleneck))
        if not self.destroyed and not self.created:
            verdict = (
                f"the map neither created nor destroyed a feature persisting longer than "
                f"{self.min_persistence:g}"
            )
        else:
            verdict = (
                f"the map destroyed {len(self.destroyed)} and created {len(self.created)} "
                "feature(s)"
            )
        return (
            f"Bottleneck distance between the latents' and the map's homology ({distances}; "
            f"median landmark distance = 1, {self.n_landmarks} landmarks): {verdict}."
        )

    @property
    def details(self) -> list[str]:
        return [loop.describe() for loop in self.destroyed + self.created]


def _diagrams(points: np.ndarray, marks: np.ndarray, maxdim: int):
    distances = landmark_distances(points, marks)
    scale = float(np.median(distances[np.triu_indices(len(marks), k=1)]))
    distances /= scale if scale > 0 else 1.0
    found = landmark_diagrams(distances, marks, maxdim, cycles=True)
    return found.diagrams, found.cycles


@dataclass
class _Side:
    """One side of the comparison: its finite features, their cycles, where its losses go."""

    rows: np.ndarray
    dgm: np.ndarray
    name: str
    cycles: list | None
    found: list

    @classmethod
    def of(cls, dgm: np.ndarray, name: str, cycles: list | None, found: list) -> _Side:
        rows = np.flatnonzero(np.isfinite(dgm[:, 1]))
        return cls(rows, dgm[rows], name, cycles, found)

    def report(self, q: int, k: int, min_persistence: float) -> None:
        """Feature ``k`` has no partner on the other side: note it if it persists enough."""
        birth, death = self.dgm[k]
        if death - birth > min_persistence:
            cycle = self.cycles[self.rows[k]] if (q == 1 and self.cycles is not None) else None
            self.found.append(Loop(q, float(birth), float(death), self.name, cycle))


def _compare_loops(q: int, latent: _Side, on_map: _Side, min_persistence: float) -> float:
    """The bottleneck distance in dimension ``q``; unmatched features go to their side."""
    if len(latent.dgm) == 0 or len(on_map.dgm) == 0:  # one side has no loop: all are lost
        only = latent if len(latent.dgm) else on_map
        for k in range(len(only.dgm)):
            only.report(q, k, min_persistence)
        dgm = only.dgm
        return float((dgm[:, 1] - dgm[:, 0]).max() / 2) if len(dgm) else 0.0
    with warnings.catch_warnings():  # persim 0.4's one-time notice about tied matchings
        warnings.filterwarnings("ignore", message="As of 0.4.0")
        distance, matching = persim.bottleneck(latent.dgm, on_map.dgm, matching=True)
    for i, j, _ in np.asarray(matching).reshape(-1, 3):
        i, j = int(i), int(j)
        if i >= 0 and j < 0 and i < len(latent.dgm):
            latent.report(q, i, min_persistence)
        elif j >= 0 and i < 0 and j < len(on_map.dgm):
            on_map.report(q, j, min_persistence)
    return float(distance)


def map_check(
    latents: np.ndarray,
    points: np.ndarray,
    *,
    maxdim: int = 1,
    n_landmarks: int = 300,
    min_persistence: float = 0.25,
    seed: int = 0,
) -> MapCheck:
    """Compare the persistent homology of ``latents`` with that of their 2-D map.

    Parameters
    ----------
    latents : (n, d) array
        The latents.
    points : (n, 2) array
        Their map (any projection), row for row.
    maxdim : {0, 1}
        Highest dimension compared.
    n_landmarks : int
        Greedy max-min landmarks (chosen in latent space) on which both are computed.
    min_persistence : float
        Report unmatched features only when they persist longer than this (scaled units).
    seed : int
        0 starts the landmarks at point 0, another value at a point drawn with it.

    Returns
    -------
    MapCheck
    """
    z, y = _as_points(latents, "latents"), _as_points(points, "points")
    if len(z) != len(y):
        raise ValueError(
            f"latents ({len(z)}) and points ({len(y)}) must have one row per point, in order"
        )
    check_maxdim(maxdim, (0, 1), " for the map check")
    first = 0 if seed == 0 else int(np.random.default_rng(seed).integers(len(z)))
    marks = MaxMinLandmarks(z, first).grow(min(n_landmarks, len(z)))
    latent_dgms, latent_cycles = _diagrams(z, marks, maxdim)
    map_dgms, map_cycles = _diagrams(y, marks, maxdim)
    check = MapCheck(bottleneck=[], n_landmarks=len(marks), min_persistence=min_persistence)
    for q in range(maxdim + 1):
        latent_side = _Side.of(latent_dgms[q], "latents", latent_cycles, check.destroyed)
        map_side = _Side.of(map_dgms[q], "map", map_cycles, check.created)
        if q == 0:  # births are all 0: the one-dimensional formula, exact and fast
            check.bottleneck.append(h0_bottleneck(latent_side.dgm[:, 1], map_side.dgm[:, 1]))
        else:
            check.bottleneck.append(_compare_loops(q, latent_side, map_side, min_persistence))
    check.destroyed.sort(key=lambda loop: -loop.persistence)
    check.created.sort(key=lambda loop: -loop.persistence)
    return check
