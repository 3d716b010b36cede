"""Per-sample labels: integer or string labels → integer codes and class names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def encode_labels(
    labels: Sequence[Any] | np.ndarray | None,
    n_samples: int,
    class_names: Sequence[str] | None = None,
) -> tuple[np.ndarray | None, list[str]]:
    """Integer codes and class names for one label per sample.

    Parameters
    ----------
    labels : array-like of int or str, optional
        One label per sample.
    n_samples : int
        The number of samples the labels must match.
    class_names : sequence of str, optional
        Names of integer labels: ``class_names[label]``.

    Returns
    -------
    codes : numpy.ndarray of int32 or None
        ``class_names[codes[i]]`` names sample ``i``.
    class_names : list of str

    Raises
    ------
    ValueError
        When there is not one label per sample, or integer labels do not index
        ``class_names``.
    """
    if labels is None:
        return None, [str(name) for name in class_names or []]
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(
            f"labels must hold one value per sample: got shape {labels.shape} for {n_samples} "
            "samples"
        )
    if np.issubdtype(labels.dtype, np.integer) and class_names is not None:
        if labels.size and (labels.min() < 0 or labels.max() >= len(class_names)):
            raise ValueError(
                f"integer labels must lie in 0..{len(class_names) - 1} to index class_names "
                f"(got {labels.min()}..{labels.max()})"
            )
        return labels.astype(np.int32), [str(name) for name in class_names]
    if np.issubdtype(labels.dtype, np.integer) and labels.size and labels.min() >= 0:
        top = int(labels.max())
        if top < 1000:  # small non-negative ints: keep them as their own codes
            return labels.astype(np.int32), [str(k) for k in range(top + 1)]
    values, codes = np.unique(labels, return_inverse=True)
    return codes.astype(np.int32), [str(v) for v in values]
