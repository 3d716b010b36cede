"""A selection from the view that arrives in parts.

The page sends a large selection as several small commands (each well under the server's
websocket message limit: Jupyter's is 10 MiB by default and may be set lower), in order,
under one id. Parts are int32 indices or bytes of a bit mask (`arrays.indices_to_json`);
the last part completes the selection.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from latent_widgets.widgets._arrays import mask_bools

__all__ = ["SelectionParts"]


class SelectionParts:
    """Collects the parts of one selection; a new id starts over (a newer selection)."""

    def __init__(self) -> None:
        self._id: Any = None
        self._parts: list[Any] = []

    def add(self, request: dict, n: int) -> np.ndarray | None:
        """Take one request of ``_select_command``; returns the whole selection (int32
        indices or n booleans) once its last part came, else None.

        Raises
        ------
        ValueError
            For a part out of order or a mask of another size, in words; the parts so far
            are dropped (the view then says the selection is not synced).
        """
        part, parts = int(request.get("part", 0)), int(request.get("parts", 1))
        if request.get("id") != self._id or part == 0:
            self._id, self._parts = request.get("id"), []
        if part != len(self._parts) or not 0 <= part < parts:
            self._id, self._parts = None, []
            raise ValueError(f"part {part + 1} of {parts} of the selection came out of order: "
                             "select again")
        self._parts.append(request["selection"])
        if part < parts - 1:
            return None
        pieces, self._id, self._parts = self._parts, None, []
        return _joined(pieces, n)


def _joined(pieces: list[Any], n: int) -> np.ndarray:
    first = pieces[0]
    if isinstance(first, dict) and first.get("encoding") == "mask":
        if int(first["n"]) != n:
            raise ValueError(f"the view sent a mask of {int(first['n']):,} points; the map "
                             f"has {n:,}")
        bits = b"".join(bytes(np.asarray(p["bits"], np.uint8)) for p in pieces)
        # as booleans: the indices of a mask are sorted and unique already, and the
        # validator's np.unique took 4 s for the 3,333,334 of a 10,000,000-point map
        return mask_bools(bits, n)
    arrays = [np.asarray(p) for p in pieces]
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)
