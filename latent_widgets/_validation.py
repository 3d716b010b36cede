"""One vocabulary of input errors: what the library accepts as points and as point indices,
checked before anything is converted, refused in words that name the fix.

- `to_numpy`: an array from an array-like or a torch tensor on any device.
- `non_finite_rows`, `describe_rows`: which rows hold NaN or inf, listed the one way.
- `as_points`: an ``(n_points, n_dims)`` array of finite numbers, or an error naming the fix.
- `as_indices`: point indices (``ordered=True`` keeps the order given).
- `not_fitted`: the error of an estimator used before ``fit``.
- `check_maxdim`: the highest homology dimension asked for.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: How many offending row indices an error message lists before it says "and N more".
MAX_LISTED = 10


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


def describe_rows(rows: np.ndarray) -> str:
    """``[3, 17, 40]``, or ``[0, 1, ..., 9] and 5 more`` past `MAX_LISTED` rows."""
    listed = ", ".join(str(int(r)) for r in rows[:MAX_LISTED])
    more = f" and {rows.size - MAX_LISTED} more" if rows.size > MAX_LISTED else ""
    return f"[{listed}]{more}"


def not_fitted(estimator: object, call: str = "fit(z) or fit_transform(z) with the latents"
               ) -> RuntimeError:
    """The error of ``estimator`` used before it was fitted, naming the call that fits it."""
    return RuntimeError(f"this {type(estimator).__name__} is not fitted yet; call {call} first")


def as_points(values: Any, name: str = "z", n_columns: int | None = None, fitted_on: str = "",
              *, keep_float32: bool = False, min_points: int = 0) -> np.ndarray:
    """Check and convert a set of points to a ``(n_points, n_columns)`` float array.

    Parameters
    ----------
    values : array-like or torch.Tensor
        The points, one per row. Torch tensors are detached and moved to the CPU.
    name : str
        What to call the argument in error messages, for example ``"z"`` or ``"y"``.
    n_columns : int, optional
        The number of columns required (the dimension the estimator was fitted with).
    fitted_on : str
        Words saying where ``n_columns`` comes from, used in the error message.
    keep_float32 : bool
        Keep float32 input in float32 (otherwise every input becomes float64).
    min_points : int
        The fewest points accepted (each with at least one coordinate when above 0).

    Returns
    -------
    numpy.ndarray
        ``(n_points, n_columns)`` float64 (or float32 kept), a new array or a view of ``values``.

    Raises
    ------
    TypeError
        When the values are not numbers.
    ValueError
        When the array is not 2-D, has the wrong number of columns or too few points, or holds
        NaN or inf; the message names the fix and, for non-finite values, the offending rows.
    """
    array = to_numpy(values)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {array.dtype}")
    if not (keep_float32 and array.dtype == np.float32):
        array = array.astype(np.float64, copy=False)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_points, n_dims); got shape "
            f"{tuple(array.shape)}{_reshape_hint(name, array.ndim)}"
        )
    if n_columns is not None and array.shape[1] != n_columns:
        raise ValueError(
            f"{name} has {array.shape[1]} columns but {n_columns} are needed{fitted_on}; "
            f"pass an array of shape (n_points, {n_columns})"
        )
    if min_points and (array.shape[0] < min_points or array.shape[1] < 1):
        raise ValueError(
            f"{name} needs at least {min_points} points of 1 coordinate, got {array.shape}"
        )
    bad_rows, bad_values = non_finite_rows(array)
    if bad_rows.size:
        raise ValueError(
            f"{name} holds {bad_values} non-finite values (NaN or inf) in "
            f"{bad_rows.size} rows {describe_rows(bad_rows)}; drop those rows first, e.g. "
            f"{name}[np.isfinite({name}).all(axis=1)]"
        )
    return array


def check_maxdim(maxdim: Any, allowed: tuple[int, ...] = (0, 1, 2), what: str = "") -> int:
    """``maxdim`` as an int in ``allowed``, or a ValueError listing them (``what``: for what)."""
    if isinstance(maxdim, bool) or maxdim not in allowed:
        listed = ", ".join(map(str, allowed[:-1])) + f" or {allowed[-1]}"
        raise ValueError(f"maxdim must be {listed}{what}, got {maxdim!r}")
    return int(maxdim)


def _reshape_hint(name: str, ndim: int) -> str:
    if ndim == 1:
        return (f"; for one point pass {name}.reshape(1, -1), for points of one coordinate "
                f"{name}.reshape(-1, 1)")
    if ndim > 2:
        return f"; flatten the trailing axes with {name}.reshape(len({name}), -1)"
    return ""


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
