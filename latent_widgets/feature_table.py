"""Persistence diagrams as one table of features, the form the Persistence view draws.

A view wants every feature in one place: its dimension, birth and death, in a fixed order
(by dimension, longest first) so that a row number names a feature, with the representative
cycle of each H1 row alongside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from latent_widgets.topology import PersistenceResult

__all__ = ["FeatureTable", "feature_table"]


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

    def suggested_scale(self) -> float:
        """A scale worth showing first: inside the longest H1 bar, else half the range."""
        h1 = self.rows[(self.rows[:, 0] == 1) & np.isfinite(self.rows[:, 2])]
        if len(h1):
            birth, death = h1[0, 1], h1[0, 2]  # rows are longest first
            return float(birth + 0.5 * (death - birth))
        return 0.5 * self.scale_max


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
