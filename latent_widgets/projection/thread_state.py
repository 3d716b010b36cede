"""A value set for the calling thread only, while a ``with`` block lasts."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def set_in_this_thread(state: threading.local, name: str, value: Any,
                       default: Any = False) -> Iterator[None]:
    """While inside, ``state.<name>`` is ``value`` in the calling thread; then what it was
    (``default`` where it was never set). Other threads see their own value throughout."""
    before = getattr(state, name, default)
    setattr(state, name, value)
    try:
        yield
    finally:
        setattr(state, name, before)
