"""Kernel interrupts reach the command that runs, in whatever thread it runs.

ipykernel delivers a kernel interrupt as SIGINT, turned into KeyboardInterrupt in the main
thread by the handler it installs around each shell message. Two cases escape it:

- JupyterLab 4.4+ sends widget messages over kernel *subshells* (its "commsOverSubshells"
  setting; ipykernel >= 7): the command runs in a subshell's thread, and a signal raises
  only in the main thread;
- a comm message that arrives while a cell runs is dispatched "concurrently", without that
  handler, once the cell is done, when SIGINT is ignored again.

So a command runs inside :func:`interruptible`, which records its thread, and the first
widget made in a kernel installs :func:`forward_interrupts`: the main thread's SIGINT handler
between messages (ipykernel puts back ``kernel.saved_sigint_handler`` after each one) that,
when commands run, raises KeyboardInterrupt in their threads (``PyThreadState_SetAsyncExc``)
and otherwise does what was there before. The exception is raised at the thread's next
Python instruction: a command blocked inside one long C call (one huge tensor operation)
ends when that call returns, a decoder working in batches between two of them. While a cell
runs, an interrupt goes to the cell, as Jupyter users expect.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["forward_interrupts", "interruptible"]

_lock = threading.Lock()
_running: dict[int, int] = {}  # thread ident -> commands running in it (nested ones too)


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise ``exc`` in thread ``thread_id`` at its next instruction (None: cancel that)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), None if exc is None else ctypes.py_object(exc)
    )


@contextmanager
def interruptible() -> Iterator[None]:
    """Within the block, a kernel interrupt raises KeyboardInterrupt: in the main thread
    through Python's default handler, in another through :func:`forward_interrupts`."""
    if threading.current_thread() is threading.main_thread():
        try:
            previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        except (ValueError, OSError):  # no signals here (an embedded interpreter)
            yield
            return
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
        return
    me = threading.get_ident()
    with _lock:
        _running[me] = _running.get(me, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _running[me] -= 1
            if not _running[me]:
                del _running[me]
                _raise_in(me, None)  # an interrupt that came too late is dropped here


class _Forwarder:
    """A SIGINT handler: KeyboardInterrupt in every thread running a command, else what
    ``previous`` does."""

    def __init__(self, previous: Any) -> None:
        self.previous = previous

    def __call__(self, signum: int, frame: Any) -> None:
        with _lock:
            threads = list(_running)
            for thread_id in threads:
                _raise_in(thread_id, KeyboardInterrupt)
        if threads:
            return
        if callable(self.previous):
            self.previous(signum, frame)


def forward_interrupts() -> bool:
    """Install the forwarding handler in this IPython kernel (once; from the main thread,
    as a cell runs). Returns whether it is installed; outside a kernel, nothing is done."""
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None or not hasattr(kernel, "saved_sigint_handler"):
        return False
    if isinstance(kernel.saved_sigint_handler, _Forwarder):
        return True
    # Inside a cell, ipykernel has saved the idle handler (SIG_IGN) here and puts it back
    # when the cell ends: the forwarder takes its place, and keeps it as `previous`.
    kernel.saved_sigint_handler = _Forwarder(kernel.saved_sigint_handler)
    return True
