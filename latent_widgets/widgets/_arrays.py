"""Binary transport of numpy arrays between Python and the JavaScript views.

An array travels as ``{"dtype": str, "shape": list, "buffer": memoryview}``: ipywidgets
lifts the memoryview out of the JSON message and sends it as a raw binary buffer, and the
view wraps it in a typed array without copying. Never a JSON list of numbers.

Command replies carry arrays the same way, except that the buffer is replaced by
``"buffer_index"``, its position in the message's list of buffers (see `pack_arrays`).
The JavaScript mirror of this module is ``js/src/shared/arrays.js``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import traitlets

from latent_widgets._validation import as_indices

#: dtypes both sides know how to wrap in a typed array.
SUPPORTED_DTYPES = ("float32", "float64", "uint8", "int8", "uint16", "int16", "uint32", "int32")


def _little_endian_contiguous(array: np.ndarray) -> np.ndarray:
    if array.dtype.name not in SUPPORTED_DTYPES:
        raise TypeError(
            f"arrays of dtype {array.dtype} cannot travel to the view; "
            f"convert to one of {', '.join(SUPPORTED_DTYPES)} first"
        )
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    return np.ascontiguousarray(array)


def array_to_json(value: np.ndarray | None, widget: Any = None) -> dict | None:
    """Serialise an array trait as dtype, shape and a zero-copy memoryview."""
    if value is None:
        return None
    array = _little_endian_contiguous(np.asarray(value))
    return {"dtype": array.dtype.name, "shape": list(array.shape), "buffer": memoryview(array)}


def array_from_json(value: dict | None, widget: Any = None) -> np.ndarray | None:
    """Rebuild an array sent by the view as ``{dtype, shape, buffer}``."""
    if value is None:
        return None
    dtype = np.dtype(value["dtype"]).newbyteorder("<")
    flat = np.frombuffer(bytes(value["buffer"]), dtype=dtype)
    return flat.reshape(value["shape"]).astype(dtype.newbyteorder("="))


array_serialization = {"to_json": array_to_json, "from_json": array_from_json}


class NDArray(traitlets.TraitType):
    """A numpy array trait that syncs to the view as a binary buffer.

    Parameters
    ----------
    dtype : str
        The dtype values are converted to on assignment (for example ``"float32"``).
    shape : sequence of int or None
        The expected shape; ``None`` entries match any length. A value of the wrong shape
        is refused with a message naming the expected shape.
    allow_none : bool
        Whether ``None`` is a valid value.
    """

    info_text = "a numpy array"

    def __init__(
        self,
        dtype: str,
        shape: Sequence[int | None] | None = None,
        allow_none: bool = False,
        **kwargs: Any,
    ) -> None:
        self.dtype = np.dtype(dtype)
        self.shape = None if shape is None else tuple(shape)
        default = None if allow_none else np.zeros(
            tuple(0 if n is None else n for n in (self.shape or (0,))), dtype=self.dtype
        )
        super().__init__(default_value=default, allow_none=allow_none, **kwargs)
        self.tag(**array_serialization)

    def _shape_matches(self, shape: tuple[int, ...]) -> bool:
        if len(shape) != len(self.shape):
            return False
        return all(want is None or got == want for got, want in zip(shape, self.shape, strict=True))

    def validate(self, obj: Any, value: Any) -> np.ndarray | None:
        if value is None:
            if self.allow_none:
                return None
            self.error(obj, value)
        try:
            array = np.ascontiguousarray(np.asarray(value), dtype=self.dtype)
        except (TypeError, ValueError) as exc:
            raise traitlets.TraitError(
                f"{self.name!r} must be convertible to a {self.dtype} array: {exc}"
            ) from exc
        if self.shape is not None and not self._shape_matches(array.shape):
            expected = "(" + ", ".join("n" if n is None else str(n) for n in self.shape) + ")"
            raise traitlets.TraitError(
                f"{self.name!r} must have shape {expected}, got {array.shape}"
            )
        return array


def indices_to_json(value: np.ndarray | None, n: int) -> dict | None:
    """Serialise point indices compactly: an int32 array, or a bit mask of the ``n`` points
    when that is smaller (a selection of 10,000,000 points is 1.25 MB, far below the 10 MiB
    a Jupyter server takes in one message)."""
    if value is None:
        return None
    indices = np.asarray(value, dtype=np.int32)
    mask_bytes = (n + 7) // 8
    if indices.size * 4 <= mask_bytes:
        return array_to_json(indices)
    mask = np.zeros(n, dtype=bool)
    mask[indices] = True
    bits = np.packbits(mask, bitorder="little")
    return {"dtype": "uint8", "shape": [int(bits.size)], "buffer": memoryview(bits),
            "encoding": "mask", "n": int(n)}


def mask_bools(bits: Any, n: int) -> np.ndarray:
    """A little-endian bit mask of ``n`` points as ``n`` booleans."""
    packed = np.frombuffer(bytes(bits), dtype=np.uint8) if not isinstance(
        bits, np.ndarray) else bits.astype(np.uint8, copy=False)
    if packed.size != (int(n) + 7) // 8:
        raise ValueError(f"a mask of {n:,} points takes {(int(n) + 7) // 8:,} bytes, got "
                         f"{packed.size:,}")
    return np.unpackbits(packed, count=int(n), bitorder="little").view(bool)


def mask_indices(bits: Any, n: int) -> np.ndarray:
    """The indices of the set bits of a little-endian bit mask of ``n`` points (int32)."""
    return np.flatnonzero(mask_bools(bits, n)).astype(np.int32)


def indices_from_json(value: dict | None) -> np.ndarray | None:
    """Inverse of `indices_to_json` (also takes a plain int32 array)."""
    if value is None:
        return None
    if value.get("encoding") == "mask":
        return mask_indices(value["buffer"], value["n"])
    return array_from_json(value)


class Indices(traitlets.TraitType):
    """A trait of point indices: checked by `latent_widgets._validation.as_indices` against
    the widget's number of points, synced compactly (`indices_to_json`).

    Parameters
    ----------
    count : callable
        ``count(widget)`` is the number of points the indices refer to.
    ordered : bool
        Keep order and repeats (a cycle); travels as an int32 array then.
    """

    info_text = "point indices"

    def __init__(self, count: Any, ordered: bool = False, **kwargs: Any) -> None:
        super().__init__(default_value=np.zeros(0, np.int32), **kwargs)
        self.count, self.ordered = count, ordered

        def to_json(value: Any, widget: Any) -> dict | None:
            if self.ordered:
                return array_to_json(value)
            return indices_to_json(value, self.count(widget))

        self.tag(to_json=to_json, from_json=lambda value, widget: indices_from_json(value))

    def validate(self, obj: Any, value: Any) -> np.ndarray:
        try:
            return as_indices(value, self.count(obj), self.name, ordered=self.ordered)
        except ValueError as exc:
            raise traitlets.TraitError(str(exc)) from None


def pack_arrays(obj: Any) -> tuple[Any, list[memoryview]]:
    """Replace every numpy array inside ``obj`` by a reference into a list of buffers.

    Parameters
    ----------
    obj : any
        A JSON-like structure (dicts, lists, scalars) that may hold numpy arrays.

    Returns
    -------
    tuple
        The structure with each array replaced by ``{"dtype", "shape", "buffer_index"}``,
        and the list of buffers, in the form an anywidget command reply takes.
    """
    buffers: list[memoryview] = []

    def walk(item: Any) -> Any:
        if isinstance(item, np.ndarray):
            array = _little_endian_contiguous(item)
            buffers.append(memoryview(array).cast("B"))
            return {
                "dtype": array.dtype.name,
                "shape": list(array.shape),
                "buffer_index": len(buffers) - 1,
            }
        if isinstance(item, dict):
            return {key: walk(val) for key, val in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(val) for val in item]
        if isinstance(item, np.generic):
            return item.item()
        return item

    return walk(obj), buffers


def unpack_arrays(obj: Any, buffers: Sequence[bytes | memoryview]) -> Any:
    """Inverse of `pack_arrays`: put the buffers back as numpy arrays."""

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            if "buffer_index" in item and "dtype" in item and "shape" in item:
                dtype = np.dtype(item["dtype"]).newbyteorder("<")
                flat = np.frombuffer(bytes(buffers[item["buffer_index"]]), dtype=dtype)
                return flat.reshape(item["shape"]).astype(dtype.newbyteorder("="))
            return {key: walk(val) for key, val in item.items()}
        if isinstance(item, list):
            return [walk(val) for val in item]
        return item

    return walk(obj)
