"""Persistence diagrams as one table of features, the form the Persistence view draws.

A view wants every feature in one place: its dimension, birth and death, in a fixed order
(by dimension, longest first) so that a row number names a feature, with the representative
cycle of each H1 row alongside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from latent_widgets.topology.persistence import PersistenceResult

__all__ = ["FeatureTable", "feature_table"]

STANDOUT = 3.0  # a longest bar this many times the median stands out from the noise


@dataclass
class FeatureTable:
    """Rows ``(dim, birth, death)`` of all diagrams, and what the view needs to draw them.

    Attributes
    ----------
    rows : (k, 3) float32 array
        Dimension, birth, death (``inf`` for features that never die), sorted by dimension,
        then persistence (longest first).
    cycles : list of (L,) int64 arrays or None
        For each row, the indices (into the set the diagrams were computed on) of a loop of
        points representing it; None for rows without one (H0, H2, or none found).
    scale_max : float
        The largest finite birth or death (1.0 when there is none): the slider's range.
    """

    rows: np.ndarray
    cycles: list[np.ndarray | None]
    scale_max: float

    @property
    def has_cycle(self) -> np.ndarray:
        """(k,) uint8: 1 where a row has a representative cycle."""
        return np.asarray([c is not None and len(c) > 0 for c in self.cycles], dtype=np.uint8)

    def count(self, dim: int) -> int:
        """Number of features of dimension ``dim``."""
        return int(np.count_nonzero(self.rows[:, 0] == dim))

    def lengths(self) -> np.ndarray:
        """(k,) float32: death minus birth of each row (inf for bars that never die)."""
        return self.rows[:, 2] - self.rows[:, 1]

    def certified(self, error_bound: float) -> np.ndarray:
        """(k,) bool: rows of dimension >= 1 certified by the landmark bound.

        A bar longer than twice ``error_bound`` (it lies outside the shaded band) matches a
        bar of the full set's diagram (bottleneck stability), so it is a feature of the
        full set, not of the subsampling. With ``error_bound`` 0 (no landmarks) every bar of
        positive length is one of the set's own Rips features: all are certified.
        """
        lengths = self.lengths()
        return (self.rows[:, 0] >= 1) & np.isfinite(lengths) & (lengths > 2.0 * error_bound)

    def standout(self, dim: int) -> bool:
        """Whether dimension ``dim``'s longest finite bar stands out from its others: at least
        `STANDOUT` times their median length (a single bar stands out)."""
        lengths = np.sort(self.lengths()[(self.rows[:, 0] == dim)])
        lengths = lengths[np.isfinite(lengths)]
        if len(lengths) <= 1:
            return len(lengths) == 1 and lengths[0] > 0
        rest = max(float(np.median(lengths[:-1])), 1e-12)
        return bool(lengths[-1] >= STANDOUT * rest)

    def suggested_dim(self, error_bound: float = 0.0) -> int | None:
        """The dimension `suggested_scale` looks at: the highest computed dimension >= 1 with
        a certified bar (landmarks only), else the highest whose longest bar stands out,
        else H1 when it has bars; None when no dimension >= 1 has a bar."""
        dims = [int(q) for q in np.unique(self.rows[:, 0]) if q >= 1]
        if error_bound > 0:
            sure = self.rows[self.certified(error_bound), 0]
            if len(sure):
                return int(sure.max())
        standing = [q for q in dims if self.standout(q)]
        if standing:
            return max(standing)
        return 1 if 1 in dims else None

    def suggested_scale(self, error_bound: float = 0.0) -> float:
        """A scale worth showing first: the middle of the longest bar of `suggested_dim`
        (there the features of that dimension and, mostly, the lower ones are alive: a
        torus shows β = (1, 2, 1)), else half the range.

        Parameters
        ----------
        error_bound : float
            The bound of the diagrams (`PersistenceResult.error_bound`); 0 when exact.
        """
        dim = self.suggested_dim(error_bound)
        if dim is None:
            return 0.5 * self.scale_max
        bars = self.rows[(self.rows[:, 0] == dim) & np.isfinite(self.rows[:, 2])]
        birth, death = bars[0, 1], bars[0, 2]  # rows are longest first
        return float(birth + 0.5 * (death - birth))


def feature_table(result: PersistenceResult) -> FeatureTable:
    """The features of ``result`` as a :class:`FeatureTable`."""
    rows, cycles = [], []
    for dim, diagram in enumerate(result.diagrams):
        bars = np.asarray(diagram, dtype=np.float64).reshape(-1, 2)
        length = bars[:, 1] - bars[:, 0]  # inf for infinite bars: they come first
        order = np.lexsort((bars[:, 0], -length))
        for i in order:
            rows.append((dim, bars[i, 0], bars[i, 1]))
            loop = None
            if dim == 1 and result.cycles is not None and i < len(result.cycles):
                loop = result.cycles[i]
            cycles.append(loop)
    table = np.asarray(rows, dtype=np.float32).reshape(-1, 3)
    values = table[:, 1:][np.isfinite(table[:, 1:])]
    scale_max = float(values.max()) if values.size and values.max() > 0 else 1.0
    return FeatureTable(rows=table, cycles=cycles, scale_max=scale_max)
