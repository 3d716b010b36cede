"""The shared base of every latent_widgets widget: its bundle and its commands.

A *command* is a request the view makes to the kernel and awaits (anywidget's experimental
``invoke``). Every command of ours answers with the same envelope, so that the view can
tell a result from an error without guessing:

- ``{"ok": True, "result": ...}`` with arrays packed into binary buffers, or
- ``{"ok": False, "error": {"type", "message", "traceback"}}`` when the handler raised,
  whatever it raised: a kernel interrupt (KeyboardInterrupt, which ipykernel delivers to
  comm handlers as it does to cells) answers ``"Interrupted"``, SystemExit its own error.

A raising handler therefore never leaves the view waiting for a reply that does not come.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import numpy as np
import traitlets
from anywidget.experimental import command

from latent_widgets.widgets._arrays import pack_arrays, unpack_arrays
from latent_widgets.widgets._status import format_error, status, status_from_error
from latent_widgets.widgets.interrupts import forward_interrupts, interruptible

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def bundle_path(view: str) -> Path:
    """Path of the built ES module of one view (``js/src/<view>`` bundled by esbuild)."""
    return STATIC_DIR / f"{view}.js"


def missing_bundle_message(path: Path) -> str:
    """What to do when a view's JavaScript was not built."""
    return (
        f"the JavaScript bundle {path.name} is missing from {path.parent}: build it with "
        "`make js` (or `npm ci && npm run build` in js/), or reinstall with `pip install .`"
    )


def interrupted_error(exc: BaseException) -> dict[str, str]:
    """The error half of a reply to a command the kernel interrupt stopped."""
    return {**format_error(exc), "type": "Interrupted",
            "message": "interrupted (the kernel was interrupted while this ran)"}


def widget_command(handler: Callable[[Any, Any], Any]) -> Callable[..., Any]:
    """Register ``handler(self, request)`` as a command the view can invoke.

    The request arrives with its arrays already unpacked to numpy; the handler returns any
    JSON-like value that may hold numpy arrays. Exceptions become an error reply that the
    view shows in words.
    """

    @functools.wraps(handler)
    def run(self: Any, msg: Any, buffers: list[bytes]) -> tuple[Any, list[memoryview]]:
        try:
            with interruptible():
                result = handler(self, unpack_arrays(msg, buffers))
            return pack_arrays({"ok": True, "result": result})
        except KeyboardInterrupt as exc:  # a kernel interrupt: the view must not wait on
            return pack_arrays({"ok": False, "error": interrupted_error(exc)})
        except BaseException as exc:  # anything else, SystemExit too: said in the view
            return pack_arrays({"ok": False, "error": format_error(exc)})

    return command(run)


def with_picture(bundle: Any, widget: Any) -> Any:
    """``bundle`` (a MIME dict, or anywidget's ``(data, metadata)``) with
    ``widget._picture()`` added as ``image/png``; a picture that fails is left out (with a
    warning), never the view."""
    import base64
    import warnings

    from latent_widgets.figures.snapshot import to_png

    if bundle is None:
        return None
    data, rest = (bundle[0], bundle[1:]) if isinstance(bundle, tuple) else (bundle, None)
    try:
        picture = widget._picture()
        if picture is not None:
            data = {**data, "image/png": base64.b64encode(to_png(picture)).decode("ascii")}
    except Exception as exc:  # the live view matters more than its picture
        warnings.warn(f"no static picture of the view: {type(exc).__name__}: {exc}",
                      stacklevel=3)
    return data if rest is None else (data, *rest)


def after_reply(callback: Callable[[], Any]) -> None:
    """Run ``callback`` once the command being handled has sent its reply.

    A trait set inside a command sends its update message before the reply, and observers
    of it run before the reply too: state the view does not wait for (the position it
    already shows, what a linked view does with a click) goes after. Outside a kernel's
    event loop (a script or a test calling the command) it runs at once.
    """
    try:
        from IPython import get_ipython

        in_kernel = getattr(get_ipython(), "kernel", None) is not None
        loop = asyncio.get_running_loop() if in_kernel else None
    except RuntimeError:  # a kernel, but not in its loop (e.g. another thread)
        loop = None
    if loop is None:
        callback()
    else:
        loop.call_soon(callback)


class LatentWidget(anywidget.AnyWidget):
    """Base class of the library's widgets (commands, binary traits, error envelope).

    Subclasses set ``_esm`` (and ``_css``) to paths from `bundle_path`. When the bundle was
    not built, importing the package still works and creating the widget raises an error
    that says how to build it.
    """

    _missing_bundle: Path | None = None

    #: ``{state, message, progress, traceback}`` (`latent_widgets.widgets._status`).
    status = traitlets.Dict().tag(sync=True)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        for name in ("_esm", "_css"):
            value = cls.__dict__.get(name)
            if isinstance(value, Path) and not value.exists():
                cls._missing_bundle = value
                setattr(cls, name, "")  # anywidget would refuse the missing file at import
        super().__init_subclass__(**kwargs)

    def __init__(self, **kwargs: Any) -> None:
        if self._missing_bundle is not None:
            raise FileNotFoundError(missing_bundle_message(self._missing_bundle))
        forward_interrupts()  # a kernel interrupt then reaches commands in subshell threads
        super().__init__(**kwargs)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The live view, and a small picture of it (``image/png``) for the front ends that
        cannot show the view (``jupyter nbconvert --to html`` without the widget state)."""
        return with_picture(super()._repr_mimebundle_(**kwargs), self)

    def _picture(self) -> np.ndarray | None:
        """An ``(H, W, 4)`` uint8 picture of the view (`latent_widgets.figures.snapshot`),
        or None; subclasses draw theirs."""
        return None

    def show_error(self, exc: BaseException, context: str = "") -> None:
        """Show ``exc`` in the view's status line (after ``context: ``), with its traceback."""
        self.status = status_from_error(exc, context)

    def _set_status(self, state: str, message: str = "", progress: float | None = None) -> None:
        self.status = status(state, message, progress)

    @widget_command
    def _echo_command(self, request: dict) -> dict:
        """The floor of a round trip: returns the request as it came, frames included."""
        return request
