"""One vocabulary of input errors: what the library accepts as point indices (and, in time,
as points), checked before anything is converted, refused in words that name the fix."""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets.tensors import to_numpy


def as_indices(value: Any, n: int, name: str = "indices", *, ordered: bool = False
               ) -> np.ndarray:
    """Point indices as int32, checked before any conversion.

    Accepted: a 1-D sequence or array of integers in ``0..n-1``, or a boolean mask of
    exactly ``n`` values (the indices of its True entries). Refused, with the fix: floats
    (even whole ones), other dtypes, other shapes, a mask of another length, indices out of
    range (an index of 2**32 + 5 is refused, never wrapped to 5).

    Parameters
    ----------
    value : array-like or torch.Tensor
    n : int
        The number of points.
    name : str
        What the indices are, for the messages (a trait's name).
    ordered : bool
        Keep the order and repeats (a cycle of points); by default sorted and unique.

    Returns
    -------
    numpy.ndarray
        ``(k,)`` int32.

    Raises
    ------
    ValueError
        For the cases above.
    """
    if value is None:
        raise ValueError(f"{name} must be point indices, not None: give [] for none")
    _refuse_mixed_bools(value, name)
    array = to_numpy(value)
    if array.size == 0:
        return np.zeros(0, np.int32)
    if array.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (point indices, or a boolean mask of {n:,} values); got "
            f"shape {array.shape}: flatten it, e.g. np.ravel(...)"
        )
    if array.dtype == bool:
        if len(array) != n:
            raise ValueError(
                f"{name}: a boolean mask needs one value per point ({n:,}), got {len(array):,};"
                " or give the indices themselves"
            )
        return np.flatnonzero(array).astype(np.int32)
    array = _integers(array, name)
    low, high = int(array.min()), int(array.max())  # Python ints: no overflow
    if low < 0 or high >= n:
        bad = low if low < 0 else high
        raise ValueError(f"{name} holds index {bad}, outside 0..{n - 1} (the {n:,} points)")
    if not ordered and not (array.size < 2 or bool(np.all(array[1:] > array[:-1]))):
        array = np.unique(array)  # sorted and unique already is common (ranges, masks): kept
    return array.astype(np.int32)  # a copy: the caller's array may change later


def _refuse_mixed_bools(value: Any, name: str) -> None:
    """A list mixing True/False with numbers is refused (numpy would read True as 1)."""
    if isinstance(value, (list, tuple)):
        flags = [isinstance(v, (bool, np.bool_)) for v in value]
        if any(flags) and not all(flags):
            raise ValueError(
                f"{name} mixes True/False with numbers: must be integers (point indices) or "
                "a boolean mask of one value per point"
            )


def _integers(array: np.ndarray, name: str) -> np.ndarray:
    """``array`` if its dtype is an integer one (or objects that are all ints, as int64);
    floats and every other dtype are refused in words."""
    if array.dtype.kind in "iu":
        return array
    if array.dtype.kind == "O" and all(isinstance(v, (int, np.integer)) and
                                       not isinstance(v, bool) for v in array):
        return array.astype(np.int64)
    example = array[0].item() if hasattr(array[0], "item") else array[0]
    raise ValueError(
        f"{name} must be integers (point indices) or a boolean mask; got {array.dtype}"
        f" values such as {example!r}. Round them first (np.rint(x).astype(int)) if "
        "they are meant as indices"
    )
