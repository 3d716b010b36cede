"""One status shape for every view: ``{state, message, progress, traceback}``.

``state`` is ``"ready"``, ``"computing"`` or ``"error"``; ``message`` is in words; ``progress``
is a share in [0, 1] or None when unknown; ``traceback`` is the Python traceback of an error
("" otherwise). `status` builds one, `status_from_error` builds the error one from an
exception; the Explorer's ``projection_state`` is this shape plus the projection's fields.
"""

from __future__ import annotations

import traceback as tracebacks
from typing import Any

STATES = ("ready", "computing", "error")


def status(state: str, message: str = "", progress: float | None = None, traceback: str = ""
           ) -> dict[str, Any]:
    """A view's status in the one shape; refuses a state outside `STATES`."""
    if state not in STATES:
        raise ValueError(f"status state must be one of {', '.join(STATES)}; got {state!r}")
    return {"state": state, "message": message, "progress": progress, "traceback": traceback}


def format_error(exc: BaseException) -> dict[str, str]:
    """The error half of a command's reply: type, message in words, and the traceback."""
    message = str(exc) or repr(exc)
    return {
        "type": type(exc).__name__,
        "message": message,
        "traceback": "".join(tracebacks.format_exception(type(exc), exc, exc.__traceback__)),
    }


def status_from_error(exc: BaseException, context: str = "") -> dict[str, Any]:
    """The error status of ``exc``: its message (after ``context: `` when given) and its
    traceback."""
    error = format_error(exc)
    message = f"{context}: {error['message']}" if context else error["message"]
    return status("error", message, None, error["traceback"])
