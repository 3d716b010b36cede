"""Arrays from whatever the user hands us: numpy, lists, or torch tensors on any device."""

from __future__ import annotations

from typing import Any

import numpy as np


def to_numpy(value: Any, dtype: Any = None) -> np.ndarray:
    """A numpy array from an array-like or a torch tensor (detached, moved to the CPU)."""
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    return np.asarray(value, dtype=dtype)
