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
