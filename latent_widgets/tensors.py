"""Arrays from whatever the user hands us (numpy, lists, torch tensors on any device), and
the one check every computation makes of them: which rows hold NaN or inf."""

from __future__ import annotations

from typing import Any

import numpy as np


def to_numpy(value: Any, dtype: Any = None) -> np.ndarray:
    """A numpy array from an array-like or a torch tensor (detached, moved to the CPU)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=dtype)


def non_finite_rows(array: np.ndarray, chunk_values: int = 2**20) -> tuple[np.ndarray, int]:
    """Rows of a 2-D array that hold NaN or inf, and how many such values there are.

    Scans in chunks of about ``chunk_values`` values, so that a large array never needs a
    mask of its own size; a finite array costs one sum.

    Returns
    -------
    rows : (k,) int64 array
        Indices of the rows with a non-finite value (empty when all are finite).
    count : int
        Number of non-finite values.
    """
    with np.errstate(over="ignore"):  # a sum that overflows only means: look closer
        if np.isfinite(array.sum(dtype=np.float64)):
            return np.zeros(0, np.int64), 0
    step = max(1, chunk_values // max(array.shape[1], 1))
    rows, count = [], 0
    for start in range(0, len(array), step):
        bad = ~np.isfinite(array[start : start + step])
        count += int(bad.sum())
        rows.append(start + np.flatnonzero(bad.any(axis=1)))
    return np.concatenate(rows).astype(np.int64), count
