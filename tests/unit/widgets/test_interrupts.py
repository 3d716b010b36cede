"""A kernel interrupt reaches a command in whatever thread it runs."""

from __future__ import annotations

import signal
import threading
import time

from latent_widgets.widgets import interrupts
from latent_widgets.widgets.interrupts import _Forwarder, interruptible


def run_in_thread(work):
    outcome = {}

    def target():
        try:
            with interruptible():
                work(outcome)
            outcome["ended"] = "normally"
        except KeyboardInterrupt:
            outcome["ended"] = "interrupted"

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def test_sigint_raises_keyboardinterrupt_in_a_command_running_in_another_thread():
    started = threading.Event()

    def work(outcome):
        started.set()
        for _ in range(400):  # 20 s, in steps, as a decoder works in batches
            time.sleep(0.05)

    previous = signal.signal(signal.SIGINT, _Forwarder(signal.SIG_IGN))
    try:
        thread, outcome = run_in_thread(work)
        assert started.wait(5)
        began = time.monotonic()
        signal.raise_signal(signal.SIGINT)
        thread.join(5)
        assert outcome == {"ended": "interrupted"}
        assert time.monotonic() - began < 1.0
    finally:
        signal.signal(signal.SIGINT, previous)
    assert interrupts._running == {}


def test_without_commands_the_previous_handler_decides():
    calls = []
    forwarder = _Forwarder(lambda signum, frame: calls.append(signum))
    forwarder(signal.SIGINT, None)
    assert calls == [signal.SIGINT]
    _Forwarder(signal.SIG_IGN)(signal.SIGINT, None)  # ignored: nothing raised


def test_an_interrupt_after_the_command_ended_is_dropped():
    done = threading.Event()
    release = threading.Event()
    survived = []

    def target():
        with interruptible():
            pass  # the command ends...
        done.set()
        release.wait(5)
        for _ in range(20):  # ...and the thread goes on: no late KeyboardInterrupt here
            time.sleep(0.01)
        survived.append(True)

    thread = threading.Thread(target=target)
    thread.start()
    assert done.wait(5)
    _Forwarder(signal.SIG_IGN)(signal.SIGINT, None)  # no command runs: nothing to raise
    release.set()
    thread.join(5)
    assert survived == [True]


def test_in_the_main_thread_the_default_handler_is_set_while_the_command_runs():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with interruptible():
            assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
